import type { Readable } from 'node:stream';

/**
 * Where attachment contents live. The database holds the metadata and a
 * storage key; an implementation keeps the bytes under that key. The disk
 * implementation is the zero-setup default; an object store (S3 and the like)
 * can implement the same three calls later.
 */
export interface FileStorage {
  /** Stores the stream's bytes under key; rejects (storing nothing) when the stream fails. */
  put(key: string, content: Readable): Promise<void>;
  /** The bytes stored under key; rejects with FileMissingError when there are none. */
  read(key: string): Promise<Readable>;
  /** Removes the bytes under key; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
}

export class FileMissingError extends Error {
  constructor(readonly key: string) {
    super(`no stored file under ${key}`);
  }
}

/** Storage keys are ours (workspace/year/uuid), never a client's file name: checked before use. */
export function isStorageKey(key: string): boolean {
  return /^[a-z0-9]+(\/[a-z0-9-]+)*$/.test(key) && key.length <= 200;
}
