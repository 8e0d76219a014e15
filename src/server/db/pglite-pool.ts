import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { currentRequestSignal, RequestGoneError } from '../http/request-gone.ts';

type Command = PostgresQueryResult<unknown>['command'];

/** The statement kind Kysely needs to report affected rows (it reads it off pg's result). */
function commandOf(text: string): Command {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(text);
  return (m?.[1]?.toUpperCase() ?? 'SELECT') as Command;
}

/**
 * Presents one PGlite instance as a pg-style pool of exactly one connection.
 * PGlite is single-connection: a caller holding it (a transaction) makes every
 * other caller wait its turn, exactly like a pool of size one. A read request
 * whose client has gone while it waited gives its turn away (RequestGoneError).
 */
export class PGlitePool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /** Runs fn while holding the single connection. */
  async withConnection<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn();
    } finally {
      client.release();
    }
  }

  connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const signal = currentRequestSignal();
    const acquired = this.#queue.then(() => {
      if (!signal?.aborted) return client;
      client.release();
      throw new RequestGoneError();
    });
    this.#queue = this.#queue.then(() => released);
    const pglite = this.pglite;
    let done = false;
    const client = {
      async query(text: string, parameters: ReadonlyArray<unknown>) {
        if (parameters.length === 0) {
          // Without parameters PGlite's exec runs the simple protocol, which
          // (like pg) accepts several statements in one text.
          const results = await pglite.exec(text);
          const last = results[results.length - 1];
          return {
            command: commandOf(text),
            rowCount: last?.affectedRows ?? 0,
            rows: (last?.rows ?? []) as never[],
          };
        }
        const result = await pglite.query(text, parameters as unknown[]);
        return {
          command: commandOf(text),
          rowCount: result.affectedRows ?? 0,
          rows: result.rows as never[],
        };
      },
      release() {
        if (done) return;
        done = true;
        release();
      },
    } as unknown as PostgresPoolClient;
    return acquired;
  }

  async end(): Promise<void> {
    await this.#queue;
  }
}
