import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
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

// Both engines return the same JavaScript values: ids (int8) and dates as
// strings, bytea as a Node Buffer (PGlite's own parser gives a bare Uint8Array,
// whose toString() is a list of numbers, not the stored text).
const INT8 = 20;
const DATE = 1082;
const BYTEA = 17;
pg.types.setTypeParser(INT8, (v) => v);
pg.types.setTypeParser(DATE, (v) => v);
const pgliteParsers = {
  [INT8]: (v: string) => v,
  [DATE]: (v: string) => v,
  // Text form "\x<hex>" (bytea_output = hex, the default).
  [BYTEA]: (v: string) => Buffer.from(v.slice(2), 'hex'),
};

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

/**
 * Opens an existing PGlite directory whose data directory the caller has
 * locked (lockDataDir). PostgreSQL's own lock file in it is then always
 * stale: a kill between PostgreSQL creating it and writing it leaves it
 * empty, and PostgreSQL refuses to start on an empty one ("lock file is
 * empty") however long one waits, so it is removed first.
 */
export function openLockedPgdata(pgdata: string, options: PGliteOptions = {}): Promise<PGlite> {
  fs.rmSync(path.join(pgdata, 'postmaster.pid'), { force: true });
  return PGlite.create(pgdata, { ...options, extensions: { pg_trgm } });
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
    const pglite = await openLockedPgdata(pgdata, { parsers: pgliteParsers });
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

/**
 * Opens a pool on a PostgreSQL server. Its connections put realtime notices in
 * the outbox that the server processes drain (0021_realtime_outbox.sql, ADR
 * 0006) rather than NOTIFY in the writer's transaction; `realtimeOutbox: false`
 * (benchmarks) notifies directly.
 */
export async function openServer(
  url: string,
  maxConnections = 10,
  options: { realtimeOutbox?: boolean; prepared?: boolean } = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    // A startup parameter, so no round trip. An `options` given in the URL
    // replaces it: the triggers then notify directly (slower, but the same notices).
    ...(options.realtimeOutbox === false ? {} : { options: '-c rapport.realtime_outbox=on' }),
  });
  // Fail now, with the server's own message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const dialectPool =
    options.prepared === false
      ? pool
      : { connect: async () => preparing(await pool.connect()), end: () => pool.end() };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: dialectPool }) });
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

/**
 * Marks a hot statement (a leading comment of the SQL text) to run as a named
 * prepared statement on PostgreSQL: parsed and planned once per connection,
 * after which PostgreSQL reuses a generic plan, instead of at every call.
 * Only for statements whose text never varies (parameters only) and that run
 * outside a transaction: if a migration changes what the statement returns
 * while the connection lives (`cached plan must not change result type`), the
 * call is repeated unprepared, which is safe only there. PGlite ignores it.
 */
export const PREPARED = '/* prepared */';

const unprepared = new WeakMap<object, Set<string>>();
const preparingClients = new WeakSet<object>();

/** Has the pooled client run PREPARED statements as named prepared statements. */
function preparing(client: pg.PoolClient): pg.PoolClient {
  if (preparingClients.has(client)) return client;
  preparingClients.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  // The same client also serves pool.query (with a callback) and cursors: those pass through.
  const patched = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length > 2 || typeof text !== 'string' || !text.startsWith(PREPARED))
      return query(...args);
    if (unprepared.get(client)?.has(text)) return query(text, values);
    const name = `rapport_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    return query({ name, text, values }).catch((err: { code?: string }) => {
      if (err.code !== '0A000') throw err;
      // The schema changed under the prepared statement: this connection runs it unprepared.
      let set = unprepared.get(client);
      if (!set) unprepared.set(client, (set = new Set()));
      set.add(text);
      return query(text, values);
    });
  };
  client.query = patched as typeof client.query;
  return client;
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
