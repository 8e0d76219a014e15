import type { JobDefinition } from '../../jobs/job-runner.ts';
import { sweepUnsentAttachments } from './attachment.service.ts';

/** Hourly: removes uploads never sent with a message within a day (rows and files). */
export const unsentAttachmentsSweepJob: JobDefinition = {
  name: 'attachments.sweep_unsent',
  cron: '17 * * * *',
  policy: 'stately',
  async handle(deps) {
    if (!deps.files) return;
    const removed = await sweepUnsentAttachments(deps.database.db, deps.files, deps.now());
    if (removed > 0) deps.log.info({ removed }, 'unsent attachments removed');
  },
};
