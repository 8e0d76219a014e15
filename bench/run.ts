// npm run bench -- [--clients N] [--conversations N] [--messages N] [--iterations N] [--out FILE]
// Generates a data set (on DATABASE_URL when set, else an embedded PGlite in a
// temporary directory) and measures the hot paths against the bare SQL of the
// same work through the same driver.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import type { Ctx } from '../src/server/context.ts';
import { openEmbedded, openServer, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { ingestInboundMessage } from '../src/server/features/conversations/conversation.service.ts';
import { generateDataSet } from './generate.ts';
import { measure, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    conversations: { type: 'string', default: '200000' },
    messages: { type: 'string', default: '2000000' },
    iterations: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    out: { type: 'string' },
  },
});
const size = {
  clients: Number(values.clients),
  conversations: Number(values.conversations),
  messages: Number(values.messages),
};
const iterations = Number(values.iterations);
const concurrency = Number(values.concurrency);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function open(): Promise<{ database: Database; cleanup: () => void }> {
  if (process.env.DATABASE_URL) {
    const database = await openServer(process.env.DATABASE_URL, 20);
    return { database, cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
  const database = await openEmbedded(dir);
  return { database, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

interface Row {
  workload: string;
  ours: Stats;
  bare: Stats;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function report(rows: Row[], header: string): string {
  const lines = [
    header,
    '',
    '| workload | p50 ms | p95 ms | p99 ms | per s | bare p50 | bare p99 | bare per s | p99 ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.workload} | ${fmt(r.ours.p50)} | ${fmt(r.ours.p95)} | ${fmt(r.ours.p99)} | ${fmt(r.ours.perSecond)} | ` +
        `${fmt(r.bare.p50)} | ${fmt(r.bare.p99)} | ${fmt(r.bare.perSecond)} | ${(r.ours.p99 / r.bare.p99).toFixed(1)}× |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const { database, cleanup } = await open();
  try {
    await migrate(database);
    const started = performance.now();
    log(
      `generating ${size.clients} clients, ${size.conversations} conversations, ${size.messages} messages on ${database.kind}`,
    );
    const ds = await generateDataSet(database, size, (line) =>
      log(`  ${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    );
    const generateSeconds = (performance.now() - started) / 1000;

    const app = await buildApp({
      database,
      config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
      logger: false,
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const agentId = ds.agentIds[8]!;
    const ctx: Ctx = {
      workspaceId: ds.workspaceId,
      actor: { kind: 'user', userId: agentId, role: 'agent', via: 'token' },
      db: database.db,
      log: app.log,
      now: () => new Date(),
    };
    const { token } = await createApiToken(ctx, { userId: agentId, name: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const http = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(base + url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
      return text;
    };
    const q = database.query.bind(database);
    const ws = ds.workspaceId;
    const opts = { iterations };
    const rows: Row[] = [];
    const conversationIds = (
      await q<{ id: string }>(
        `select id from conversations where workspace_id = $1 and status not in ('resolved','closed') order by id limit 500`,
        [ws],
      )
    ).rows.map((r) => r.id);
    const pick = (i: number) => conversationIds[Math.abs(i) % conversationIds.length]!;

    log('inbox first page');
    rows.push({
      workload: 'inbox first page (view mine, HTTP)',
      ours: await measure(() => http('GET', '/api/v1/conversations?view=mine&limit=25'), opts),
      bare: await measure(
        () =>
          q(
            `select c.*, cl.name as client_name, u.name as assignee_name from conversations c
             join clients cl on cl.workspace_id = c.workspace_id and cl.id = c.client_id
             left join users u on u.workspace_id = c.workspace_id and u.id = c.assignee_id
             where c.workspace_id = $1 and c.assignee_id = $2 and c.status not in ('resolved','closed')
             order by c.last_message_at desc, c.id desc limit 26`,
            [ws, agentId],
          ),
        opts,
      ),
    });
    rows.push({
      workload: 'inbox first page (view all, HTTP)',
      ours: await measure(() => http('GET', '/api/v1/conversations?view=all&limit=25'), opts),
      bare: await measure(
        () =>
          q(
            `select c.*, cl.name as client_name from conversations c
             join clients cl on cl.workspace_id = c.workspace_id and cl.id = c.client_id
             where c.workspace_id = $1 and c.status not in ('resolved','closed')
             order by c.last_message_at desc, c.id desc limit 26`,
            [ws],
          ),
        opts,
      ),
    });

    log('open a conversation');
    const openBare = async (id: string) => {
      await q(`select * from conversations where workspace_id = $1 and id = $2`, [ws, id]);
      await q(
        `select * from messages where workspace_id = $1 and conversation_id = $2 order by id desc limit 51`,
        [ws, id],
      );
    };
    rows.push({
      workload: 'open conversation + last 50 messages (HTTP)',
      ours: await measure(async (i) => {
        const id = pick(i);
        await Promise.all([
          http('GET', `/api/v1/conversations/${id}`),
          http('GET', `/api/v1/conversations/${id}/messages?limit=50`),
        ]);
      }, opts),
      bare: await measure((i) => openBare(pick(i)), opts),
    });
    rows.push({
      workload: 'open the 5,000-message conversation (HTTP)',
      ours: await measure(async () => {
        await Promise.all([
          http('GET', `/api/v1/conversations/${ds.longConversationId}`),
          http('GET', `/api/v1/conversations/${ds.longConversationId}/messages?limit=50`),
        ]);
      }, opts),
      bare: await measure(() => openBare(ds.longConversationId), opts),
    });

    log('client search');
    const terms = [
      ds.sampleClientName.split(' ')[0]!.slice(0, 5) + 'x',
      ds.sampleEmail.replace('client', 'clinet'),
      'Kovacs',
      'Иванва',
    ];
    rows.push({
      workload: 'client search with a typo (HTTP)',
      ours: await measure(
        (i) =>
          http(
            'GET',
            `/api/v1/clients?q=${encodeURIComponent(terms[Math.abs(i) % terms.length]!)}`,
          ),
        opts,
      ),
      bare: await measure(
        (i) =>
          q(
            `select id, name, similarity(lower(name), $2) s from clients
             where workspace_id = $1 and lower(name) % $2 and deleted_at is null order by s desc limit 25`,
            [ws, terms[Math.abs(i) % terms.length]!.toLowerCase()],
          ),
        opts,
      ),
    });

    log('ingest');
    let n = 0;
    const ingestConcurrency = database.kind === 'postgres' ? concurrency : 1;
    const ingestOpts = { iterations: iterations * 4, concurrency: ingestConcurrency };
    const bareIngest = async (i: number) => {
      const id = pick(i);
      await database.db.transaction().execute(async (trx) => {
        await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text, external_id)
                  values (${ws}, ${id}, 'inbound', 'email', 'bare ingest', ${`bare-${process.pid}-${n++}`})`.execute(
          trx,
        );
        await sql`update conversations set last_message_at = now(), message_count = message_count + 1,
                  last_excerpt = 'bare ingest', last_inbound_at = now() where workspace_id = ${ws} and id = ${id}`.execute(
          trx,
        );
      });
    };
    // Most inbound messages continue a conversation: give each of 1,000 senders one
    // first (not timed), then measure messages into those threads, and separately
    // messages from new senders, each opening a conversation.
    const contact = (i: number) => ({ email: `client${10 + (Math.abs(i) % 1000)}@example.es` });
    const inbound = (email: { email: string }, externalId: string) =>
      ingestInboundMessage(ctx, {
        contact: email,
        channel: 'email',
        subject: 'Pedido',
        body_text: 'Hola, ¿dónde está mi pedido?',
        external_id: externalId,
      });
    for (let i = 0; i < 1000; i++) await inbound(contact(i), `prime-${process.pid}-${i}`);
    rows.push({
      workload: `ingest into an open conversation (service, ${ingestConcurrency} at once)`,
      ours: await measure((i) => inbound(contact(i), `svc-${process.pid}-${n++}`), ingestOpts),
      bare: await measure(bareIngest, ingestOpts),
    });
    rows.push({
      workload: `ingest from a new sender: a new conversation (service, ${ingestConcurrency} at once)`,
      ours: await measure(
        () => inbound({ email: `new-${process.pid}-${n}@example.es` }, `new-${process.pid}-${n++}`),
        { iterations, concurrency: ingestConcurrency },
      ),
      bare: await measure(bareIngest, { iterations, concurrency: ingestConcurrency }),
    });
    rows.push({
      workload: `post a message (HTTP, ${ingestConcurrency} at once)`,
      ours: await measure(
        (i) =>
          http('POST', `/api/v1/conversations/${pick(i)}/messages`, {
            direction: 'inbound',
            body_text: 'Hola, ¿dónde está mi pedido?',
            external_id: `http-${process.pid}-${n++}`,
          }),
        ingestOpts,
      ),
      bare: await measure(bareIngest, ingestOpts),
    });
    await app.close();

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const header =
      `### ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'} — ${size.conversations.toLocaleString('en')} conversations, ` +
      `${size.messages.toLocaleString('en')} messages, ${size.clients.toLocaleString('en')} clients\n\n` +
      `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ` +
      `Node ${process.version}; data set generated in ${generateSeconds.toFixed(0)} s; ${iterations} iterations per read workload.`;
    const text = report(rows, header);
    console.log(text);
    if (values.out) fs.appendFileSync(values.out, `\n${text}\n`);
  } finally {
    await database.close();
    cleanup();
  }
}

await main();
