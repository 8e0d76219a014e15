// An agent who opens a conversation with a discount above their authority
// asks a supervisor with the opening message (POST /conversations with
// message.discount_request): the conversation opens without the message, the
// message waits on the request as a reply does, approval sends it as the
// agent, denial leaves it on the request; a refusal stores nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let lead: Caller;
let other: TestWorkspace;
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  lead = await ws.addUser('supervisor', 'Sofia Lead');
  other = await newWorkspace(t);
  stranger = await other.addUser('supervisor', 'Somebody Else');
});
afterAll(() => t.close());

const OFFER =
  "Hello Kairat, I am Ana. As a thank-you we give you 12% off your next order, and I'll call you back tomorrow morning.";
const ASK = { reason: 'Ten years a client; his last order came late.' };

/** Opens an outbound email conversation to a new client. */
function reachOut(
  caller: Caller,
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Kairat Nurlanov' },
    subject: 'A thank-you offer',
    channel: 'email',
    direction: 'outbound',
    message,
    ...extra,
  });
}

async function count(table: 'conversations' | 'discount_requests' | 'clients' | 'messages') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const counts = async () => ({
  conversations: await count('conversations'),
  requests: await count('discount_requests'),
  clients: await count('clients'),
  messages: await count('messages'),
});

async function requestsOn(caller: Caller, conversationId: string) {
  const res = await caller.get(`/api/v1/discount-requests?conversation_id=${conversationId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    id: string;
    status: string;
    percent: number;
    coupons: number;
    reason: string;
    reply_text: string | null;
    requester: { id: string };
    used_message_id: string | null;
    reply_not_sent: string | null;
  }[];
}

async function messagesOf(conversationId: string) {
  const res = await agent.get(`/api/v1/conversations/${conversationId}/messages?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    id: string;
    direction: string;
    body_text: string;
    author: { id: string } | null;
  }[];
}

async function notified(caller: Caller, kind: string, requestId: string) {
  const res = await caller.get('/api/v1/notifications?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return (
    res.json().items as { kind: string; conversation_id: string; data: Record<string, unknown> }[]
  ).find((n) => n.kind === kind && n.data.request_id === requestId);
}

const eventsOf = async (conversationId: string) =>
  (
    (await agent.get(`/api/v1/conversations/${conversationId}/events?limit=100`)).json().items as {
      type: string;
    }[]
  ).map((e) => e.type);

describe('an opening message above the agent’s authority, sent with a discount request', () => {
  it('opens the conversation without it, asks the supervisor, and approval sends it as the agent', async () => {
    const res = await reachOut(agent, { body_text: OFFER, discount_request: ASK });
    expect(res.statusCode, res.body).toBe(201);
    const conversation = res.json() as {
      id: string;
      number: number;
      status: string;
      message_count: number;
      client: { id: string };
    };
    expect(conversation).toMatchObject({ status: 'open', message_count: 0 });
    // Nothing reached the client: the message waits on the request.
    expect(await messagesOf(conversation.id)).toEqual([]);
    const [request] = await requestsOn(agent, conversation.id);
    expect(request).toMatchObject({
      status: 'pending',
      percent: 12,
      coupons: 0,
      reason: ASK.reason,
      reply_text: OFFER,
      requester: { id: agent.userId },
    });
    expect(await eventsOf(conversation.id)).toEqual(
      expect.arrayContaining(['conversation.created', 'discount.requested']),
    );
    // A supervisor whose authority covers 12 % hears of it, with the conversation.
    const told = await notified(lead, 'discount.requested', request!.id);
    expect(told).toMatchObject({
      conversation_id: conversation.id,
      data: { percent: 12, number: conversation.number, client: { name: 'Kairat Nurlanov' } },
    });
    const queue = (await lead.get('/api/v1/discount-requests?status=pending')).json().items;
    expect(queue.map((r: { id: string }) => r.id)).toContain(request!.id);

    const approved = await lead.post(`/api/v1/discount-requests/${request!.id}/approve`, {
      comment: 'Well deserved.',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reply.status).toBe('sent');
    const sent = await messagesOf(conversation.id);
    expect(sent).toMatchObject([
      { direction: 'outbound', body_text: OFFER, author: { id: agent.userId } },
    ]);
    const after = (await agent.get(`/api/v1/conversations/${conversation.id}`)).json();
    expect(after.message_count).toBe(1);
    expect(after.last_excerpt).toContain('Hello Kairat');
    // Sent like any reply: the discount is on the client, the promise it makes is proposed.
    const discounts = (
      await agent.get(`/api/v1/clients/${conversation.client.id}/discounts`)
    ).json().items;
    expect(discounts).toMatchObject([
      { percent: 12, request_id: request!.id, approved_by: { id: lead.userId } },
    ]);
    const promises = (
      await agent.get(`/api/v1/promises?conversation_id=${conversation.id}&state=proposed`)
    ).json().items;
    expect(promises).toHaveLength(1);
    expect(promises[0]).toMatchObject({ kind: 'callback', message_id: sent[0]!.id });
    expect(await notified(agent, 'discount.approved', request!.id)).toMatchObject({
      data: { reply: { status: 'sent' }, comment: 'Well deserved.' },
    });
  });

  it('denied, leaves the conversation without messages and the message on the request to edit', async () => {
    const res = await reachOut(agent, { body_text: OFFER, discount_request: ASK });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const [request] = await requestsOn(agent, id);
    const denied = await lead.post(`/api/v1/discount-requests/${request!.id}/deny`, {
      comment: 'Offer free delivery instead.',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json()).toMatchObject({ status: 'denied', reply_text: OFFER });
    expect(await messagesOf(id)).toEqual([]);
    expect(await notified(agent, 'discount.denied', request!.id)).toMatchObject({
      conversation_id: id,
      data: { comment: 'Offer free delivery instead.' },
    });
    // The conversation is there for the agent's rewritten message.
    const rewritten = await agent.post(`/api/v1/conversations/${id}/messages`, {
      direction: 'outbound',
      body_text: 'Hello Kairat, I am Ana. As a thank-you, the delivery of your next order is free.',
    });
    expect(rewritten.statusCode, rewritten.body).toBe(201);
    expect((await agent.get(`/api/v1/conversations/${id}`)).json().message_count).toBe(1);
  });

  it('asks for the figures given when the words say less, for a known client', async () => {
    const client = await ws.admin.post('/api/v1/clients', {
      name: 'Kairat Nurlanov',
      emails: [`k-${randomUUID().slice(0, 8)}@example.test`],
    });
    expect(client.statusCode, client.body).toBe(201);
    const res = await agent.post('/api/v1/conversations', {
      client_id: client.json().id,
      subject: 'Your next order',
      channel: 'email',
      direction: 'outbound',
      message: {
        body_text: 'Hello Kairat, I am Ana. The price we agreed on the phone applies.',
        discount_request: { ...ASK, percent: 10, coupons: 2 },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await requestsOn(agent, res.json().id))[0]).toMatchObject({ percent: 10, coupons: 2 });
  });

  it('approved after the conversation was closed: not sent, why is kept, and the message is not lost', async () => {
    const res = await reachOut(agent, { body_text: OFFER, discount_request: ASK });
    const id = res.json().id as string;
    const [request] = await requestsOn(agent, id);
    expect(
      (await agent.patch(`/api/v1/conversations/${id}`, { status: 'closed' })).statusCode,
    ).toBe(200);
    const approved = await lead.post(`/api/v1/discount-requests/${request!.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reply).toMatchObject({
      status: 'not_sent',
      reason: 'conversation_closed',
    });
    expect((await requestsOn(agent, id))[0]).toMatchObject({
      status: 'approved',
      reply_text: OFFER,
      used_message_id: null,
      reply_not_sent: 'conversation_closed',
    });
    expect(await eventsOf(id)).toContain('discount.reply_not_sent');
    // Reopened, the same message goes out under the approval.
    await agent.patch(`/api/v1/conversations/${id}`, { status: 'open' });
    const sent = await agent.post(`/api/v1/conversations/${id}/messages`, {
      direction: 'outbound',
      body_text: OFFER,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await requestsOn(agent, id))[0]!.used_message_id).toBe(sent.json().id);
  });

  it('is decided by someone else than the requester, never an agent (403)', async () => {
    const colleague = await ws.addUser('agent', 'Bence Colleague');
    const res = await reachOut(agent, { body_text: OFFER, discount_request: ASK });
    const [request] = await requestsOn(agent, res.json().id);
    expect(
      (await colleague.post(`/api/v1/discount-requests/${request!.id}/approve`)).statusCode,
    ).toBe(403);
    expect((await agent.post(`/api/v1/discount-requests/${request!.id}/approve`)).statusCode).toBe(
      403,
    );
    // A supervisor asking above their own 15 % may not approve their own request.
    const own = await reachOut(lead, {
      body_text: 'Hello Kairat, I am Sofia. You get 20% off your next order.',
      discount_request: ASK,
    });
    expect(own.statusCode, own.body).toBe(201);
    const [theirs] = await requestsOn(lead, own.json().id);
    expect((await lead.post(`/api/v1/discount-requests/${theirs!.id}/approve`)).statusCode).toBe(
      403,
    );
    expect(
      (await ws.admin.post(`/api/v1/discount-requests/${theirs!.id}/approve`)).statusCode,
    ).toBe(200);
  });

  it('is not found from another workspace', async () => {
    const res = await reachOut(agent, { body_text: OFFER, discount_request: ASK });
    const { id, client } = res.json() as { id: string; client: { id: string } };
    const [request] = await requestsOn(agent, id);
    expect((await stranger.get(`/api/v1/conversations/${id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/discount-requests/${request!.id}`)).statusCode).toBe(404);
    expect(
      (await stranger.post(`/api/v1/discount-requests/${request!.id}/approve`)).statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/discount-requests?conversation_id=${id}`)).statusCode).toBe(
      404,
    );
    // Another workspace's client cannot be written to: the field is named, nothing is stored.
    const before = await counts();
    const theirs = await stranger.post('/api/v1/conversations', {
      client_id: client.id,
      subject: 'Hi',
      channel: 'email',
      direction: 'outbound',
      message: { body_text: OFFER, discount_request: ASK },
    });
    expect(theirs.statusCode).toBe(400);
    expect(Object.keys(theirs.json().error.fields)).toEqual(['client_id']);
    expect(await counts()).toEqual(before);
    expect((await requestsOn(agent, id))[0]!.status).toBe('pending');
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ body_text: OFFER, discount_request: {} }, {}, 'message.discount_request.reason'],
      [
        { body_text: OFFER, discount_request: { ...ASK, percent: 150 } },
        {},
        'message.discount_request.percent',
      ],
      [
        { body_text: OFFER, discount_request: ASK },
        { direction: 'inbound' },
        'message.discount_request',
      ],
      [
        { body_text: OFFER, discount_request: ASK, coach_override: { reason: 'x' } },
        {},
        'message.coach_override',
      ],
      [
        { body_text: OFFER, discount_request: ASK, external_id: `<${randomUUID()}@x>` },
        {},
        'message.external_id',
      ],
      // Within the agent's own 5 %: send it without asking.
      [
        { body_text: 'Hello Kairat, I am Ana. You get 5% off.', discount_request: ASK },
        {},
        'message.discount_request',
      ],
      [
        { body_text: 'Hello Kairat, I am Ana. Thank you!', discount_request: ASK },
        {},
        'message.discount_request',
      ],
      [
        { body_text: OFFER, discount_request: { ...ASK, percent: 3 } },
        {},
        'message.discount_request.percent',
      ],
      // The message may promise no more than is asked for.
      [{ body_text: OFFER, discount_request: { ...ASK, percent: 10 } }, {}, 'message.body_text'],
    ];
    for (const [message, extra, field] of cases) {
      const res = await reachOut(agent, message, extra);
      expect(res.statusCode, `${JSON.stringify(message)} ${res.body}`).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(message)).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('is refused whole when the coach blocks the message: no conversation, client or request', async () => {
    const before = await counts();
    const res = await reachOut(agent, {
      body_text: 'Hello Kairat, I am Ana. Calm down, please: you get 12% off.',
      discount_request: ASK,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('coach_blocked');
    expect(await counts()).toEqual(before);
  });
});
