import type { JobDefinition } from '../../jobs/job-runner.ts';
import { runSlaSweep } from './sla.sweep.ts';

/** Every minute: warn at 80 % of SLA targets and breach the overdue ones, across workspaces. */
export const slaSweepJob: JobDefinition = {
  name: 'sla.sweep',
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps) {
    await runSlaSweep({ db: deps.database.db, log: deps.log }, deps.now(), {
      workspaceId: deps.sweepWorkspaceId,
    });
  },
};
