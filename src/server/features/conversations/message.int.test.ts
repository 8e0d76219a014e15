import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import type { Ctx } from '../../context.ts';
import { ingestInboundMessage } from './conversation.service.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function open(caller: Caller, extra: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'Help',
    channel: 'chat',
    direction: 'inbound',
    message: { body_text: 'First question' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const post = (caller: Caller, id: string, body: Record<string, unknown>) =>
  caller.post(`/api/v1/conversations/${id}/messages`, body);
const get = async (caller: Caller, id: string) =>
  (await caller.get(`/api/v1/conversations/${id}`)).json();
const eventTypes = async (caller: Caller, id: string) =>
  (await caller.get(`/api/v1/conversations/${id}/events`))
    .json()
    .items.map((e: { type: string }) => e.type);

describe('adding messages', () => {
  it('a reply answers the conversation: first response, new -> open, excerpt and count', async () => {
    const c = await open(agent);
    const res = await post(agent, c.id, {
      direction: 'outbound',
      body_text: '  Hi Kairat,\n\nlet me   check that.  ',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      conversation_id: c.id,
      direction: 'outbound',
      channel: 'chat',
      author: { kind: 'user', id: agent.userId, name: 'Ana Agent' },
      body_html: null,
      external_id: null,
    });
    const after = await get(agent, c.id);
    expect(after).toMatchObject({
      status: 'open',
      message_count: 2,
      last_excerpt: 'Hi Kairat, let me check that.',
      last_inbound_at: c.last_inbound_at,
    });
    expect(after.first_responded_at).not.toBeNull();
    expect(await eventTypes(agent, c.id)).toEqual([
      'conversation.status_changed',
      'conversation.created',
    ]);

    await post(agent, c.id, { direction: 'outbound', body_text: 'Found it.', channel: 'email' });
    const later = await get(agent, c.id);
    expect(later.first_responded_at).toBe(after.first_responded_at);
    const newest = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json().items[0];
    expect(newest.channel).toBe('email');
  });

  it('a note is activity but neither an answer nor the excerpt', async () => {
    const c = await open(agent);
    const res = await post(agent, c.id, { direction: 'note', body_text: 'VIP, be nice' });
    expect(res.statusCode).toBe(201);
    const after = await get(agent, c.id);
    expect(after).toMatchObject({
      status: 'new',
      first_responded_at: null,
      last_excerpt: 'First question',
      message_count: 2,
    });
    expect(new Date(after.last_message_at).getTime()).toBeGreaterThanOrEqual(
      new Date(c.last_message_at).getTime(),
    );
  });

  it("a client's message reopens a pending or resolved conversation, with an event", async () => {
    for (const status of ['pending', 'resolved'] as const) {
      const c = await open(agent);
      await agent.patch(`/api/v1/conversations/${c.id}`, { status });
      const res = await post(agent, c.id, { direction: 'inbound', body_text: `Still ${status}?` });
      expect(res.json().author).toMatchObject({ kind: 'client', id: c.client.id });
      const after = await get(agent, c.id);
      expect(after).toMatchObject({
        status: 'open',
        resolved_at: null,
        last_excerpt: `Still ${status}?`,
      });
      expect(new Date(after.last_inbound_at).getTime()).toBeGreaterThanOrEqual(
        new Date(c.last_inbound_at).getTime(),
      );
      const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
      expect(events[0]).toMatchObject({
        type: 'conversation.status_changed',
        actor: { kind: 'client' },
        data: { before: { status }, after: { status: 'open' } },
      });
    }
    const onHold = await open(agent);
    await agent.patch(`/api/v1/conversations/${onHold.id}`, { status: 'on_hold' });
    await post(agent, onHold.id, { direction: 'inbound', body_text: 'Any news?' });
    expect((await get(agent, onHold.id)).status).toBe('on_hold');
  });

  it('a closed conversation takes notes but no replies until reopened', async () => {
    const c = await open(agent);
    await agent.patch(`/api/v1/conversations/${c.id}`, { status: 'closed' });
    const reply = await post(agent, c.id, { direction: 'outbound', body_text: 'Late answer' });
    expect(reply.statusCode).toBe(409);
    expect(
      (await post(agent, c.id, { direction: 'note', body_text: 'for the record' })).statusCode,
    ).toBe(201);
    expect((await get(agent, c.id)).message_count).toBe(2);
  });

  it('stores a repeated external_id once, also when posted at once', async () => {
    const c = await open(agent);
    const body = { direction: 'inbound', body_text: 'Once', external_id: `ext-${Math.random()}` };
    const first = await post(agent, c.id, body);
    const second = await post(agent, c.id, body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);

    const raced = { ...body, external_id: `race-${Math.random()}` };
    const results = await Promise.all(Array.from({ length: 6 }, () => post(agent, c.id, raced)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect((await get(agent, c.id)).message_count).toBe(3);
  });

  it('names the field on bad input and refuses HTML until there is a sanitiser', async () => {
    const c = await open(agent);
    const cases: [Record<string, unknown>, string][] = [
      [{ direction: 'sideways', body_text: 'x' }, 'direction'],
      [{ direction: 'inbound' }, 'body_text'],
      [{ direction: 'inbound', body_text: ' ' }, 'body_text'],
      [{ direction: 'inbound', body_text: 'x', channel: 'pigeon' }, 'channel'],
      [
        { direction: 'inbound', body_text: 'x', body_html: '<img src=x onerror=alert(1)>' },
        'body_html',
      ],
      [{ direction: 'inbound', body_text: 'x', external_id: '' }, 'external_id'],
    ];
    for (const [body, field] of cases) {
      const res = await post(agent, c.id, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
    expect((await get(agent, c.id)).message_count).toBe(1);
    const cursor = await agent.get(`/api/v1/conversations/${c.id}/messages?cursor=abc`);
    expect(cursor.statusCode).toBe(400);
  });

  it("is not found in another workspace's conversation", async () => {
    const theirs = await open(other.admin);
    const res = await post(agent, theirs.id, { direction: 'note', body_text: 'peek' });
    expect(res.statusCode).toBe(404);
    expect((await agent.get(`/api/v1/conversations/${theirs.id}/messages`)).statusCode).toBe(404);
    // their external id is theirs: the same id in this workspace is a new message
    const ext = `shared-${Math.random()}`;
    await post(other.admin, theirs.id, {
      direction: 'inbound',
      body_text: 'theirs',
      external_id: ext,
    });
    const mine = await open(agent);
    const stored = await post(agent, mine.id, {
      direction: 'inbound',
      body_text: 'mine',
      external_id: ext,
    });
    expect(stored.statusCode).toBe(201);
    expect(stored.json().body_text).toBe('mine');
    expect((await get(other.admin, theirs.id)).message_count).toBe(2);
  });
});

describe('a long conversation', () => {
  it('pages 5,000 messages newest first without gaps or repeats', async () => {
    const c = await open(agent);
    await t.database.query(
      `insert into messages (workspace_id, conversation_id, direction, channel, body_text, created_at)
       select $1, $2, case when i % 2 = 0 then 'inbound' else 'outbound' end, 'chat', 'message ' || i,
              now() + i * interval '1 second'
       from generate_series(1, 4999) as i`,
      [ws.workspaceId, c.id],
    );
    const first = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json();
    expect(first.items).toHaveLength(50);
    expect(first.items[0].body_text).toBe('message 4999');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await agent.get(
        `/api/v1/conversations/${c.id}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((m: { id: string }) => m.id));
      cursor = res.json().next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(50);
    expect(seen).toHaveLength(5000);
    expect(new Set(seen).size).toBe(5000);
    const asNumbers = seen.map(BigInt);
    for (let i = 1; i < asNumbers.length; i++) expect(asNumbers[i]! < asNumbers[i - 1]!).toBe(true);
  });
});

describe('ingesting inbound messages', () => {
  let w: TestWorkspace;
  let ctx: Ctx;
  beforeAll(async () => {
    w = await newWorkspace(t);
    ctx = w.ctx;
  });
  const ingest = (
    input: Partial<Parameters<typeof ingestInboundMessage>[1]> & { email?: string },
  ) =>
    ingestInboundMessage(ctx, {
      contact: { email: input.email ?? 'dana@example.test', name: 'Dana' },
      channel: 'email',
      subject: 'Order 42',
      body_text: 'Where is it?',
      ...input,
    });

  it('threads a client’s messages on one channel into one conversation and idempotently', async () => {
    const first = await ingest({ external_id: '<a@mail>' });
    expect(first).toMatchObject({ created: true, conversationCreated: true });
    expect(first.conversation.status).toBe('new');
    const second = await ingest({ external_id: '<b@mail>', body_text: 'Hello?' });
    expect(second).toMatchObject({ created: true, conversationCreated: false });
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.conversation.message_count).toBe(2);
    const repeat = await ingest({ external_id: '<b@mail>', body_text: 'Hello?' });
    expect(repeat).toMatchObject({ created: false, messageId: second.messageId });
    expect(repeat.conversation.message_count).toBe(2);

    const sms = await ingest({ channel: 'sms', external_id: '<c@mail>' });
    expect(sms.conversation.id).not.toBe(first.conversation.id);
  });

  it('opens a new conversation after 7 quiet days or once the last one is closed', async () => {
    const email = `quiet-${Math.random()}@example.test`;
    const first = await ingest({ email });
    await t.database.query(
      `update conversations set last_message_at = now() - interval '8 days'
       where workspace_id = $1 and id = $2`,
      [w.workspaceId, first.conversation.id],
    );
    const later = await ingest({ email });
    expect(later.conversationCreated).toBe(true);

    await w.admin.patch(`/api/v1/conversations/${later.conversation.id}`, { status: 'closed' });
    const afterClose = await ingest({ email, conversation_id: later.conversation.id });
    expect(afterClose.conversationCreated).toBe(true);
    expect(afterClose.conversation.id).not.toBe(later.conversation.id);
  });

  it('threads into the given conversation and reopens it when resolved', async () => {
    const email = `given-${Math.random()}@example.test`;
    const first = await ingest({ email });
    await w.admin.patch(`/api/v1/conversations/${first.conversation.id}`, { status: 'resolved' });
    const reply = await ingest({ email, conversation_id: first.conversation.id, channel: 'web' });
    expect(reply.conversation.id).toBe(first.conversation.id);
    expect(reply.conversation.status).toBe('open');
  });

  it('gives concurrent new conversations distinct numbers and stores a raced external_id once', async () => {
    const fresh = await newWorkspace(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ingestInboundMessage(fresh.ctx, {
          contact: { email: `burst-${i}@example.test` },
          channel: 'email',
          subject: `Burst ${i}`,
          body_text: 'hi',
        }),
      ),
    );
    expect(results.map((r) => r.conversation.number).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const same = await Promise.all(
      Array.from({ length: 5 }, () =>
        ingestInboundMessage(fresh.ctx, {
          contact: { email: 'twice@example.test' },
          channel: 'email',
          subject: 'Twice',
          body_text: 'once only',
          external_id: '<twice@mail>',
        }),
      ),
    );
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(same.map((r) => r.messageId)).size).toBe(1);
    expect(same[0]!.conversation.number).toBe(11);
  });

  it('keeps the sanitised HTML of the message that opens a conversation, and of a reply', async () => {
    const first = await ingest({
      email: 'html@example.test',
      sanitised_html: '<p>first</p>',
      new_conversation: true,
    });
    expect(first.conversationCreated).toBe(true);
    const second = await ingest({ email: 'html@example.test', sanitised_html: '<p>second</p>' });
    expect(second.conversation.id).toBe(first.conversation.id);
    const rows = await ctx.db
      .selectFrom('messages')
      .select(['id', 'body_html'])
      .where('conversation_id', '=', first.conversation.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.body_html)).toEqual(['<p>first</p>', '<p>second</p>']);
  });

  it('refuses a message without a sender identity or with HTML', async () => {
    await expect(
      ingestInboundMessage(ctx, {
        contact: { name: 'x' },
        channel: 'chat',
        subject: '',
        body_text: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', fields: { contact: expect.any(String) } });
    await expect(ingest({ body_html: '<p>x</p>' })).rejects.toMatchObject({
      fields: { body_html: expect.any(String) },
    });
  });
});
