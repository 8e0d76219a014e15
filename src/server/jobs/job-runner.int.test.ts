import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../test/harness.ts';
import { clockCtx, openTestConversation, readSla } from '../features/sla/sla-test-helpers.ts';
import { startJobRunner, type JobDefinition, type JobRunner } from './job-runner.ts';

// pg-boss really runs on both engines: its schema is created on the test
// database (a schema of its own per run, so runs on a shared PostgreSQL do
// not take each other's jobs), the every-minute sla.sweep schedule fires and
// its worker sweeps, and a queued job reaches its handler.

let t: TestApp;
let runner: JobRunner | undefined;
const schema = `pgboss_test_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  t = await startTestApp({ now: new Date('2031-03-03T08:00:00Z') });
});
afterAll(async () => {
  await runner?.stop();
  if (t.database.kind === 'postgres')
    await t.database.exec(`drop schema if exists ${schema} cascade`);
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
});
