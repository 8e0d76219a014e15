import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every Rapport process.
const MIGRATION_LOCK = 72_617_001;

export interface Migration {
  version: string;
  script: string;
}

/** Lists the committed SQL migrations in the order they apply. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: f.replace(/\.sql$/, ''),
      script: fs.readFileSync(path.join(dir, f), 'utf8'),
    }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction.
 * Safe to run twice and from several processes at once: an advisory lock
 * serialises them and each re-checks what is applied under the lock.
 */
export async function migrate(
  database: Database,
  migrations = listMigrations(),
): Promise<string[]> {
  const { db } = database;
  await database.exec(
    'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
  );
  const applied: string[] = [];
  for (const m of migrations) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const done = await sql<{
        version: string;
      }>`select version from schema_migrations where version = ${m.version}`.execute(trx);
      if (done.rows.length > 0) return;
      await sql.raw(m.script).execute(trx);
      await sql`insert into schema_migrations (version) values (${m.version})`.execute(trx);
      applied.push(m.version);
    });
  }
  return applied;
}
