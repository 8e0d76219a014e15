// What PostgreSQL's autovacuum does, for the embedded database, which has none
// (PGlite is one backend in single-user mode): VACUUM (ANALYZE) of every table.
// See ADR 0014.
import type { JobDefinition } from '../jobs/job-runner.ts';
import type { Database } from './database.ts';

/**
 * Vacuums and analyses every table of the embedded database, one statement per
 * table, so requests queued on its single connection wait for one table at a
 * time, not for all of them. Does nothing on PostgreSQL, where autovacuum runs.
 * Returns how many tables it went through.
 */
export async function vacuumEmbedded(database: Database): Promise<number> {
  if (database.kind !== 'pglite') return 0;
  const tables = await database.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
       and n.nspname not like 'pg\\_%'
     order by c.relpages desc`,
  );
  for (const { name } of tables.rows) await database.exec(`vacuum (analyze) ${name}`);
  return tables.rows.length;
}

/**
 * Nightly on the embedded database: keeps the planner's statistics current and
 * the visibility map set (index-only scans, such as the inbox counts'), and
 * makes the space of deleted and updated rows reusable. A quiet hour: while a
 * table is vacuumed, requests wait for it.
 */
export const vacuumJob: JobDefinition = {
  name: 'database.vacuum',
  cron: '29 3 * * *',
  policy: 'stately',
  retryLimit: 1,
  async handle(deps) {
    if (deps.database.kind !== 'pglite') return;
    const started = performance.now();
    const tables = await vacuumEmbedded(deps.database);
    deps.log.info(
      { tables, ms: Math.round(performance.now() - started) },
      'embedded database vacuumed and analysed',
    );
  },
};
