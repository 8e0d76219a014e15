// email.ingest: stored raw emails become messages in conversations, a batch at a
// time (ingest.batch.ts), one by one when a batch fails (ingest.email.ts); and the
// sweep that queues again what a killed process left waiting.
import { sendJobsWith, type JobQueue } from '../../context.ts';
import type { JobDefinition } from '../../jobs/job-runner.ts';
import * as inbound from './inbound.repo.ts';
import { EMAIL_INGEST_JOB } from './inbound.repo.ts';
import { ingestInboundEmails } from './ingest.batch.ts';
import { ingestInboundEmail } from './ingest.email.ts';

export { ingestInboundEmail };

export const EMAIL_INGEST_SWEEP_JOB = 'email.ingest-sweep';
const SWEEP_AFTER_MS = 5 * 60_000;
const ID = /^[1-9]\d{0,18}$/;

/** The job's payload, re-validated: a job may outlive the code that queued it. */
function payloadOf(data: unknown): { workspaceId: string; inboundEmailId: string } {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.workspaceId !== 'string' || !ID.test(d.workspaceId))
    throw new Error('email.ingest: bad workspaceId');
  if (typeof d.inboundEmailId !== 'string' || !ID.test(d.inboundEmailId))
    throw new Error('email.ingest: bad inboundEmailId');
  return { workspaceId: d.workspaceId, inboundEmailId: d.inboundEmailId };
}

export const emailIngestJob: JobDefinition = {
  name: EMAIL_INGEST_JOB,
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  // A burst of mail (or an IMAP backlog) is ingested hundreds a second, not one per poll.
  batchSize: 100,
  workers: 4,
  async handle(deps, data) {
    const { workspaceId, inboundEmailId } = payloadOf(data);
    await ingestInboundEmail(deps, workspaceId, inboundEmailId);
  },
  // A batch is ingested in one transaction per workspace (one by one if that fails).
  async handleBatch(deps, jobs) {
    const failed: { id: string; error: Error }[] = [];
    const byWorkspace = new Map<string, { jobId: string; inboundEmailId: string }[]>();
    for (const job of jobs) {
      let payload;
      try {
        payload = payloadOf(job.data);
      } catch (err) {
        failed.push({ id: job.id, error: err as Error });
        continue;
      }
      const list = byWorkspace.get(payload.workspaceId) ?? [];
      list.push({ jobId: job.id, inboundEmailId: payload.inboundEmailId });
      byWorkspace.set(payload.workspaceId, list);
    }
    for (const [workspaceId, list] of byWorkspace) {
      const errors = await ingestInboundEmails(
        deps,
        workspaceId,
        list.map((l) => l.inboundEmailId),
      );
      for (const l of list) {
        const error = errors.get(l.inboundEmailId);
        if (error) failed.push({ id: l.jobId, error });
      }
    }
    return { failed };
  },
};

/**
 * Queues email.ingest again for stored emails still waiting (all of them, or those received
 * before `receivedBefore`). A job that was running when its process was killed is not retried
 * by the queue until it expires; ingestion is idempotent, so a second job for an email whose
 * first one is alive costs only a look-up.
 */
export async function queuePendingInboundEmails(
  db: Parameters<typeof inbound.unscopedListPendingInboundEmails>[0],
  jobs: JobQueue,
  options: { receivedBefore?: Date; limit?: number } = {},
): Promise<number> {
  const pending = await inbound.unscopedListPendingInboundEmails(db, {
    receivedBefore: options.receivedBefore,
    limit: options.limit ?? 10_000,
  });
  // A backlog after a crash is queued a thousand jobs to a statement.
  for (let i = 0; i < pending.length; i += 1000) {
    await sendJobsWith(
      jobs,
      db,
      EMAIL_INGEST_JOB,
      pending
        .slice(i, i + 1000)
        .map((row) => ({ workspaceId: row.workspace_id, inboundEmailId: row.id })),
    );
  }
  return pending.length;
}

/** Every minute: emails waiting for more than 5 minutes get their ingestion queued again. */
export const emailIngestSweepJob: JobDefinition = {
  name: EMAIL_INGEST_SWEEP_JOB,
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps) {
    if (!deps.jobs) return;
    const queued = await queuePendingInboundEmails(deps.database.db, deps.jobs, {
      receivedBefore: new Date(deps.now().getTime() - SWEEP_AFTER_MS),
    });
    if (queued > 0) deps.log.warn({ queued }, 'email.ingest queued again for waiting emails');
  },
};
