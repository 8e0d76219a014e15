import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './datadir-lock.ts';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

/** One open database, embedded (PGlite) or server (PostgreSQL), behind the same Kysely API. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  /** Raw parameterised SQL through the same connections (benchmarks, the job queue). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Checkpoints (embedded) and closes everything; safe to call twice. */
  close(): Promise<void>;
  /** The PGlite instance when embedded (for snapshots in tests, backups). */
  pglite?: PGlite;
}

// Both engines return the same JavaScript values: ids (int8) and dates as strings.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => v);
pg.types.setTypeParser(DATE, (v) => v);
const pgliteParsers = { [INT8]: (v: string) => v, [DATE]: (v: string) => v };

function wrapPGlite(pglite: PGlite, release: () => void): Database {
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind: 'pglite',
    db,
    pglite,
    async query(text, params = []) {
      return pool.withConnection(async () => {
        const r = await pglite.query(text, params);
        return { rows: r.rows as never[] };
      });
    },
    async exec(script) {
      await pool.withConnection(() => pglite.exec(script));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pool.withConnection(async () => {
          if (!pglite.closed) {
            await pglite.exec('CHECKPOINT');
            await pglite.close();
          }
        });
      } finally {
        release();
      }
    },
  };
}

/** Opens the embedded database in dataDir, locking it against a second process. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const release = lockDataDir(dataDir);
  try {
    const pgdata = path.join(dataDir, 'pgdata');
    if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
      // First start: initialise beside the final place and rename when complete,
      // so a kill during initdb leaves nothing that looks like a database.
      const tmp = path.join(dataDir, `pgdata.init-${process.pid}`);
      for (const entry of fs.readdirSync(dataDir)) {
        if (entry.startsWith('pgdata.init-'))
          fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
      }
      fs.rmSync(pgdata, { recursive: true, force: true });
      const fresh = await PGlite.create(tmp, { extensions: { pg_trgm } });
      await fresh.exec('CHECKPOINT');
      await fresh.close();
      fs.renameSync(tmp, pgdata);
    }
    const pglite = await PGlite.create(pgdata, { extensions: { pg_trgm }, parsers: pgliteParsers });
    return wrapPGlite(pglite, release);
  } catch (err) {
    release();
    throw err;
  }
}

/** Opens an in-memory embedded database, optionally from a dumpDataDir snapshot. */
export async function openMemory(snapshot?: Blob | File): Promise<Database> {
  const pglite = await PGlite.create({
    extensions: { pg_trgm },
    parsers: pgliteParsers,
    ...(snapshot ? { loadDataDir: snapshot } : {}),
  });
  return wrapPGlite(pglite, () => {});
}

/** Opens a pool on a PostgreSQL server. */
export async function openServer(url: string, maxConnections = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // Fail now, with the server's own message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind: 'postgres',
    db,
    async query(text, params = []) {
      const r = await pool.query(text, params);
      return { rows: r.rows };
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Opens the configured database: PostgreSQL when a URL is given, else the embedded one. */
export function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openServer(config.databaseUrl) : openEmbedded(config.dataDir);
}

export { sql };
