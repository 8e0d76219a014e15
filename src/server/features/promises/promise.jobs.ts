import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { JobDefinition } from '../../jobs/job-runner.ts';
import { unscopedBreakDuePromises, unscopedRemindPromises } from './promise-sweep.repo.ts';

export interface PromiseSweepOptions {
  /** Promises claimed per statement. */
  batchSize?: number;
  /** Batches per kind in one run; what is left waits for the next minute. */
  maxBatches?: number;
  /** Sweep one workspace only (tests sharing a database); all by default. */
  workspaceId?: string;
}

/**
 * Does what is due at `now` for open promises, across workspaces, in bounded
 * batches: reminds agents of promises coming due (see promiseReminderAt for
 * when), then marks the promises whose due time has come broken and tells the
 * supervisors. Idempotent: a second run at the same time finds nothing.
 */
export async function runPromiseSweep(
  db: Kysely<DB>,
  now: Date,
  options: PromiseSweepOptions = {},
): Promise<{ reminded: number; broken: number }> {
  const batch = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  let reminded = 0;
  let broken = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedRemindPromises(db, now, batch, options.workspaceId);
    reminded += n;
    if (n < batch) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedBreakDuePromises(db, now, batch, options.workspaceId);
    broken += n;
    if (n < batch) break;
  }
  return { reminded, broken };
}

/** Every minute: reminders for promises coming due; promises due and not kept are broken. */
export const promiseSweepJob: JobDefinition = {
  name: 'promises.sweep',
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps) {
    const result = await runPromiseSweep(deps.database.db, deps.now(), {
      workspaceId: deps.sweepWorkspaceId,
    });
    if (result.reminded || result.broken) deps.log.info(result, 'promises sweep');
  },
};
