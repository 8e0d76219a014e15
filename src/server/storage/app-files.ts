import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { DiskFileStorage } from './disk-storage.ts';
import type { FileStorage } from './file-storage.ts';

export interface AppFiles {
  storage: FileStorage;
  uploadLimitBytes: number;
}

export const DEFAULT_UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

/**
 * The app's file storage: the configured folder, or (an app built without one,
 * as tests do) a temporary folder removed when the app closes.
 */
export function openFiles(
  app: FastifyInstance,
  config: Partial<Pick<Config, 'filesDir' | 'uploadLimitBytes'>>,
): AppFiles {
  let root = config.filesDir;
  if (!root) {
    const temporary = mkdtempSync(path.join(tmpdir(), 'rapport-files-'));
    app.addHook('onClose', async () => rmSync(temporary, { recursive: true, force: true }));
    root = temporary;
  }
  return {
    storage: new DiskFileStorage(root),
    uploadLimitBytes: config.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
  };
}
