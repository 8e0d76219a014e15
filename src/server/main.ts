import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, type Config } from './config.ts';
import { buildApp, type App } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { vacuumEmbedded } from './db/maintenance.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import {
  JOBS,
  startJobRunner,
  type JobDefinition,
  type JobDeps,
  type JobRunner,
} from './jobs/job-runner.ts';
import { DiskFileStorage } from './storage/disk-storage.ts';
import { startSmtpListener, type SmtpListener } from './channels/email/smtp-listener.ts';
import { queuePendingInboundEmails } from './channels/email/ingest.job.ts';
import { EMAIL_INGEST_JOB } from './channels/email/inbound.repo.ts';
import type { JobQueue } from './context.ts';
import { loadSecrets } from './security/secrets.ts';

/** Where `vite build` puts the agent app (see vite.config.ts). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface Running {
  app: App;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Rapport: opens the database, applies migrations, seeds the demo
 * workspace on a first start, serves HTTP, and returns a stop() that closes
 * everything in order (HTTP first, then the database with a checkpoint).
 */
export async function startServer(
  config: Config,
  print: (line: string) => void = console.log,
): Promise<Running> {
  if (!config.ingestWorkers && !config.databaseUrl) {
    throw new ConfigError(
      'RAPPORT_INGEST_WORKERS',
      'can be 0 only with DATABASE_URL (the embedded database takes one process, so no ingest-worker beside it)',
    );
  }
  const database = await openDatabase(config);
  let app: App | undefined;
  let jobs: JobRunner | undefined;
  let smtp: SmtpListener | undefined;
  try {
    const applied = await migrate(database);
    let seeded = false;
    if (config.demo) {
      const demo = await seedDemo(database);
      if (demo) {
        seeded = true;
        print(`Demo workspace "${demo.workspaceName}" created.`);
        print(`  Sign in as ${demo.adminEmail} with the password ${demo.adminPassword}`);
      }
    }
    // The embedded database has no autovacuum: after new indexes or columns, or the
    // demo's rows, the planner needs statistics and index-only scans the visibility
    // map, before the first request rather than at the nightly vacuum (ADR 0014).
    if (database.kind === 'pglite' && (applied.length > 0 || seeded)) {
      const started = performance.now();
      await vacuumEmbedded(database);
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 5) print(`Database vacuumed and analysed in ${seconds.toFixed(0)} s.`);
    }
    const webRoot = existsSync(`${WEB_ROOT}index.html`) ? WEB_ROOT : undefined;
    if (!webRoot) print('The agent app is not built (npm run build:web): serving the API only.');
    const secrets = loadSecrets(config);
    // The app queues jobs through the runner, which starts once the app's file
    // storage and logger exist; nothing is queued before app.listen below.
    const queue: JobQueue = {
      sendWith(db, name, data) {
        if (!jobs) throw new Error('the job queue is not started yet');
        return jobs.sendWith(db, name, data);
      },
    };
    app = await buildApp({ database, config, webRoot, jobs: queue, secrets });
    jobs = await startJobRunner({
      database,
      log: app.log,
      now: () => new Date(),
      files: app.files.storage,
      secrets,
      // With RAPPORT_INGEST_WORKERS=0, `rapport ingest-worker` processes ingest the email.
      works: config.ingestWorkers ? undefined : (name) => name !== EMAIL_INGEST_JOB,
    });
    // Emails stored but not yet ingested when the last process stopped (or was killed).
    const pending = await queuePendingInboundEmails(database.db, jobs);
    if (pending > 0) app.log.info({ pending }, 'email.ingest queued for stored emails');
    if (config.smtpPort !== undefined) {
      smtp = await startSmtpListener({
        db: database.db,
        jobs,
        port: config.smtpPort,
        host: config.smtpHost,
        sizeLimitBytes: config.uploadLimitBytes,
        log: app.log,
      });
      print(`Receiving email by SMTP on ${config.smtpHost ?? '0.0.0.0'}:${smtp.port}`);
    }
    const url = await app.listen({ port: config.port, host: config.host });
    let stopping: Promise<void> | undefined;
    const running: Running = {
      app,
      database,
      url,
      stop() {
        stopping ??= (async () => {
          // No new mail once stopping: a sender gets no 250 for what may not be stored.
          await smtp?.close();
          await app!.close();
          await jobs!.stop();
          await database.close();
        })();
        return stopping;
      },
    };
    return running;
  } catch (err) {
    await smtp?.close().catch(() => {});
    await app?.close().catch(() => {});
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}

export interface RunningWorker {
  /** email.ingest jobs this process has handled (each stored email is one). */
  readonly jobsHandled: number;
  stop(): Promise<void>;
}

/**
 * Starts an ingest worker: a process that only ingests stored email (the email.ingest
 * jobs) beside the servers, so parsing and threading take none of their event loop.
 * Several may run; the queue gives each job to one of them, and ingestion is
 * idempotent. PostgreSQL only (the embedded database takes one process).
 */
export async function startIngestWorker(
  config: Config,
  log: JobDeps['log'],
): Promise<RunningWorker> {
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required by ingest-worker: the embedded database takes one process',
    );
  }
  const database = await openDatabase(config);
  try {
    await migrate(database);
    let jobsHandled = 0;
    const counted = (job: JobDefinition): JobDefinition => ({
      ...job,
      handle: async (deps, data, attempt) => {
        await job.handle(deps, data, attempt);
        jobsHandled++;
      },
      handleBatch: job.handleBatch
        ? async (deps, batch) => {
            const result = await job.handleBatch!(deps, batch);
            jobsHandled += batch.length;
            return result;
          }
        : undefined,
    });
    const jobs = await startJobRunner({
      database,
      log,
      now: () => new Date(),
      // Attachments go where the servers keep them (RAPPORT_FILES_DIR, shared with them).
      files: new DiskFileStorage(config.filesDir),
      secrets: loadSecrets(config),
      definitions: JOBS.map((job) => (job.name === EMAIL_INGEST_JOB ? counted(job) : job)),
      works: (name) => name === EMAIL_INGEST_JOB,
    });
    let stopping: Promise<void> | undefined;
    return {
      get jobsHandled() {
        return jobsHandled;
      },
      stop() {
        stopping ??= (async () => {
          await jobs.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
