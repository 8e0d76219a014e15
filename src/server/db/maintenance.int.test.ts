import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import type { Database } from './database.ts';
import { vacuumEmbedded } from './maintenance.ts';

let database: Database;
const table = `vacuumed_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.exec(`create table ${table} (id int primary key, a text);
    insert into ${table} select i, 'row ' || i from generate_series(1, 5000) i;
    delete from ${table} where id % 2 = 0;
    create index ${table}_a_idx on ${table} (a);`);
});
afterAll(async () => {
  await database.exec(`drop table if exists ${table}`);
  await database.close();
});

const pages = async () =>
  (
    await database.query<{ relpages: number; relallvisible: number; reltuples: number }>(
      `select relpages, relallvisible, reltuples from pg_class where relname = $1`,
      [table],
    )
  ).rows[0]!;

describe('vacuumEmbedded', () => {
  it('on the embedded database leaves every table analysed and all-visible (index-only scans); on PostgreSQL leaves it to autovacuum', async () => {
    const tables = await vacuumEmbedded(database);
    if (database.kind !== 'pglite') {
      expect(tables).toBe(0);
      return;
    }
    expect(tables).toBeGreaterThan(50);
    const after = await pages();
    expect(after.reltuples).toBe(2500);
    expect(after.relallvisible).toBe(after.relpages);
    const plan = await database.query<{ 'QUERY PLAN': string }>(
      `explain select a from ${table} where a = 'row 1'`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('Index Only Scan');
  });
});
