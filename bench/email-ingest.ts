// npm run bench:email -- [--messages N] [--connections N] [--workers N] [--batch N] [--worker-process]
//   [--cpu-prof DIR]
// Email ingestion end to end: a local SMTP client (nodemailer, pooled connections)
// sends N messages into Rapport's SMTP listener; the listener stores each raw
// message with its email.ingest job (by group commit, then 250); the real pg-boss
// runner parses, threads and stores them as messages, a batch per transaction. Timed from the first
// message sent until the last one is ingested (every inbound_emails row processed).
// On PostgreSQL when DATABASE_URL is set (its own database, please: the run adds a
// workspace and rows), else on an embedded PGlite in a temporary directory.
//
// The mix: 60 % new requests from new senders (multipart text + HTML), 25 % replies
// by In-Reply-To/References to an earlier message (quoted history to fold), 15 %
// follow-ups by [#number]-less subject from a known sender.
//
// --worker-process (PostgreSQL): the ingest workers run in a process of their own
// (bench/email-worker.ts, as `rapport ingest-worker`), this one only receives and stores.
//
// --cpu-prof DIR: a V8 CPU profile of the timed part only (not start-up nor migrations)
// of Rapport's process, and of the worker process with --worker-process, written to DIR
// (read with bench/cpu-profile.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCpuProfile } from './cpu-profile.ts';
import Fastify from 'fastify';
import { openEmbedded, openServer, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createWorkspace } from '../src/server/features/workspaces/workspace.service.ts';
import { createMailbox } from '../src/server/features/mailboxes/mailbox.service.ts';
import { emailIngestJob } from '../src/server/channels/email/ingest.job.ts';
import { startSmtpListener } from '../src/server/channels/email/smtp-listener.ts';
import { startJobRunner } from '../src/server/jobs/job-runner.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '8' },
    workers: { type: 'string' },
    batch: { type: 'string' },
    'worker-process': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.messages);
const connections = Number(values.connections);
const out = (line: string) => process.stdout.write(`${line}\n`);

async function open(): Promise<{ database: Database; cleanup: () => void }> {
  if (process.env.DATABASE_URL) {
    return { database: await openServer(process.env.DATABASE_URL, 20), cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-email-'));
  const database = await openEmbedded(dir);
  return { database, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function main() {
  const { database, cleanup } = await open();
  const log = Fastify({ logger: { level: 'error' } }).log;
  try {
    await migrate(database);
    const run = randomUUID().slice(0, 8);
    const base = { db: database.db, log, now: () => new Date() };
    const { workspace } = await createWorkspace(base, {
      name: `Email bench ${run}`,
      adminEmail: `admin-${run}@bench.test`,
      adminPassword: 'correct horse battery',
    });
    const ctx = { ...base, workspaceId: workspace.id, actor: { kind: 'system' as const } };
    const address = `help-${run}@bench.test`;
    await createMailbox(ctx, {
      name: 'Help',
      address,
      default_team_id: null,
      default_language: 'en',
      signature: '',
      smtp: null,
      imap: null,
      active: true,
    });
    const schema = `pgboss_bench_${run}`;
    const definition = {
      ...emailIngestJob,
      ...(values.workers ? { workers: Number(values.workers) } : {}),
      ...(values.batch ? { batchSize: Number(values.batch) } : {}),
    };
    const apart = values['worker-process'];
    if (apart && database.kind !== 'postgres')
      throw new Error('--worker-process needs DATABASE_URL');
    const runner = await startJobRunner({
      database,
      log,
      now: () => new Date(),
      schema,
      pollingIntervalSeconds: 0.5,
      definitions: [definition],
      // With the workers in their own process, this one only queues the jobs.
      works: apart ? () => false : undefined,
    });
    const worker = apart
      ? fork(fileURLToPath(new URL('./email-worker.ts', import.meta.url)), {
          execArgv: ['--import', 'tsx'],
          env: {
            ...process.env,
            BENCH_WORKER: JSON.stringify({
              schema,
              workers: definition.workers,
              batch: definition.batchSize,
              cpuProf: values['cpu-prof'],
            }),
          },
        })
      : undefined;
    if (worker) await new Promise((resolve) => worker.once('message', resolve));
    const smtp = await startSmtpListener({ db: database.db, jobs: runner, port: 0, log });
    const pgCpu = database.kind === 'postgres' ? backendCpuSampler(database) : undefined;
    let profile: Awaited<ReturnType<typeof startCpuProfile>> | undefined;
    let load = os.loadavg();
    // The SMTP client runs in a process of its own, as a sending server would on its
    // own machine: what is timed is Rapport's work, not the client's start-up nor its
    // composing of the messages (done before the clock starts).
    const sender = fork(fileURLToPath(new URL('./email-sender.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_SENDER: JSON.stringify({
          port: smtp.port,
          messages: N,
          connections,
          run,
          to: address,
        }),
      },
    });
    let senderCpuMs = 0;
    let started = 0;
    let cpuBefore = process.cpuUsage();
    const acceptedAt = await new Promise<number>((resolve, reject) => {
      sender.on('message', (m: { ready?: boolean; accepted?: boolean; cpuMs?: number }) => {
        if (m.ready) {
          void (async () => {
            await pgCpu?.sample();
            if (worker) worker.send({ profile: true });
            if (values['cpu-prof']) profile = await startCpuProfile();
            load = os.loadavg();
            cpuBefore = process.cpuUsage();
            started = performance.now();
            sender.send({ go: true });
          })().catch(reject);
        } else if (m.accepted) {
          senderCpuMs = m.cpuMs ?? 0;
          resolve(performance.now());
        }
      });
      sender.once('error', reject);
      sender.once('exit', (code) => code && reject(new Error(`sender exited ${code}`)));
    });
    const waiting = async () =>
      Number(
        (
          await database.db
            .selectFrom('inbound_emails')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('workspace_id', '=', workspace.id)
            .where('status', '=', 'received')
            .executeTakeFirstOrThrow()
        ).n,
      );
    while ((await waiting()) > 0) await new Promise((r) => setTimeout(r, 50));
    const done = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    const profiled = profile ? await profile.stop(values['cpu-prof']!, 'rapport') : undefined;
    const pgCpuMs = await pgCpu?.stop();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const counts = await database.db
      .selectFrom('inbound_emails')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('workspace_id', '=', workspace.id)
      .groupBy('status')
      .execute();
    const conversations = await database.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', workspace.id)
      .executeTakeFirstOrThrow();

    await smtp.close();
    const workerCpuMs = worker
      ? await new Promise<number>((resolve) => {
          worker.once('message', (m: { cpuMs: number }) => resolve(m.cpuMs));
          worker.send({ stop: true });
        })
      : 0;
    await runner.stop();
    if (database.kind === 'postgres')
      await database.exec(`drop schema if exists ${schema} cascade`);

    const seconds = (done - started) / 1000;
    out(`# Email ingestion over SMTP (bench/email-ingest.ts), ${new Date().toISOString()}`);
    out(
      `engine ${database.kind}; node ${process.version}; ${os.cpus().length} cores ` +
        `(${os.cpus()[0]?.model ?? '?'}); load average before ${load.map((l) => l.toFixed(2)).join(' ')}, ` +
        `after ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    out(
      `${N} messages, ${connections} SMTP connections, ingest workers ${definition.workers ?? 1} × batch ${definition.batchSize ?? 1}` +
        `${apart ? ' in a process of their own' : ''}, polling 0.5 s`,
    );
    if (profiled) out(`CPU profile of the timed part: ${profiled}`);
    out(`all accepted (250) after ${((acceptedAt - started) / 1000).toFixed(2)} s`);
    out(
      `all ingested after ${seconds.toFixed(2)} s: ${(N / seconds).toFixed(0)} messages/s ` +
        `(${counts.map((c) => `${c.status} ${c.n}`).join(', ')}; ${conversations.n} conversations)`,
    );
    if (worker) {
      out(
        `CPU: the ingest worker's process ${(workerCpuMs / 1000).toFixed(2)} s (${(workerCpuMs / N).toFixed(2)} ms per message, incl. start-up)`,
      );
    }
    if (pgCpuMs !== undefined) {
      out(
        `CPU: PostgreSQL's backends of this database ${(pgCpuMs / 1000).toFixed(2)} s (${(pgCpuMs / N).toFixed(2)} ms per message)`,
      );
    }
    out(
      `CPU: Rapport's process ${(cpuMs / 1000).toFixed(2)} s (${(cpuMs / N).toFixed(2)} ms per message), ` +
        `the SMTP client's ${(senderCpuMs / 1000).toFixed(2)} s (${(senderCpuMs / N).toFixed(2)} ms per message)`,
    );
  } finally {
    await database.close();
    cleanup();
  }
}

/**
 * The CPU time PostgreSQL's backends of this database use from the first sample until stop
 * (Linux /proc, USER_HZ 100): sampled every 200 ms, as backends may come and go meanwhile.
 */
function backendCpuSampler(database: Database) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = async () => {
    const { rows } = await database.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
    );
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * 10;
        if (!first.has(pid)) first.set(pid, started ? 0 : ms);
        last.set(pid, ms);
      } catch {
        // ended meanwhile
      }
    }
    started = true;
  };
  const timer = setInterval(() => void sample().catch(() => {}), 200);
  return {
    sample,
    async stop() {
      clearInterval(timer);
      await sample();
      let ms = 0;
      for (const [pid, at] of last) ms += at - first.get(pid)!;
      return ms;
    },
  };
}

await main();
