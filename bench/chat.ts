// npm run bench:chat -- [--visitors N] [--agents N] [--rate N] [--seconds N] [--replies N]
//                       [--group-commit on|off]
//
// Web chat under load: N concurrent widget connections (real WebSockets on
// loopback, the ws package playing the widget) and a few agents' realtime
// sockets, on PostgreSQL (DATABASE_URL, a database of its own) or, without it,
// a fresh embedded PGlite. Measures
//   visitor → agent   from a visitor sending a message until an agent's socket
//                     hears its message.created (the target: p99 ≤ 50 ms
//                     with 1,000 connections)
//   first message     the same for each visitor's first message (it opens a conversation)
//   agent → visitor   from an agent's reply (POST …/messages) until the visitor has it
// The visitors, the agents and the server share this one process (and its
// event loop): the figures include the clients' own work. The default rate,
// 25 messages/s, is each of 1,000 visitors writing every 40 s; every visitor's
// first message opens a conversation (phase 1, at the same rate).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { buildApp } from '../src/server/app.ts';
import { chatLimits } from '../src/server/channels/chat/chat.service.ts';
import { openMemory, openServer } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { createWorkspace } from '../src/server/features/workspaces/workspace.service.ts';
import { insertUser } from '../src/server/features/users/user.repo.ts';
import { secretsWithKey } from '../src/server/security/secrets.ts';
import type { ServerChatFrame } from '../src/shared/api/chat.ts';
import type { ServerMessage } from '../src/shared/api/realtime.ts';
import { summarise, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '5' },
    rate: { type: 'string', default: '25' },
    seconds: { type: 'string', default: '40' },
    replies: { type: 'string', default: '300' },
    // off: every visitor's message in a transaction of its own (before 2026-12-03)
    'group-commit': { type: 'string', default: 'on' },
  },
});
const VISITORS = Number(values.visitors);
const AGENTS = Number(values.agents);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const REPLIES = Number(values.replies);

// Every visitor comes from 127.0.0.1 here; the per-visitor message limit stays as shipped.
chatLimits.maxConnectionsPerIp = VISITORS + 10;

const url = process.env.DATABASE_URL;
const database = url ? await openServer(url, 20, { realtimeOutbox: true }) : await openMemory();
await migrate(database);
const app = await buildApp({
  database,
  config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
  logger: false,
  secrets: secretsWithKey(randomBytes(32)),
  groupCommit: values['group-commit'] !== 'off',
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const wsBase = address.replace(/^http/, 'ws');

const base = { db: database.db, log: app.log, now: () => new Date() };
const suffix = randomBytes(4).toString('hex');
const { workspace } = await createWorkspace(base, {
  name: `Chat bench ${suffix}`,
  adminEmail: `admin-${suffix}@bench.test`,
  adminPassword: 'bench password',
  timeZone: 'UTC',
});
const ctx = { ...base, workspaceId: workspace.id, actor: { kind: 'system' as const } };

/** When each message (by id) was sent by a visitor and seen by an agent, whichever comes first. */
const sentAt = new Map<string, number>();
const heardAt = new Map<string, number>();
const latencies: number[] = [];
const firstLatencies: number[] = [];
function match(id: string) {
  const sent = sentAt.get(id);
  const heard = heardAt.get(id);
  if (sent === undefined || heard === undefined) return;
  latencies.push(heard - sent);
  sentAt.delete(id);
  heardAt.delete(id);
}

// The agents: realtime sockets by API token.
let agentToken = '';
for (let i = 0; i < AGENTS; i++) {
  const user = await insertUser(database.db, workspace.id, {
    email: `agent${i}-${suffix}@bench.test`,
    name: `Agent ${i}`,
    role: 'agent',
    password_hash: null,
  });
  const { token } = await createApiToken(ctx, { userId: user.id, name: 'bench' });
  agentToken ||= token;
  const socket = new WebSocket(`${wsBase}/api/v1/realtime`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  // The first agent's socket times the notices (all agents get the same ones).
  if (i === 0) {
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      if (m.type !== 'message.created') return;
      heardAt.set(m.message_id, performance.now());
      match(m.message_id);
    });
  }
}

interface Visitor {
  socket: WebSocket;
  /** Its messages not echoed yet: ref → send time. */
  pending: Map<string, number>;
  seq: number;
}
/** Agents' replies on their way: text → send time. */
const replies = new Map<string, number>();
const replyLatencies: number[] = [];
/** From a visitor's message until its own socket has it back, stored. */
const echoLatencies: number[] = [];

function openVisitor(): Promise<Visitor> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/api/v1/chat/ws?workspace=${workspace.id}`);
    const v: Visitor = { socket, pending: new Map(), seq: 0 };
    socket.on('message', (data) => {
      const f = JSON.parse(data.toString()) as ServerChatFrame;
      if (f.type === 'welcome') resolve(v);
      else if (f.type === 'message' && f.ref) {
        const at = v.pending.get(f.ref);
        v.pending.delete(f.ref);
        if (at === undefined) return;
        echoLatencies.push(performance.now() - at);
        sentAt.set(f.message.id, at);
        match(f.message.id);
      } else if (f.type === 'message' && f.message.from === 'agent') {
        const at = replies.get(f.message.text);
        if (at !== undefined) replyLatencies.push(performance.now() - at);
        replies.delete(f.message.text);
      } else if (f.type === 'error') console.warn('visitor error', f);
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', language: 'en' })));
    socket.once('error', reject);
  });
}

function say(v: Visitor, text: string) {
  const ref = String(++v.seq);
  v.pending.set(ref, performance.now());
  v.socket.send(JSON.stringify({ type: 'message', text, ref }));
}

const started = performance.now();
const visitors: Visitor[] = [];
for (let i = 0; i < VISITORS; i += 50) {
  visitors.push(
    ...(await Promise.all(Array.from({ length: Math.min(50, VISITORS - i) }, openVisitor))),
  );
}
console.log(
  `${visitors.length} visitors connected in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function paced(count: number, perSecond: number, fn: (i: number) => void) {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    fn(i);
  }
}

// Phase 1: each visitor's first message, which opens its conversation.
const before = latencies.length;
const echoesBefore = echoLatencies.length;
await paced(visitors.length, RATE, (i) => say(visitors[i]!, `Hello, I need help (${i})`));
await sleep(2000);
// Everything heard so far came from first messages.
firstLatencies.push(...latencies.splice(before));
const firstEchoes = echoLatencies.splice(echoesBefore);

// Phase 2: messages into open conversations, at RATE per second, from random visitors.
const total = RATE * SECONDS;
const phase2 = performance.now();
await paced(total, RATE, (i) =>
  say(visitors[Math.floor(Math.random() * visitors.length)]!, `Question ${i} from a visitor`),
);
await sleep(2000);
const phase2Ms = performance.now() - phase2;

// Phase 3: agents' replies into the visitors' conversations, through the API.
const conversations = await database.db
  .selectFrom('conversations')
  .select('id')
  .where('workspace_id', '=', workspace.id)
  .execute();
await paced(Math.min(REPLIES, conversations.length), Math.min(RATE, 50), (i) => {
  const conversationId = conversations[i]!.id;
  const text = `Reply ${i}`;
  replies.set(text, performance.now());
  void app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/messages`,
    headers: { authorization: `Bearer ${agentToken}` },
    payload: { direction: 'outbound', body_text: text },
  });
});
await sleep(2000);

const row = (name: string, s: Stats) =>
  `| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.mean.toFixed(1)} |`;
console.log(
  `\n${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} · ${url ? 'PostgreSQL' : 'PGlite'} · ` +
    `${visitors.length} widget connections, ${AGENTS} agents, ${RATE} messages/s\n`,
);
console.log('| round trip | n | p50 ms | p95 ms | p99 ms | mean ms |');
console.log('|---|---|---|---|---|---|');
console.log(row('visitor → agent', summarise(latencies, phase2Ms)));
console.log(row('first message (new conversation)', summarise(firstLatencies, 1)));
console.log(row('agent → visitor', summarise(replyLatencies, 1)));
console.log(row('visitor → its own echo (stored)', summarise(echoLatencies, 1)));
console.log(row('first message: echo', summarise(firstEchoes, 1)));
const lost = RATE * SECONDS - latencies.length;
if (lost > 0) console.log(`\n${lost} messages of phase 2 were not heard by the agent in time`);

for (const v of visitors) v.socket.terminate();
await app.close();
await database.close();
process.exit(0);
