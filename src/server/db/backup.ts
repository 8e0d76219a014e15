import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { Config } from '../config.ts';
import { openLockedPgdata } from './database.ts';
import { lockDataDir } from './datadir-lock.ts';

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

type Engine = Pick<Config, 'databaseUrl' | 'dataDir'>;

// The first bytes tell the two backup formats apart: a gzip tarball of the
// embedded data directory, or pg_dump's custom format.
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PGDUMP_MAGIC = Buffer.from('PGDMP');

/**
 * Writes a backup of the configured database to file: the embedded data
 * directory as a gzip tarball, or a PostgreSQL database through pg_dump -Fc.
 * The file appears complete or not at all (written beside, then renamed).
 */
export async function backupDatabase(config: Engine, file: string): Promise<void> {
  const target = path.resolve(file);
  const partial = `${target}.partial-${process.pid}`;
  try {
    if (config.databaseUrl) {
      await runTool('pg_dump', ['--format=custom', `--file=${partial}`, config.databaseUrl]);
    } else {
      fs.writeFileSync(partial, await dumpEmbedded(config.dataDir));
    }
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Restores a backup into an empty database: an empty RAPPORT_DATA_DIR for the
 * embedded engine, a database without tables for PostgreSQL. It never
 * overwrites data, so a mistyped command cannot destroy a database.
 */
export async function restoreDatabase(config: Engine, file: string): Promise<void> {
  const source = path.resolve(file);
  const kind = readBackupKind(source);
  if (config.databaseUrl) {
    if (kind !== 'postgres') {
      throw new BackupError(
        `${source} is a backup of the embedded database; unset DATABASE_URL to restore it into RAPPORT_DATA_DIR`,
      );
    }
    await assertServerDatabaseEmpty(config.databaseUrl);
    await runTool('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${config.databaseUrl}`,
      source,
    ]);
    return;
  }
  if (kind !== 'pglite') {
    throw new BackupError(
      `${source} is a PostgreSQL backup (pg_dump); set DATABASE_URL to the database to restore it into`,
    );
  }
  await restoreEmbedded(config.dataDir, fs.readFileSync(source));
}

async function dumpEmbedded(dataDir: string): Promise<Buffer> {
  const pgdata = path.join(dataDir, 'pgdata');
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    throw new BackupError(`there is no database in ${dataDir} to back up (check RAPPORT_DATA_DIR)`);
  }
  // The lock keeps a running server out while the files are read, so the
  // snapshot is consistent; a running server makes this fail at once.
  const release = lockDataDir(dataDir);
  try {
    const pglite = await openLockedPgdata(pgdata);
    try {
      // A checkpoint first, so the snapshot carries little WAL to replay.
      await pglite.exec('CHECKPOINT');
      const dump = await pglite.dumpDataDir('gzip');
      return Buffer.from(await dump.arrayBuffer());
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

async function restoreEmbedded(dataDir: string, tarball: Buffer): Promise<void> {
  const release = lockDataDir(dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  const staging = path.join(dataDir, `pgdata.restore-${process.pid}`);
  try {
    if (fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
      throw new BackupError(
        `${dataDir} already holds a database; restore into an empty RAPPORT_DATA_DIR ` +
          `(or move ${pgdata} away first)`,
      );
    }
    clearLeftovers(dataDir);
    // Load and open it beside the final place: PGlite replays the snapshot's
    // WAL and checkpoints, and only a database that opened is renamed in.
    const pglite = await PGlite.create(staging, {
      extensions: { pg_trgm },
      loadDataDir: new Blob([new Uint8Array(tarball)]),
    });
    try {
      await pglite.query('select count(*) from schema_migrations');
      await pglite.exec('CHECKPOINT');
    } catch (err) {
      throw new BackupError(`the backup does not hold a Rapport database: ${String(err)}`);
    } finally {
      await pglite.close();
    }
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.renameSync(staging, pgdata);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}

/** Removes what an interrupted first start or restore left beside pgdata. */
function clearLeftovers(dataDir: string) {
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry.startsWith('pgdata.init-') || entry.startsWith('pgdata.restore-')) {
      fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    }
  }
}

function readBackupKind(file: string): 'pglite' | 'postgres' {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(5);
      fs.readSync(fd, head, 0, 5, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new BackupError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'pglite';
  if (head.equals(PGDUMP_MAGIC)) return 'postgres';
  throw new BackupError(`${file} is not a Rapport backup`);
}

async function assertServerDatabaseEmpty(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S')
          and s.nspname not in ('pg_catalog', 'information_schema')
          and s.nspname not like 'pg_toast%' and s.nspname not like 'pg_temp%'`,
    );
    if (rows[0]!.n > 0) {
      throw new BackupError(
        `the database in DATABASE_URL is not empty (${rows[0]!.n} tables or sequences); ` +
          `restore into a new database (createdb) instead`,
      );
    }
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL client tool, failing with its own message or a clear one when it is missing. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new BackupError(
              `${tool} is not on PATH; install the PostgreSQL client tools ` +
                `(Debian/Ubuntu: apt-get install postgresql-client), the same major version as the server or newer`,
            )
          : err,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
