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
  /**
   * Calls onPayload with every NOTIFY on the channel until the returned stop() is called.
   * On PostgreSQL it listens on a connection of its own, reopened when lost (then
   * onReconnect runs: payloads sent meanwhile are gone); on PGlite, on the one connection.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
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
  const listening = new Map<string, number>();
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
    async listen(channel, onPayload) {
      const name = channelName(channel);
      // LISTEN goes through the queue like any statement: sent inside another
      // caller's transaction, a rollback would undo it.
      if ((listening.get(name) ?? 0) === 0)
        await pool.withConnection(() => pglite.exec(`listen ${name}`));
      listening.set(name, (listening.get(name) ?? 0) + 1);
      const off = pglite.onNotification((ch, payload) => {
        if (ch === name) onPayload(payload);
      });
      let stopped = false;
      return async () => {
        if (stopped) return;
        stopped = true;
        off();
        const left = (listening.get(name) ?? 1) - 1;
        listening.set(name, left);
        if (left === 0 && !closed && !pglite.closed)
          await pool.withConnection(() => pglite.exec(`unlisten ${name}`));
      };
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
    listen(channel, onPayload, onReconnect) {
      return listenOnServer(url, channelName(channel), onPayload, onReconnect);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Channel names are identifiers we choose: refuse anything that would need quoting. */
function channelName(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name: ${channel}`);
  return channel;
}

/** LISTEN on a dedicated connection (a pooled one would be handed to others), reopened when lost. */
async function listenOnServer(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const open = async (isReconnect: boolean) => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    // A lost connection emits error then end; reconnecting on end covers both.
    c.on('error', () => {});
    c.on('end', () => {
      if (client === c) client = undefined;
      if (!stopped) scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    if (isReconnect) onReconnect?.();
  };
  const scheduleReconnect = () => {
    if (retry || stopped) return;
    retry = setTimeout(() => {
      retry = undefined;
      open(true).catch(() => scheduleReconnect());
    }, 1000);
    retry.unref();
  };
  await open(false);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Opens the configured database: PostgreSQL when a URL is given, else the embedded one. */
export function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openServer(config.databaseUrl) : openEmbedded(config.dataDir);
}

export { sql };
