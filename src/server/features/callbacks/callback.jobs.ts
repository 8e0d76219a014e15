import type { JobDefinition } from '../../jobs/job-runner.ts';
import {
  unscopedNotifyDueCallbacks,
  unscopedNotifyOverdueCallbacks,
} from './callback-reminders.repo.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface CallbackSweepOptions {
  /** Callbacks claimed per statement. */
  batchSize?: number;
  /** Batches per kind in one run; what is left waits for the next minute. */
  maxBatches?: number;
  /** Sweep one workspace only (tests sharing a database); all by default. */
  workspaceId?: string;
}

/**
 * Sends the callback reminders due at `now`, across workspaces, in bounded
 * batches: first "it is time" to the responsible person, then "overdue" to
 * their supervisors. Idempotent: a second run at the same time finds nothing.
 */
export async function runCallbackSweep(
  db: Kysely<DB>,
  now: Date,
  options: CallbackSweepOptions = {},
): Promise<{ due: number; overdue: number }> {
  const batch = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  let due = 0;
  let overdue = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedNotifyDueCallbacks(db, now, batch, options.workspaceId);
    due += n;
    if (n < batch) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedNotifyOverdueCallbacks(db, now, batch, options.workspaceId);
    overdue += n;
    if (n < batch) break;
  }
  return { due, overdue };
}

/** Every minute: callbacks whose time has come remind their person; overdue ones, the supervisor. */
export const callbackSweepJob: JobDefinition = {
  name: 'callbacks.sweep',
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps) {
    const result = await runCallbackSweep(deps.database.db, deps.now(), {
      workspaceId: deps.sweepWorkspaceId,
    });
    if (result.due || result.overdue) deps.log.info(result, 'callbacks sweep');
  },
};
