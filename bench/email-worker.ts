// The ingest worker of bench/email-ingest.ts --worker-process: a process of its own
// that works only the email.ingest queue (as `rapport ingest-worker` does), on the
// bench's pg-boss schema; says "ready", and on "stop" stops and reports its CPU time
// (on "profile", with the bench's --cpu-prof, it profiles from then until "stop").
import Fastify from 'fastify';
import { openServer } from '../src/server/db/database.ts';
import { emailIngestJob } from '../src/server/channels/email/ingest.job.ts';
import { startJobRunner } from '../src/server/jobs/job-runner.ts';
import { startCpuProfile } from './cpu-profile.ts';

const { schema, workers, batch, cpuProf } = JSON.parse(process.env.BENCH_WORKER ?? '{}') as {
  schema: string;
  workers?: number;
  batch?: number;
  cpuProf?: string;
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
let profile: Awaited<ReturnType<typeof startCpuProfile>> | undefined;
process.on('message', (m: { stop?: boolean; profile?: boolean }) => {
  if (m.profile && cpuProf) {
    void startCpuProfile().then((p) => (profile = p));
    return;
  }
  if (!m.stop) return;
  void (async () => {
    await profile?.stop(cpuProf!, 'ingest-worker');
    await runner.stop();
    await database.close();
    const cpu = process.cpuUsage(cpuBefore);
    process.send!({ cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
  })();
});
