// The ingest worker of bench/email-ingest.ts --worker-process: a process of its own
// that works only the email.ingest queue (as `rapport ingest-worker` does), on the
// bench's pg-boss schema; says "ready", and on "stop" stops and reports its CPU time.
import Fastify from 'fastify';
import { openServer } from '../src/server/db/database.ts';
import { emailIngestJob } from '../src/server/channels/email/ingest.job.ts';
import { startJobRunner } from '../src/server/jobs/job-runner.ts';

const { schema, workers, batch } = JSON.parse(process.env.BENCH_WORKER ?? '{}') as {
  schema: string;
  workers?: number;
  batch?: number;
};
const database = await openServer(process.env.DATABASE_URL!, 20);
const cpuBefore = process.cpuUsage();
const runner = await startJobRunner({
  database,
  log: Fastify({ logger: { level: 'error' } }).log,
  now: () => new Date(),
  schema,
  pollingIntervalSeconds: 0.5,
  definitions: [
    {
      ...emailIngestJob,
      ...(workers ? { workers } : {}),
      ...(batch ? { batchSize: batch } : {}),
    },
  ],
});
process.send!({ ready: true });
process.on('message', (m: { stop?: boolean }) => {
  if (!m.stop) return;
  void (async () => {
    await runner.stop();
    await database.close();
    const cpu = process.cpuUsage(cpuBefore);
    process.send!({ cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
  })();
});
