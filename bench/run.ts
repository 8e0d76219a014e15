// npm run bench -- [--clients N] [--conversations N] [--messages N] [--iterations N] [--out FILE]
//   [--concurrency N] [--batches 50,200] [--only REGEX] [--group-commit on|off] [--reuse]
//   [--in-flight N]
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
import {
  createInboundCommitter,
  ingestInboundMessages,
} from '../src/server/features/conversations/ingest-many.service.ts';
import { generateDataSet, type DataSet } from './generate.ts';
import { measure, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    conversations: { type: 'string', default: '200000' },
    messages: { type: 'string', default: '2000000' },
    iterations: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    batches: { type: 'string', default: '50,200' },
    only: { type: 'string' },
    // Measure again on the data set an earlier run left in DATABASE_URL (not generated again).
    reuse: { type: 'boolean', default: false },
    // Group commit: transactions of a workspace at once (the app's default 2).
    'in-flight': { type: 'string', default: '2' },
    // off: the app adds every posted message in a transaction of its own (before 2026-12-03)
    'group-commit': { type: 'string', default: 'on' },
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
const batchSizes = values.batches.split(',').map(Number);
// Workloads whose name matches (all by default): e.g. --only ingest
const only = values.only ? new RegExp(values.only, 'i') : undefined;
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
  /** Messages per call (a batch): "per s" is then messages per second. */
  perCall?: number;
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
      `| ${r.workload} | ${fmt(r.ours.p50)} | ${fmt(r.ours.p95)} | ${fmt(r.ours.p99)} | ${fmt(r.ours.perSecond * (r.perCall ?? 1))} | ` +
        `${fmt(r.bare.p50)} | ${fmt(r.bare.p99)} | ${fmt(r.bare.perSecond * (r.perCall ?? 1))} | ${(r.ours.p99 / r.bare.p99).toFixed(1)}× |`,
    );
  }
  return lines.join('\n');
}

/** The data set an earlier run generated: the workspace with the most conversations. */
async function findDataSet(database: Database): Promise<DataSet | undefined> {
  const q = database.query.bind(database);
  const ws = (
    await q<{ workspace_id: string }>(
      `select workspace_id from conversations group by workspace_id order by count(*) desc limit 1`,
    )
  ).rows[0]?.workspace_id;
  if (!ws) return undefined;
  const agentIds = (
    await q<{ id: string }>(
      `select id from users where workspace_id = $1 and role = 'agent' order by id`,
      [ws],
    )
  ).rows.map((r) => r.id);
  const long = await q<{ id: string }>(
    `select id from conversations where workspace_id = $1 order by message_count desc limit 1`,
    [ws],
  );
  const sample = await q<{ name: string; value: string }>(
    `select c.name, i.value from clients c join client_identities i on i.workspace_id = c.workspace_id and i.client_id = c.id
     where c.workspace_id = $1 and i.kind = 'email' order by c.id limit 1 offset 777`,
    [ws],
  );
  return {
    workspaceId: ws,
    agentIds,
    teamIds: [],
    longConversationId: long.rows[0]!.id,
    sampleClientName: sample.rows[0]?.name ?? '',
    sampleEmail: sample.rows[0]?.value ?? '',
  };
}

async function main() {
  const { database, cleanup } = await open();
  try {
    await migrate(database);
    const started = performance.now();
    log(
      `generating ${size.clients} clients, ${size.conversations} conversations, ${size.messages} messages on ${database.kind}`,
    );
    const reused = values.reuse ? await findDataSet(database) : undefined;
    if (reused) log(`reusing the data set of workspace ${reused.workspaceId}`);
    const ds =
      reused ??
      (await generateDataSet(database, size, (line) =>
        log(`  ${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
      ));
    const generateSeconds = (performance.now() - started) / 1000;

    const app = await buildApp({
      database,
      config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
      logger: false,
      groupCommit: values['group-commit'] !== 'off',
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

    const workload = async (
      name: string,
      ours: () => Promise<Stats>,
      bare: () => Promise<Stats>,
      perCall?: number,
    ) => {
      if (only && !only.test(name)) return;
      log(name);
      rows.push({ workload: name, ours: await ours(), bare: await bare(), perCall });
    };

    await workload(
      'inbox first page (view mine, HTTP)',
      () => measure(() => http('GET', '/api/v1/conversations?view=mine&limit=25'), opts),
      () =>
        measure(
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
    );
    await workload(
      'inbox first page (view all, HTTP)',
      () => measure(() => http('GET', '/api/v1/conversations?view=all&limit=25'), opts),
      () =>
        measure(
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
    );

    const openBare = async (id: string) => {
      await q(`select * from conversations where workspace_id = $1 and id = $2`, [ws, id]);
      await q(
        `select * from messages where workspace_id = $1 and conversation_id = $2 order by id desc limit 51`,
        [ws, id],
      );
    };
    await workload(
      'open conversation + last 50 messages (HTTP)',
      () =>
        measure(async (i) => {
          const id = pick(i);
          await Promise.all([
            http('GET', `/api/v1/conversations/${id}`),
            http('GET', `/api/v1/conversations/${id}/messages?limit=50`),
          ]);
        }, opts),
      () => measure((i) => openBare(pick(i)), opts),
    );
    await workload(
      'open the 5,000-message conversation (HTTP)',
      () =>
        measure(async () => {
          await Promise.all([
            http('GET', `/api/v1/conversations/${ds.longConversationId}`),
            http('GET', `/api/v1/conversations/${ds.longConversationId}/messages?limit=50`),
          ]);
        }, opts),
      () => measure(() => openBare(ds.longConversationId), opts),
    );

    const terms = [
      ds.sampleClientName.split(' ')[0]!.slice(0, 5) + 'x',
      ds.sampleEmail.replace('client', 'clinet'),
      'Kovacs',
      'Иванва',
    ];
    await workload(
      'client search with a typo (HTTP)',
      () =>
        measure(
          (i) =>
            http(
              'GET',
              `/api/v1/clients?q=${encodeURIComponent(terms[Math.abs(i) % terms.length]!)}`,
            ),
          opts,
        ),
      () =>
        measure(
          (i) =>
            q(
              `select id, name, similarity(search_name, search_fold($2)) s from clients
             where workspace_id = $1 and search_name % search_fold($2) and deleted_at is null order by s desc limit 25`,
              [ws, terms[Math.abs(i) % terms.length]!],
            ),
          opts,
        ),
    );

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
    // The same for a batch: one multi-row insert and one update of the batch's
    // conversations, in one transaction.
    const bareIngestBatch = async (i: number, size: number) => {
      const ids = Array.from({ length: size }, (_, k) => pick(i * size + k));
      await database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('messages')
          .values(
            ids.map((id) => ({
              workspace_id: ws,
              conversation_id: id,
              direction: 'inbound' as const,
              channel: 'email' as const,
              body_text: 'bare ingest',
              external_id: `bare-${process.pid}-${n++}`,
            })),
          )
          .execute();
        await sql`update conversations set last_message_at = now(), message_count = message_count + 1,
                  last_excerpt = 'bare ingest', last_inbound_at = now()
                  where workspace_id = ${ws} and id = any(${sql.val([...new Set(ids)])}::bigint[])`.execute(
          trx,
        );
      });
    };
    // Most inbound messages continue a conversation: give each of 1,000 senders one
    // first (not timed), then measure messages into those threads, and separately
    // messages from new senders, each opening a conversation.
    const contact = (i: number) => ({ email: `client${10 + (Math.abs(i) % 1000)}@example.es` });
    const message = (email: { email: string }, externalId: string) => ({
      contact: email,
      channel: 'email' as const,
      subject: 'Pedido',
      body_text: 'Hola, ¿dónde está mi pedido?',
      external_id: externalId,
    });
    const inbound = (email: { email: string }, externalId: string) =>
      ingestInboundMessage(ctx, message(email, externalId));
    if (!only || only.test('ingest')) {
      for (let i = 0; i < 1000; i++) await inbound(contact(i), `prime-${process.pid}-${i}`);
    }
    await workload(
      `ingest into an open conversation (service, ${ingestConcurrency} at once)`,
      () => measure((i) => inbound(contact(i), `svc-${process.pid}-${n++}`), ingestOpts),
      () => measure(bareIngest, ingestOpts),
    );
    await workload(
      `ingest from a new sender: a new conversation (service, ${ingestConcurrency} at once)`,
      () =>
        measure(
          () =>
            inbound({ email: `new-${process.pid}-${n}@example.es` }, `new-${process.pid}-${n++}`),
          { iterations, concurrency: ingestConcurrency },
        ),
      () => measure(bareIngest, { iterations, concurrency: ingestConcurrency }),
    );

    // The same messages from concurrent callers through the group commit the channels use
    // (chat, SMS, the API): a caller alone goes at once, callers that come while others
    // commit share the next transaction.
    const committer = createInboundCommitter({ inFlight: Number(values['in-flight']) });
    await workload(
      `ingest into an open conversation (group commit, ${ingestConcurrency} at once)`,
      () =>
        measure(
          (i) => committer.ingest(ctx, message(contact(i), `gc-${process.pid}-${n++}`)),
          ingestOpts,
        ),
      () => measure(bareIngest, ingestOpts),
    );
    await workload(
      `ingest from a new sender (group commit, ${ingestConcurrency} at once)`,
      () =>
        measure(
          () =>
            committer.ingest(
              ctx,
              message(
                { email: `gcnew-${process.pid}-${n}@example.es` },
                `gcnew-${process.pid}-${n++}`,
              ),
            ),
          { iterations, concurrency: ingestConcurrency },
        ),
      () => measure(bareIngest, { iterations, concurrency: ingestConcurrency }),
    );

    // Batches through the service (ingestInboundMessages: stored ids, senders, threads,
    // then ingestInboundBatch's multi-row statements), one transaction per batch; the
    // figures are per batch, "per s" in messages.
    const batchCallers = database.kind === 'postgres' ? [1, 2] : [1];
    for (const size of batchSizes) {
      for (const callers of batchCallers) {
        const calls = Math.max(10, Math.ceil((iterations * 8) / size));
        const batchOpts = { iterations: calls, concurrency: callers, warmup: 2 };
        await workload(
          `ingest in batches of ${size} into open conversations (service, ${callers} at once)`,
          () =>
            measure(
              (i) =>
                ingestInboundMessages(
                  ctx,
                  // Consecutive batches from different senders (of the 1,000 primed).
                  Array.from({ length: size }, (_, k) =>
                    message(contact(Math.abs(i) * size + k), `batch-${process.pid}-${n++}`),
                  ),
                ),
              batchOpts,
            ),
          () => measure((i) => bareIngestBatch(i, size), batchOpts),
          size,
        );
        await workload(
          `ingest in batches of ${size} from new senders (service, ${callers} at once)`,
          () =>
            measure(
              () =>
                ingestInboundMessages(
                  ctx,
                  Array.from({ length: size }, () =>
                    message(
                      { email: `bnew-${process.pid}-${n}@example.es` },
                      `bnew-${process.pid}-${n++}`,
                    ),
                  ),
                ),
              { ...batchOpts, iterations: Math.max(5, Math.ceil(calls / 4)) },
            ),
          () =>
            measure((i) => bareIngestBatch(i, size), {
              ...batchOpts,
              iterations: Math.max(5, Math.ceil(calls / 4)),
            }),
          size,
        );
      }
    }

    await workload(
      `post a message (HTTP, ${ingestConcurrency} at once)`,
      () =>
        measure(
          (i) =>
            http('POST', `/api/v1/conversations/${pick(i)}/messages`, {
              direction: 'inbound',
              body_text: 'Hola, ¿dónde está mi pedido?',
              external_id: `http-${process.pid}-${n++}`,
            }),
          ingestOpts,
        ),
      () => measure(bareIngest, ingestOpts),
    );
    await app.close();

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const header =
      `### ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'} — ${size.conversations.toLocaleString('en')} conversations, ` +
      `${size.messages.toLocaleString('en')} messages, ${size.clients.toLocaleString('en')} clients\n\n` +
      `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ` +
      `Node ${process.version}; ${reused ? "an earlier run's data set" : `data set generated in ${generateSeconds.toFixed(0)} s`}; ` +
      `${iterations} iterations per read workload; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end.`;
    const text = report(rows, header);
    console.log(text);
    if (values.out) fs.appendFileSync(values.out, `\n${text}\n`);
  } finally {
    await database.close();
    cleanup();
  }
}

await main();
