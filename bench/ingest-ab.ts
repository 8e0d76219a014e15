// npm run bench:ingest-ab -- [--generate] [--clients N] [--conversations N] [--messages N]
//                             [--variants a,b,…] [--rounds N] [--iterations N] [--concurrency N] [--latency N]
//
// Interleaved A/B runs of concurrent inbound ingestion on PostgreSQL
// (DATABASE_URL, a database of its own), variants of how the app's connections work:
//   notify    the realtime triggers call pg_notify in the writer's transaction
//             (as 0013_realtime.sql did), no drain; statements planned at each call
//   outbox    the triggers write to realtime_outbox, the process drains it every
//             25 ms (0021_realtime_outbox.sql, ADR 0006); planned at each call
//   prepared  outbox, and the statements marked PREPARED (the one-statement
//             append of ADR 0005) run as named prepared statements — as shipped
// Each round runs every variant (default notify,outbox), each in a fresh child
// process, in rotating order, so that the noise of a shared machine hits all
// alike: compare the ratios within a round, not absolute figures. Each child
// measures ingestInboundMessage (as bench/run.ts) into open conversations and
// from new senders, then the time from an ingest's commit until its
// `message.created` reaches an agent's WebSocket. Generate the data set once
// with --generate.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { buildApp } from '../src/server/app.ts';
import type { Ctx } from '../src/server/context.ts';
import { openServer, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { ingestInboundMessage } from '../src/server/features/conversations/conversation.service.ts';
import { realtimeTuning } from '../src/server/realtime/realtime.hub.ts';
import { generateDataSet } from './generate.ts';
import { measure, summarise, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    generate: { type: 'boolean', default: false },
    clients: { type: 'string', default: '20000' },
    conversations: { type: 'string', default: '40000' },
    messages: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '4' },
    iterations: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    latency: { type: 'string', default: '200' },
    variants: { type: 'string', default: 'notify,outbox' },
    variant: { type: 'string' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name a PostgreSQL database of its own');

const VARIANTS = ['notify', 'outbox', 'prepared'] as const;
type Variant = (typeof VARIANTS)[number];
interface Result {
  variant: Variant;
  /** CPU milliseconds per message into an open conversation: this process, and the database's backends. */
  cpu: { node: number; backend: number };
  open: Stats;
  fresh: Stats;
  latency: Stats;
}

/** One variant in this process: its trigger functions, a server with a socket, the workloads. */
async function child(variant: Variant): Promise<Result> {
  const database = await openServer(url!, 20, {
    realtimeOutbox: variant !== 'notify',
    prepared: variant === 'prepared',
  });
  try {
    await database.query('truncate realtime_outbox');
    // Without the outbox nothing needs draining: the process does not poll.
    if (variant === 'notify') realtimeTuning.drainMs = 2 ** 31 - 1;
    return await run(database, variant);
  } finally {
    await database.close();
  }
}

/** CPU milliseconds used so far by each backend of this database (Linux /proc, USER_HZ 100). */
async function backendCpuMs(database: Database) {
  const { rows } = await database.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // ended meanwhile
    }
  }
  return cpu;
}

async function run(database: Database, variant: Variant): Promise<Result> {
  // The generated workspace is the one with the most conversations; its agents are users.
  const ws = (
    await database.query<{ workspace_id: string }>(
      `select workspace_id from conversations group by workspace_id order by count(*) desc limit 1`,
    )
  ).rows[0]!.workspace_id;
  const agentId = (
    await database.query<{ id: string }>(
      `select id from users where workspace_id = $1 and role = 'agent' order by id limit 1`,
      [ws],
    )
  ).rows[0]!.id;
  const app = await buildApp({
    database,
    config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
    logger: false,
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const ctx: Ctx = {
    workspaceId: ws,
    actor: { kind: 'user', userId: agentId, role: 'agent', via: 'token' },
    db: database.db,
    log: app.log,
    now: () => new Date(),
  } as Ctx;
  const { token } = await createApiToken({ ...ctx, actor: { kind: 'system' } } as unknown as Ctx, {
    userId: agentId,
    name: `ab ${process.pid}`,
  });

  // An agent's socket, open through the whole run as in production.
  const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/api/v1/realtime`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string; message_id?: string };
    if (m.type !== 'message.created' || !m.message_id) return;
    const at = performance.now();
    const w = waiting.get(m.message_id);
    if (w) {
      waiting.delete(m.message_id);
      w(at);
    } else if (seen.size < 10_000) seen.set(m.message_id, at);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  const run = `${process.pid}-${Date.now()}`;
  let n = 0;
  const contact = (i: number) => ({ email: `client${10 + (Math.abs(i) % 1000)}@example.es` });
  const inbound = (email: { email: string }, externalId: string) =>
    ingestInboundMessage(ctx, {
      contact: email,
      channel: 'email',
      subject: 'Pedido',
      body_text: 'Hola, ¿dónde está mi pedido?',
      external_id: externalId,
    });
  // Each of 1,000 senders has an open conversation (not timed; cheap when they already do).
  for (let i = 0; i < 1000; i++) await inbound(contact(i), `prime-${run}-${i}`);
  const iterations = Number(values.iterations);
  const concurrency = Number(values.concurrency);
  const backends0 = await backendCpuMs(database);
  const node0 = process.cpuUsage();
  const open = await measure((i) => inbound(contact(i), `ab-${run}-${n++}`), {
    iterations,
    concurrency,
  });
  const node = process.cpuUsage(node0);
  let backend = 0;
  for (const [pid, ms] of await backendCpuMs(database)) backend += ms - (backends0.get(pid) ?? 0);
  // The warm-up calls (measure's) ran in the interval too.
  const calls = iterations + Math.min(50, Math.ceil(iterations / 10));
  const cpu = { node: (node.user + node.system) / 1000 / calls, backend: backend / calls };
  const fresh = await measure(
    () => inbound({ email: `ab-${run}-${n}@example.es` }, `ab-new-${run}-${n++}`),
    { iterations: Math.ceil(iterations / 4), concurrency },
  );

  // Commit to socket, one message at a time, at random moments (so the drain's
  // 25 ms period is met at every phase).
  seen.clear();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < Number(values.latency); i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
    const { messageId } = await inbound(contact(i), `lat-${run}-${i}`);
    const committed = performance.now();
    const early = seen.get(messageId);
    const at =
      early ??
      (await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message.created in 10 s')), 10_000);
        waiting.set(messageId, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }));
    // A notice seen before the call returned counts as no delay.
    latencies.push(Math.max(0, at - committed));
  }
  const latency = summarise(latencies, performance.now() - started);
  socket.close();
  await app.close();
  return { variant, cpu, open, fresh, latency };
}

async function parent() {
  if (values.generate) {
    const database = await openServer(url!, 4);
    try {
      await migrate(database);
      await generateDataSet(
        database,
        {
          clients: Number(values.clients),
          conversations: Number(values.conversations),
          messages: Number(values.messages),
        },
        (line) => console.error(line),
      );
    } finally {
      await database.close();
    }
  }
  const variants = values.variants.split(',') as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`);
  const rounds = Number(values.rounds);
  const results: Record<string, Result>[] = [];
  const childArgs = process.argv.slice(2).filter((a) => a !== '--generate');
  for (let r = 0; r < rounds; r++) {
    const order = [
      ...variants.slice(r % variants.length),
      ...variants.slice(0, r % variants.length),
    ];
    const round: Record<string, Result> = {};
    for (const variant of order) {
      const out = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), ...childArgs, '--variant', variant],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
      );
      if (out.status !== 0) throw new Error(`${variant} run failed (${out.status})`);
      const result = JSON.parse(out.stdout.trim().split('\n').pop()!) as Result;
      round[variant] = result;
      console.error(
        `round ${r + 1} ${variant}: open ${result.open.perSecond.toFixed(0)}/s, ` +
          `new ${result.fresh.perSecond.toFixed(0)}/s, ` +
          `latency p50 ${result.latency.p50.toFixed(1)} ms p99 ${result.latency.p99.toFixed(1)} ms, ` +
          `CPU per message ${result.cpu.node.toFixed(2)} ms node + ${result.cpu.backend.toFixed(2)} ms PostgreSQL`,
      );
    }
    results.push(round);
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const [base, ...others] = variants as [Variant, ...Variant[]];
  const head = ['round'];
  for (const v of variants)
    head.push(
      `${v} open/s`,
      `${v} new/s`,
      `${v} commit→socket p50 / p99 ms`,
      `${v} CPU ms/msg node + PG`,
    );
  for (const v of others) head.push(`${v}/${base} open`, `${v}/${base} new`);
  const rows = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---:').join(' | ')} |`];
  const cells = (
    pick: (f: (xs: number[]) => number, get: (r: Record<string, Result>) => number) => number,
  ) => {
    const c: string[] = [];
    for (const v of variants) {
      c.push(
        f(pick(median, (r) => r[v]!.open.perSecond)),
        f(pick(median, (r) => r[v]!.fresh.perSecond)),
        `${f(pick(median, (r) => r[v]!.latency.p50))} / ${f(pick(median, (r) => r[v]!.latency.p99))}`,
        `${pick(median, (r) => r[v]!.cpu.node).toFixed(2)} + ${pick(median, (r) => r[v]!.cpu.backend).toFixed(2)}`,
      );
    }
    for (const v of others) {
      c.push(
        pick(median, (r) => r[v]!.open.perSecond / r[base]!.open.perSecond).toFixed(2),
        pick(median, (r) => r[v]!.fresh.perSecond / r[base]!.fresh.perSecond).toFixed(2),
      );
    }
    return c;
  };
  results.forEach((r, i) => rows.push(`| ${[i + 1, ...cells((_, get) => get(r))].join(' | ')} |`));
  rows.push(`| ${['median', ...cells((m, get) => m(results.map(get)))].join(' | ')} |`);
  console.log(rows.join('\n'));
}

if (values.variant) {
  const result = await child(values.variant as Variant);
  console.log(JSON.stringify(result));
} else {
  await parent();
}
