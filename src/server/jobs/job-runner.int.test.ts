import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../test/harness.ts';
import { clockCtx, openTestConversation, readSla } from '../features/sla/sla-test-helpers.ts';
import { sql } from 'kysely';
import { startJobRunner, type JobDefinition, type JobRunner } from './job-runner.ts';

// pg-boss really runs on both engines: its schema is created on the test
// database (a schema of its own per run, so runs on a shared PostgreSQL do
// not take each other's jobs), the every-minute sla.sweep schedule fires and
// its worker sweeps, and a queued job reaches its handler.

let t: TestApp;
let runner: JobRunner | undefined;
const schema = `pgboss_test_${randomUUID().slice(0, 8)}`;
const ownSqlSchema = `pgboss_test_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  t = await startTestApp({ now: new Date('2031-03-03T08:00:00Z') });
});
afterAll(async () => {
  await runner?.stop();
  if (t.database.kind === 'postgres')
    await t.database.exec(`drop schema if exists ${schema}, ${ownSqlSchema} cascade`);
  await t.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('job runner', () => {
  it('runs the scheduled SLA sweep and queued jobs, and stops cleanly', async () => {
    const ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
    const ctx = clockCtx(t, ws);
    const conversation = await openTestConversation(t, ctx);
    // The conversation is a day overdue when the runner starts.
    t.clock.now = new Date('2031-03-05T08:00:00Z');

    const seen: unknown[] = [];
    const echo: JobDefinition = {
      name: 'test.echo',
      async handle(_deps, data) {
        seen.push(data);
      },
    };
    const { slaSweepJob } = await import('../features/sla/sla.jobs.ts');
    runner = await startJobRunner({
      database: t.database,
      log: t.app.log,
      now: () => new Date(t.clock.now),
      schema,
      pollingIntervalSeconds: 0.5,
      cronWorkerIntervalSeconds: 1,
      cronMonitorIntervalSeconds: 1,
      sweepWorkspaceId: ws.workspaceId,
      definitions: [slaSweepJob, echo],
    });

    const breachedAt = await until('the scheduled sweep', async () => {
      const sla = await readSla(ctx, conversation.id);
      return sla.targets.first_response?.breached_at ?? undefined;
    });
    expect(breachedAt.toISOString()).toBe('2031-03-05T08:00:00.000Z');
    const schedules = await runner.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron])).toContainEqual(['sla.sweep', '* * * * *']);

    await runner.send('test.echo', { hello: 'world' });
    await until('the queued job', async () => (seen.length ? seen : undefined));
    expect(seen).toEqual([{ hello: 'world' }]);

    // A job sent in a transaction exists only if the transaction commits.
    const r = runner;
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await r.sendWith(trx, 'test.echo', { n: 'rolled back' });
        throw new Error('roll back');
      })
      .catch(() => {});
    await t.database.db.transaction().execute(async (trx) => {
      await r.sendWith(trx, 'test.echo', { n: 'committed' });
    });
    await until('the committed job', async () => (seen.length === 2 ? seen : undefined));
    expect(seen).toEqual([{ hello: 'world' }, { n: 'committed' }]);

    await runner.stop();
    runner = undefined;
    // The database is still usable after the queue stopped.
    expect((await t.database.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it("queues by its own SQL (insertJobsSql) the same job as pg-boss's insert, and works it", async () => {
    const seen: unknown[] = [];
    const handle = async (_deps: unknown, data: unknown) => {
      seen.push(data);
    };
    // The settings of email.ingest, and a queue with pg-boss's defaults.
    const definitions: JobDefinition[] = [
      { name: 'test.retried', retryLimit: 5, retryDelaySeconds: 5, retryBackoff: true, handle },
      { name: 'test.plain', handle },
    ];
    const own = await startJobRunner({
      database: t.database,
      log: t.app.log,
      now: () => new Date(),
      schema: ownSqlSchema,
      pollingIntervalSeconds: 0.5,
      definitions,
    });
    try {
      for (const { name } of definitions) {
        await own.boss.insert([{ name, data: { by: 'pg-boss' } }]);
        // Two rows of a query, queued in the statement that selects them.
        await sql`with queued as (${own.insertJobsSql(
          name,
          sql`select jsonb_build_object('by', 'own', 'n', n) as data from generate_series(1, 2) n`,
        )}) select 1`.execute(t.database.db);
      }
      const { rows } = await t.database.query<Record<string, unknown>>(
        `select *, extract(epoch from keep_until - created_on)::int as keep_seconds
         from ${ownSqlSchema}.job order by name, created_on, data->>'n'`,
      );
      expect(rows).toHaveLength(6);
      // Everything but the id, the data and the times of the insert is the same.
      const settings = (row: Record<string, unknown>) => {
        const { id, data: _data, created_on: _c, start_after: _s, keep_until: _k, ...rest } = row;
        return { ...rest, idIsUuid: /^[0-9a-f-]{36}$/.test(String(id)) };
      };
      for (const name of ['test.plain', 'test.retried']) {
        const [theirs, ...ours] = rows.filter((r) => r.name === name);
        expect(theirs!.data).toEqual({ by: 'pg-boss' });
        expect(ours.map((r) => r.data)).toEqual([
          { by: 'own', n: 1 },
          { by: 'own', n: 2 },
        ]);
        for (const row of ours) expect(settings(row)).toEqual(settings(theirs!));
      }
      expect(rows.find((r) => r.name === 'test.retried')).toMatchObject({
        retry_limit: 5,
        retry_delay: 5,
        retry_backoff: true,
        state: 'created',
      });
      await until('the jobs worked', async () => (seen.length === 6 ? seen : undefined));
    } finally {
      await own.stop();
    }
  });
});
