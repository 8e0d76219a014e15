// Durable background jobs on pg-boss, over the app's own Database: PostgreSQL
// through its pool, PGlite through its single connection (see ADR 0002). The
// queue's tables live in their own schema (pgboss) that pg-boss creates and
// migrates itself on start.
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { vacuumJob } from '../db/maintenance.ts';
import { unsentAttachmentsSweepJob } from '../features/attachments/attachment.jobs.ts';
import { slaSweepJob } from '../features/sla/sla.jobs.ts';
import { callbackSweepJob } from '../features/callbacks/callback.jobs.ts';
import { promiseSweepJob } from '../features/promises/promise.jobs.ts';
import { messageDeliverJob } from '../channels/deliverers.ts';
import { chatTranscriptJob } from '../channels/chat/chat.jobs.ts';
import { emailIngestJob, emailIngestSweepJob } from '../channels/email/ingest.job.ts';
import { imapPollJob } from '../channels/email/imap/poll.ts';
import { emailAcknowledgeJob } from '../channels/email/outbound/acknowledge.ts';
import {
  portalAnswerNoticeJob,
  portalSignInLinkJob,
  portalSweepJob,
} from '../features/portal/portal.jobs.ts';
import type { JobQueue } from '../context.ts';
import type { Secrets } from '../security/secrets.ts';
import type { FileStorage } from '../storage/file-storage.ts';

/** What a job handler gets: the database, a logger and the clock. */
export interface JobDeps {
  database: Database;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  now: () => Date;
  /** Test-only: limits the SLA sweep to one workspace on a shared database. */
  sweepWorkspaceId?: string;
  /** Where attachment contents live (the attachments sweep removes unsent uploads' files). */
  files?: FileStorage;
  /** Opens stored secrets (mailbox passwords, SMS provider keys). */
  secrets?: Secrets;
  /** This runner itself, for handlers that queue further jobs (set by startJobRunner). */
  jobs?: JobQueue;
}

/** Which run of a job this is: pg-boss counts the retries. */
export interface JobAttempt {
  retryCount: number;
  retryLimit: number;
}

/** A kind of job: its queue name (`noun.verb`), an optional cron schedule (UTC) and its handler. */
export interface JobDefinition {
  name: string;
  cron?: string;
  /**
   * 'stately' holds at most one queued and one running job (periodic sweeps:
   * a slow run never piles up copies); 'standard' (the default) keeps every job.
   */
  policy?: 'standard' | 'stately';
  /** Retries after a failure (default 3), the delay before the first and whether it doubles. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * Jobs fetched per poll (default 1) and fetch loops per process (default 1). pg-boss's
   * worker waits out the polling interval after every fetch, so a queue that must move
   * hundreds of jobs a second (email.ingest) takes them in batches; in a batch a failed job
   * is failed (and retried) alone.
   */
  batchSize?: number;
  workers?: number;
  /** Handlers are idempotent: a job may run again after a crash or a timeout. */
  handle(deps: JobDeps, data: unknown, attempt: JobAttempt): Promise<void>;
  /**
   * Handles a fetched batch (batchSize > 1) at once instead of job by job, e.g. in one
   * transaction: resolves with the jobs that failed (each is failed and retried alone,
   * the others complete); a throw fails, and so retries, the whole batch.
   */
  handleBatch?(deps: JobDeps, jobs: BatchJob[]): Promise<{ failed: FailedJob[] }>;
}

/** One job of a batch given to handleBatch. */
export interface BatchJob {
  id: string;
  data: unknown;
  attempt: JobAttempt;
}

export interface FailedJob {
  id: string;
  error: Error;
}

/** Every job the app runs. Add a feature's job here. */
export const JOBS: readonly JobDefinition[] = [
  slaSweepJob,
  unsentAttachmentsSweepJob,
  callbackSweepJob,
  promiseSweepJob,
  emailIngestJob,
  emailIngestSweepJob,
  emailAcknowledgeJob,
  imapPollJob,
  messageDeliverJob,
  chatTranscriptJob,
  portalSignInLinkJob,
  portalAnswerNoticeJob,
  portalSweepJob,
  vacuumJob,
];

export interface JobRunnerOptions extends JobDeps {
  /** The schema of pg-boss's tables (tests use their own). */
  schema?: string;
  /** How often a worker looks for work, in seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** How often scheduled jobs due are turned into queued ones, in seconds (1–45). */
  cronWorkerIntervalSeconds?: number;
  /** How often the schedules are checked, in seconds (1–45). */
  cronMonitorIntervalSeconds?: number;
  /** The jobs to run (default JOBS; tests pick their own). */
  definitions?: readonly JobDefinition[];
  /**
   * Which of them this process works (default all): the others' queues exist, so this
   * process can queue them, and their schedules are left to the processes that work them.
   */
  works?: (name: string) => boolean;
}

export interface JobRunner {
  boss: PgBoss;
  /** Queues a job now (outside any transaction). */
  send(name: string, data?: object): Promise<string | null>;
  /**
   * Queues a job inside the caller's transaction (pass ctx.db): the job
   * exists only if that transaction commits, so a change and the work it
   * causes are never half-written.
   */
  sendWith(db: Kysely<DB> | Transaction<DB>, name: string, data?: object): Promise<string | null>;
  /** Queues several jobs of one queue inside the caller's transaction, in one statement. */
  sendManyWith(db: Kysely<DB> | Transaction<DB>, name: string, data: object[]): Promise<void>;
  /** Queues a job for each row of a query, as a CTE of the caller's statement (see JobQueue). */
  insertJobsSql(name: string, rows: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Stops taking work, waits for running handlers (up to 10 s), leaves the database open. */
  stop(): Promise<void>;
}

/**
 * pg-boss's db adapter over our Database. On PGlite, SQL without values may
 * hold several statements (pg-boss's locked migration and maintenance
 * scripts), which only the simple protocol accepts: it goes through Kysely,
 * whose PGlite pool runs parameterless SQL with exec and returns the last
 * result's rows; everything shares the single connection's queue.
 */
export function pgBossDb(database: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (database.kind === 'postgres' || (values && values.length > 0)) {
        return database.query(text, values ?? []);
      }
      const result = await sql.raw(text).execute(database.db);
      return { rows: result.rows as unknown[] };
    },
  };
}

/** pg-boss's db adapter over a Kysely connection or open transaction (single statements only). */
function kyselyDb(db: Kysely<DB> | Transaction<DB>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * pg-boss 10's `insert` (plans.js insertJobs) for jobs that set no options of their own,
 * with the rows taken from a query instead of a JSON parameter: the queue's settings, else
 * pg-boss's defaults (this runner sets none in its constructor). Written out here so that a
 * caller can store rows and queue their jobs in one statement (the SMTP listener);
 * job-runner.int.test.ts checks that a job queued this way equals one queued by
 * `boss.insert`, so a pg-boss upgrade that changes either shows there.
 */
export function insertJobsSql(
  schema: string,
  name: string,
  rows: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`insert into ${sql.table(`${schema}.job`)} (id, name, data, priority, start_after,
      singleton_key, singleton_on, dead_letter, expire_in, keep_until, retry_limit, retry_delay,
      retry_backoff, policy)
    select gen_random_uuid(), q.name, r.data, 0, now(), null, null, q.dead_letter,
      coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
      now() + cast(coalesce((q.retention_minutes * 60)::text, '14 days') as interval),
      coalesce(q.retry_limit, 2),
      case when coalesce(q.retry_backoff, false) then greatest(q.retry_delay, 1)
        else coalesce(q.retry_delay, 0) end,
      coalesce(q.retry_backoff, false),
      q.policy
    from (${rows}) r join ${sql.table(`${schema}.queue`)} q on q.name = ${name}
    on conflict do nothing`;
}

/** Starts pg-boss on the app's database, creates the queues, schedules and workers of every job. */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const deps: JobDeps = {
    database: options.database,
    log: options.log,
    now: options.now,
    sweepWorkspaceId: options.sweepWorkspaceId,
    files: options.files,
    secrets: options.secrets,
  };
  const boss = new PgBoss({
    db: pgBossDb(options.database),
    schema: options.schema ?? 'pgboss',
    cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds ?? 5,
    cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => options.log.error({ err }, 'job queue error'));
  await boss.start();
  try {
    for (const job of options.definitions ?? JOBS) {
      const queue = {
        name: job.name,
        policy: job.policy ?? 'standard',
        retryLimit: job.retryLimit ?? 3,
        retryDelay: job.retryDelaySeconds ?? 0,
        retryBackoff: job.retryBackoff ?? false,
      } as const;
      // createQueue leaves an existing queue alone; updateQueue brings its settings up to date.
      await boss.createQueue(job.name, queue);
      await boss.updateQueue(job.name, queue);
      if (options.works && !options.works(job.name)) continue;
      const batchSize = job.batchSize ?? 1;
      for (let w = 0; w < (job.workers ?? 1); w++) {
        await boss.work(
          job.name,
          {
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
            batchSize,
            includeMetadata: true,
          },
          async (jobs) => {
            if (job.handleBatch && batchSize > 1) {
              const { failed } = await job.handleBatch(
                deps,
                jobs.map((j) => ({
                  id: j.id,
                  data: j.data,
                  attempt: { retryCount: j.retryCount, retryLimit: j.retryLimit },
                })),
              );
              // Only these fail; pg-boss completes the batch's others (still active).
              for (const f of failed) {
                await boss.fail(job.name, f.id, { message: f.error.message ?? String(f.error) });
              }
              return;
            }
            for (const j of jobs) {
              const attempt = { retryCount: j.retryCount, retryLimit: j.retryLimit };
              if (batchSize === 1) {
                await job.handle(deps, j.data, attempt);
                continue;
              }
              try {
                await job.handle(deps, j.data, attempt);
              } catch (err) {
                // Only this job fails; pg-boss completes the batch's others (still active).
                await boss.fail(job.name, j.id, { message: (err as Error).message ?? String(err) });
              }
            }
          },
        );
      }
      if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
      else await boss.unschedule(job.name);
    }
  } catch (err) {
    await boss.stop({ graceful: false, close: false }).catch(() => {});
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const runner: JobRunner = {
    boss,
    send: (name, data = {}) => boss.send(name, data),
    sendWith: (db, name, data = {}) => boss.send(name, data, { db: kyselyDb(db) }),
    async sendManyWith(db, name, data) {
      if (data.length === 0) return;
      await boss.insert(
        data.map((d) => ({ name, data: d })),
        { db: kyselyDb(db) },
      );
    },
    insertJobsSql: (name, rows) => insertJobsSql(options.schema ?? 'pgboss', name, rows),
    stop() {
      stopping ??= boss.stop({ graceful: true, close: false, timeout: 10_000, wait: true });
      return stopping;
    },
  };
  deps.jobs = runner;
  return runner;
}
