import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import type { Ctx } from '../../context.ts';
import type { InboundMessage } from './conversation.service.ts';
import type { AddedMessage } from './message.service.ts';
import type { KyselyPlugin } from 'kysely';
import {
  createInboundCommitter,
  ingestInboundMessages,
  type InboundOutcome,
} from './ingest-many.service.ts';

// Inbound messages of concurrent callers (chat visitors, SMS webhooks) share
// transactions: each caller still gets its own message or its own error, a repeated
// external id is stored once, and one bad message fails nobody else.
let t: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  w = await newWorkspace(t);
});
afterAll(() => t.close());

const uid = () => randomUUID().slice(0, 8);

/** The stored messages of these ids: body, conversation and the transaction that wrote each. */
async function stored(ids: string[]) {
  const rows = await t.database.query<{
    id: string;
    body_text: string;
    conversation_id: string;
    created_at: Date;
    tx: string;
  }>(
    `select id, body_text, conversation_id, created_at, xmin::text as tx from messages
     where workspace_id = $1 and id = any($2::bigint[])`,
    [w.workspaceId, ids],
  );
  return new Map(rows.rows.map((r) => [r.id, r]));
}

const sms = (phone: string, text: string, externalId?: string): InboundMessage => ({
  contact: { phone },
  channel: 'sms',
  subject: text,
  body_text: text,
  external_id: externalId,
});
const chat = (visitor: string, text: string, prechat?: { name: string }): InboundMessage => ({
  contact: { chat: visitor, name: prechat?.name },
  channel: 'chat',
  subject: text,
  body_text: text,
  ...(prechat ? { opening_event: { type: 'chat.prechat', data: { ...prechat } } } : {}),
});

describe('group commit of inbound messages', () => {
  it('stores every message of a concurrent burst into one conversation once, and counts them all', async () => {
    const committer = createInboundCommitter({ inFlight: 2 });
    const phone = `+3670${uid().replace(/\D/g, '7').slice(0, 6)}`;
    const first = await committer.ingest(w.ctx, sms(phone, 'first'));
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        committer.ingest(w.ctx, sms(phone, `burst ${i}`, `burst-${phone}-${i}`)),
      ),
    );
    expect(new Set(burst.map((o) => o.conversationId))).toEqual(new Set([first.conversationId]));
    const rows = await stored(burst.map((o) => o.messageId));
    burst.forEach((o, i) => expect(rows.get(o.messageId)!.body_text).toBe(`burst ${i}`));
    expect(new Set([...rows.values()].map((r) => r.tx)).size).toBeLessThan(20);
    const res = await w.admin.get(`/api/v1/conversations/${first.conversationId}`);
    expect(res.json()).toMatchObject({ message_count: 21, status: 'new' });
  });

  it('gives every caller its own message; a new sender’s messages make one conversation', async () => {
    // One transaction at a time, so each new sender's first message commits before the
    // group of the rest (with two, a group may race a sender's first transaction on its
    // new identity: it then fails and goes one by one, as the next test shows for others).
    const committer = createInboundCommitter({ inFlight: 1 });
    const run = uid();
    const phones = Array.from(
      { length: 6 },
      (_, i) => `+3630${run.replace(/\D/g, '0').slice(0, 5)}${i}0`,
    );
    const visitors = Array.from({ length: 4 }, () => randomUUID());
    const inputs: InboundMessage[] = [];
    for (let k = 0; k < 3; k++) {
      phones.forEach((p, i) => inputs.push(sms(p, `sms ${i}.${k}`, `sms-${run}-${i}-${k}`)));
      visitors.forEach((v, i) =>
        inputs.push(chat(v, `chat ${i}.${k}`, i === 0 ? { name: 'Zsófia' } : undefined)),
      );
    }
    const outcomes = await Promise.all(inputs.map((input) => committer.ingest(w.ctx, input)));

    const rows = await stored(outcomes.map((o) => o.messageId));
    expect(rows.size).toBe(inputs.length);
    outcomes.forEach((o, i) => {
      expect(o.created).toBe(true);
      expect(rows.get(o.messageId)!.body_text).toBe(inputs[i]!.body_text);
      expect(rows.get(o.messageId)!.conversation_id).toBe(o.conversationId);
    });
    // Callers that came while others committed shared a transaction.
    expect(new Set([...rows.values()].map((r) => r.tx)).size).toBeLessThan(inputs.length);

    // Each sender: one conversation, opened by its first message, holding all three.
    const bySender = new Map<string, InboundOutcome[]>();
    inputs.forEach((input, i) => {
      const key = input.contact.phone ?? input.contact.chat!;
      bySender.set(key, [...(bySender.get(key) ?? []), outcomes[i]!]);
    });
    for (const list of bySender.values()) {
      expect(new Set(list.map((o) => o.conversationId)).size).toBe(1);
      expect(list.map((o) => o.conversationCreated)).toEqual([true, false, false]);
      const res = await w.admin.get(`/api/v1/conversations/${list[0]!.conversationId}`);
      expect(res.json()).toMatchObject({ message_count: 3, status: 'new' });
    }
    // The pre-chat form is on the timeline of the conversation its message opened.
    const first = bySender.get(visitors[0]!)![0]!;
    const events = await w.admin.get(`/api/v1/conversations/${first.conversationId}/events`);
    expect(
      (events.json().items as { type: string; data: unknown }[]).filter(
        (e) => e.type === 'chat.prechat',
      ),
    ).toMatchObject([{ data: { name: 'Zsófia' } }]);
  });

  it('stores an external id once: stored before, twice in a group, or sent by two callers', async () => {
    // One transaction at a time: the first caller goes alone, the others wait together.
    const committer = createInboundCommitter({ inFlight: 1 });
    const run = uid();
    const phone = `+40721${run.replace(/\D/g, '1').slice(0, 4)}01`;
    const before = await committer.ingest(w.ctx, sms(phone, 'before', `dup-${run}-a`));
    const [again, fresh, freshAgain, other] = await Promise.all([
      committer.ingest(w.ctx, sms(phone, 'before (again)', `dup-${run}-a`)),
      committer.ingest(w.ctx, sms(phone, 'fresh', `dup-${run}-b`)),
      committer.ingest(w.ctx, sms(phone, 'fresh (again)', `dup-${run}-b`)),
      committer.ingest(w.ctx, sms(phone, 'other', `dup-${run}-c`)),
    ]);
    expect(again).toEqual({ ...before, created: false, conversationCreated: false });
    expect(fresh).toMatchObject({ created: true, conversationCreated: false });
    expect(freshAgain).toEqual({ ...fresh, created: false });
    expect(other).toMatchObject({ created: true, conversationId: before.conversationId });
    const rows = await stored([before.messageId, fresh.messageId, other.messageId]);
    expect([...rows.values()].map((r) => r.body_text).sort()).toEqual(['before', 'fresh', 'other']);
    const res = await w.admin.get(`/api/v1/conversations/${before.conversationId}`);
    expect(res.json()).toMatchObject({ message_count: 3 });
  });

  it('fails only the bad message of a group; the others are stored', async () => {
    const committer = createInboundCommitter({ inFlight: 1 });
    const run = uid();
    // A sender whose client row is marked deleted while its identity stays: ingestion
    // refuses the message (not_found), as findOrCreateClient does.
    const gone = await w.admin.post('/api/v1/clients', {
      name: 'Gone',
      emails: [`gone-${run}@example.test`],
    });
    expect(gone.statusCode, gone.body).toBe(201);
    await t.database.query(
      `update clients set deleted_at = now() where workspace_id = $1 and id = $2`,
      [w.workspaceId, gone.json().id],
    );
    const email = (who: string, text: string): InboundMessage => ({
      contact: { email: `${who}-${run}@example.test` },
      channel: 'email',
      subject: 'Hello',
      body_text: text,
      external_id: `${who}-${run}`,
    });
    const first = committer.ingest(w.ctx, email('first', 'first'));
    // In the group: a message into first's open conversation (stored by the group's
    // one statement), then three new senders (its transaction, which the bad one fails).
    const group = [
      { who: 'first', text: 'first again', id: 'again' },
      ...['ana', 'gone', 'béla'].map((who) => ({ who, text: `from ${who}`, id: who })),
    ].map(({ who, text, id }) =>
      committer.ingest(w.ctx, { ...email(who, text), external_id: `${id}-${run}` }).then(
        (o) => ({ ok: o }),
        (err: { code?: string }) => ({ error: err.code }),
      ),
    );
    const opened = await first;
    const [again, ana, bad, bela] = await Promise.all(group);
    expect(bad).toEqual({ error: 'not_found' });
    expect(again).toMatchObject({ ok: { conversationId: opened.conversationId, created: true } });
    const rows = await stored(
      [again, ana, bela].map((r) => (r as { ok: InboundOutcome }).ok.messageId),
    );
    expect([...rows.values()].map((r) => r.body_text).sort()).toEqual([
      'first again',
      'from ana',
      'from béla',
    ]);
    // Stored once, though the rest of its group went one by one.
    const res = await w.admin.get(`/api/v1/conversations/${opened.conversationId}`);
    expect(res.json()).toMatchObject({ message_count: 2 });
  });

  it('keeps each caller’s time on its message, and never moves activity back', async () => {
    const committer = createInboundCommitter({ inFlight: 1 });
    const visitor = randomUUID();
    const base = Date.now() - 60_000;
    const at = (seconds: number): Ctx => ({ ...w.ctx, now: () => new Date(base + seconds * 1000) });
    const first = await committer.ingest(at(0), chat(visitor, 'one'));
    // One transaction at a time: "two" goes alone, "three" and "four" wait for it and
    // go together, each with the moment its caller called (four's is the earlier).
    const [second, third, fourth] = await Promise.all([
      committer.ingest(at(10), chat(visitor, 'two')),
      committer.ingest(at(30), chat(visitor, 'three')),
      committer.ingest(at(20), chat(visitor, 'four')),
    ]);
    const all = [first, second, third, fourth];
    const rows = await stored(all.map((o) => o.messageId));
    expect(rows.get(third.messageId)!.tx).toBe(rows.get(fourth.messageId)!.tx);
    expect(all.map((o) => rows.get(o.messageId)!.created_at.getTime() - base)).toEqual([
      0, 10_000, 30_000, 20_000,
    ]);
    // The conversation's activity is the latest of them, not the last stored.
    const res = await w.admin.get(`/api/v1/conversations/${first.conversationId}`);
    expect(res.json()).toMatchObject({
      message_count: 4,
      last_message_at: new Date(base + 30_000).toISOString(),
    });
  });
});

describe('clients’ messages posted to conversations (the API)', () => {
  const open = async (agent: Caller) => {
    const res = await agent.post('/api/v1/conversations', {
      client: { email: `api-${uid()}@example.test` },
      subject: 'Help',
      channel: 'chat',
      direction: 'inbound',
      message: { body_text: 'First question' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('grouped: each its own message, a repeat stored once, a closed conversation refuses only its own', async () => {
    const agent = await w.addUser('agent');
    const agentCtx: Ctx = {
      ...w.ctx,
      actor: { kind: 'user', userId: agent.userId, role: 'agent', via: 'token' },
    };
    const conversations = [await open(agent), await open(agent), await open(agent)];
    const closed = await open(agent);
    expect(
      (await agent.patch(`/api/v1/conversations/${closed}`, { status: 'closed' })).statusCode,
    ).toBe(200);
    // One transaction at a time: the first goes alone, the others wait and go together;
    // the closed conversation's message makes that group go one by one.
    const committer = createInboundCommitter({ inFlight: 1 });
    const run = uid();
    const add = (id: string, text: string, externalId?: string) =>
      committer
        .add(agentCtx, id, { direction: 'inbound', body_text: text, external_id: externalId })
        .then(
          (r) => r,
          (err: { code?: string }) => ({ error: err.code }),
        );
    const first = await add(conversations[0]!, 'api first', `api-${run}-first`);
    const grouped = await Promise.all([
      add(conversations[0]!, 'api 0', `api-${run}-0`),
      add(conversations[1]!, 'api 1', `api-${run}-1`),
      add(conversations[2]!, 'api 2', `api-${run}-2`),
      add(conversations[0]!, 'api 0', `api-${run}-0`),
      add(conversations[1]!, 'api first again', `api-${run}-first`),
    ]);
    const [a0, a1, a2, again0, againFirst] = grouped as AddedMessage[];
    [a0, a1, a2].forEach((r, i) => {
      expect(r).toMatchObject({
        created: true,
        message: { body_text: `api ${i}`, conversation_id: conversations[i], direction: 'inbound' },
      });
    });
    expect(again0).toMatchObject({ created: false, message: { id: a0!.message.id } });
    expect(againFirst).toMatchObject({
      created: false,
      message: { id: (first as AddedMessage).message.id, conversation_id: conversations[0] },
    });
    const rows = await stored([a0!.message.id, a1!.message.id, a2!.message.id]);
    expect(new Set([...rows.values()].map((r) => r.tx)).size).toBe(1);

    const [b0, refused] = await Promise.all([
      add(conversations[0]!, 'busy'),
      add(conversations[1]!, 'b1'),
      add(closed, 'too late'),
    ]).then(([, b1, late]) => [b1, late]);
    expect(b0).toMatchObject({ created: true, message: { body_text: 'b1' } });
    expect(refused).toEqual({ error: 'conflict' });
    for (const [i, id] of conversations.entries()) {
      const res = await agent.get(`/api/v1/conversations/${id}`);
      expect(res.json()).toMatchObject({ message_count: [4, 3, 2][i] });
    }
  });

  it('over HTTP at once: each answer is its own message', async () => {
    const agent = await w.addUser('agent');
    const conversations = [await open(agent), await open(agent)];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        agent.post(`/api/v1/conversations/${conversations[i % 2]}/messages`, {
          direction: 'inbound',
          body_text: `http ${i}`,
        }),
      ),
    );
    answers.forEach((res, i) => {
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        body_text: `http ${i}`,
        conversation_id: conversations[i % 2],
      });
    });
    for (const id of conversations) {
      expect((await agent.get(`/api/v1/conversations/${id}`)).json()).toMatchObject({
        message_count: 6,
      });
    }
  });
});

describe('a group into conversations that change', () => {
  it('reopens a pending conversation and keeps an open one as it is, in one call', async () => {
    const run = uid();
    const pendingPhone = `+3640${run.replace(/\D/g, '4').slice(0, 6)}`;
    const openPhone = `+3650${run.replace(/\D/g, '5').slice(0, 6)}`;
    const waiting = await ingestInboundMessages(w.ctx, [
      sms(pendingPhone, 'first'),
      sms(openPhone, 'first'),
    ]);
    const pendingId = waiting[0]!.conversationId;
    expect(
      (await w.admin.patch(`/api/v1/conversations/${pendingId}`, { status: 'pending' })).statusCode,
    ).toBe(200);
    const outcomes = await ingestInboundMessages(w.ctx, [
      sms(openPhone, 'more'),
      sms(pendingPhone, 'back again'),
      sms(pendingPhone, 'and again'),
    ]);
    expect(outcomes.map((o) => o.conversationId)).toEqual([
      waiting[1]!.conversationId,
      pendingId,
      pendingId,
    ]);
    const pending = (await w.admin.get(`/api/v1/conversations/${pendingId}`)).json();
    expect(pending).toMatchObject({ status: 'open', message_count: 3 });
    const events = (await w.admin.get(`/api/v1/conversations/${pendingId}/events`)).json()
      .items as { type: string; data: { after?: { status?: string } } }[];
    expect(
      events
        .filter((e) => e.type === 'conversation.status_changed')
        .map((e) => e.data.after?.status),
    ).toContain('open');
    const open = (await w.admin.get(`/api/v1/conversations/${waiting[1]!.conversationId}`)).json();
    expect(open).toMatchObject({ status: 'new', message_count: 2, last_excerpt: 'more' });
  });
});

describe('the statements of a group', () => {
  it('do not grow with the number of its messages', async () => {
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery(args) {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx: Ctx = { ...w.ctx, db: w.ctx.db.withPlugin(counting) };
    const run = uid();
    const statementsFor = async (inputs: InboundMessage[]) => {
      statements = 0;
      const outcomes = await ingestInboundMessages(ctx, inputs);
      expect(outcomes.every((o) => o.created)).toBe(true);
      return statements;
    };
    const senders = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => `+3620${tag}${String(i).padStart(4, '0')}`);
    // New senders: a client, a conversation and a message each.
    const few = senders(3, '111');
    const many = senders(60, '222');
    const fewNew = await statementsFor(few.map((p, i) => sms(p, 'hello', `s-${run}-f${i}`)));
    const manyNew = await statementsFor(many.map((p, i) => sms(p, 'hello', `s-${run}-m${i}`)));
    expect(manyNew).toBe(fewNew);
    // The same senders again: into their open conversations.
    const fewOpen = await statementsFor(few.map((p, i) => sms(p, 'again', `again-${run}-f${i}`)));
    const manyOpen = await statementsFor(many.map((p, i) => sms(p, 'again', `again-${run}-m${i}`)));
    expect(manyOpen).toBe(fewOpen);
    expect(fewOpen).toBeLessThanOrEqual(fewNew);
    // Stored ids, senders, threads, clocks, messages, counters (BEGIN and COMMIT aside).
    expect(manyOpen).toBeLessThanOrEqual(7);
  });
});
