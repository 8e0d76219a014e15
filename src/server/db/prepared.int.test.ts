import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import { PREPARED, type Database } from './database.ts';

// Statements marked PREPARED run as named prepared statements on PostgreSQL
// (the one-statement ingestion of ADR 0005); PGlite runs them as they are.

let database: Database;
const table = `prepared_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.exec(`create table ${table} (id int primary key, a text);
    insert into ${table} values (1, 'x');`);
});
afterAll(async () => {
  await database.exec(`drop table if exists ${table}`);
  await database.close();
});

const read = () =>
  sql<
    Record<string, unknown>
  >`${sql.raw(PREPARED)} select * from ${sql.table(table)} where id = ${1}`.execute(database.db);

describe('prepared statements', () => {
  it('answer as before, and keep answering when a migration changes what they return', async () => {
    // Several at once, so that several pooled connections prepare it.
    for (const r of await Promise.all(Array.from({ length: 6 }, read)))
      expect(r.rows).toEqual([{ id: 1, a: 'x' }]);
    await database.exec(`alter table ${table} add column b text not null default 'y'`);
    for (const r of await Promise.all(Array.from({ length: 6 }, read)))
      expect(r.rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
    // The same connections still serve plain queries and transactions.
    expect((await database.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    const inTx = await database.db
      .transaction()
      .execute(async (trx) => (await sql<{ n: number }>`select 2 as n`.execute(trx)).rows);
    expect(inTx).toEqual([{ n: 2 }]);
  });

  it('report a failing statement as its error, as unprepared ones do', async () => {
    const insert = (id: number) =>
      sql`${sql.raw(PREPARED)} insert into ${sql.table(table)} (id, a) values (${id}, 'z')`.execute(
        database.db,
      );
    await insert(2);
    await expect(insert(2)).rejects.toMatchObject({ code: '23505' });
  });
});
