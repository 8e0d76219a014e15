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
let colleague: Caller;
let lead: Caller;
let outsider: Caller;
let other: TestWorkspace;
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  colleague = await ws.addUser('agent', 'Bence Colleague');
  lead = await ws.addUser('supervisor', 'Sofia Lead');
  outsider = await ws.addUser('supervisor', 'Otto Outsider');
  const team = await ws.admin.post('/api/v1/teams', { name: 'Sales', supervisor_id: lead.userId });
  expect(team.statusCode, team.body).toBe(201);
  const members = await ws.admin.put(`/api/v1/teams/${team.json().id}/members`, {
    user_ids: [agent.userId, colleague.userId, lead.userId],
  });
  expect(members.statusCode, members.body).toBeLessThan(300);
  other = await newWorkspace(t);
  stranger = await other.addUser('supervisor', 'Somebody Else');
});
afterAll(() => t.close());

/** A client writes in; returns the conversation and the client. */
async function openConversation(caller: Caller = agent) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Lucía Pérez' },
    subject: 'The order arrived damaged',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'The box was crushed. Can you do something about the price?' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { id: string; client: { id: string } };
  return { conversationId: body.id, clientId: body.client.id };
}

const reply = (caller: Caller, conversationId: string, text: string) =>
  caller.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction: 'outbound',
    body_text: text,
  });

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

async function discountsOf(caller: Caller, clientId: string) {
  const res = await caller.get(`/api/v1/clients/${clientId}/discounts`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    percent: number | null;
    coupons: number;
    message_id: string;
    request_id: string | null;
    agent: { id: string };
    approved_by: { id: string } | null;
  }[];
}

async function notificationsOf(caller: Caller, kind: string) {
  const res = await caller.get('/api/v1/notifications?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return (
    res.json().items as { kind: string; conversation_id: string; data: Record<string, unknown> }[]
  ).filter((n) => n.kind === kind);
}

const eventsOf = async (conversationId: string) =>
  (
    (await agent.get(`/api/v1/conversations/${conversationId}/events?limit=100`)).json().items as {
      type: string;
      data: Record<string, unknown>;
    }[]
  ).map((e) => e.type);

const ask = (
  caller: Caller,
  conversationId: string,
  body: Record<string, unknown> = {
    percent: 12,
    reason: 'The box arrived crushed; she is a regular client.',
    reply_text: 'I am sorry about the box. I can offer you 12% off this order.',
  },
) => caller.post(`/api/v1/conversations/${conversationId}/discount-requests`, body);

describe('a reply that promises a discount', () => {
  it('within the sender’s authority is sent and recorded on the client', async () => {
    const { conversationId, clientId } = await openConversation();
    const sent = await reply(
      agent,
      conversationId,
      'Sorry about that: I can offer you 5% off and a coupon for your next order.',
    );
    expect(sent.statusCode, sent.body).toBe(201);
    const [recorded, ...more] = await discountsOf(agent, clientId);
    expect(more).toEqual([]);
    expect(recorded).toMatchObject({
      percent: 5,
      coupons: 1,
      message_id: sent.json().id,
      request_id: null,
      approved_by: null,
      agent: { id: agent.userId },
    });
    const timeline = (await agent.get(`/api/v1/clients/${clientId}/timeline?limit=100`)).json();
    expect(timeline.items.map((e: { type: string }) => e.type)).toContain('discount.promised');
    // A reply without a discount records nothing.
    expect((await reply(agent, conversationId, 'Thanks, Lucía!')).statusCode).toBe(201);
    expect(await discountsOf(agent, clientId)).toHaveLength(1);
  });

  it('above it is refused with the figures, and nothing is stored', async () => {
    const { conversationId, clientId } = await openConversation();
    const before = await messagesOf(conversationId);
    const refused = await reply(
      agent,
      conversationId,
      'I can give you a 20% discount on this order.',
    );
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'discount_approval_required',
      percent: 20,
      coupons: 0,
      limit_percent: 5,
      limit_coupons: 1,
    });
    const coupons = await reply(
      agent,
      conversationId,
      "I'm sending you two coupons for your next visit.",
    );
    expect(coupons.statusCode).toBe(422);
    expect(coupons.json().error).toMatchObject({ coupons: 2, limit_coupons: 1 });
    expect(await messagesOf(conversationId)).toEqual(before);
    expect(await discountsOf(agent, clientId)).toEqual([]);
    // A supervisor's authority covers it; an admin's has no limit.
    expect((await reply(lead, conversationId, 'We can give you 15% off.')).statusCode).toBe(201);
    expect((await reply(ws.admin, conversationId, 'We can give you 60% off.')).statusCode).toBe(
      201,
    );
  });

  it("a user's own limit beats their role's default", async () => {
    const senior = await ws.addUser('agent', 'Senior Agent');
    const set = await ws.admin.put(`/api/v1/discounts/authority/users/${senior.userId}`, {
      max_percent: 25,
      max_coupons: null,
    });
    expect(set.statusCode, set.body).toBe(200);
    const { conversationId } = await openConversation();
    expect((await reply(senior, conversationId, 'I can offer you 20% off.')).statusCode).toBe(201);
    expect((await reply(agent, conversationId, 'I can offer you 20% off.')).statusCode).toBe(422);
    // Coupons still follow the role: one per reply.
    expect((await reply(senior, conversationId, 'Here are two coupons for you.')).statusCode).toBe(
      422,
    );
  });
});

describe('a discount request', () => {
  it('tells the supervisor of the team, who approves it: the reply goes out as the agent, is recorded, and the agent hears', async () => {
    const { conversationId, clientId } = await openConversation();
    const asked = await ask(agent, conversationId);
    expect(asked.statusCode, asked.body).toBe(201);
    const request = asked.json();
    expect(request).toMatchObject({
      status: 'pending',
      percent: 12,
      coupons: 0,
      requester: { id: agent.userId },
      requester_limit: { max_percent: 5, max_coupons: 1 },
      conversation: { id: conversationId },
      client: { id: clientId, name: 'Lucía Pérez' },
      abilities: { approve: false, deny: false, cancel: true },
    });
    // The team's supervisor is told; a supervisor of no team of theirs and the admin are not.
    const told = await notificationsOf(lead, 'discount.requested');
    expect(told.map((n) => n.data.request_id)).toContain(request.id);
    expect(told.find((n) => n.data.request_id === request.id)).toMatchObject({
      conversation_id: conversationId,
      data: { percent: 12, coupons: 0, requester: { id: agent.userId, name: 'Ana Agent' } },
    });
    expect(
      (await notificationsOf(outsider, 'discount.requested')).map((n) => n.data.request_id),
    ).not.toContain(request.id);
    expect(
      (await notificationsOf(ws.admin, 'discount.requested')).map((n) => n.data.request_id),
    ).not.toContain(request.id);
    // The reply waits: nothing is sent yet.
    expect((await messagesOf(conversationId)).filter((m) => m.direction === 'outbound')).toEqual(
      [],
    );
    const queue = await lead.get('/api/v1/discount-requests?status=pending');
    const queued = queue.json().items.find((r: { id: string }) => r.id === request.id);
    expect(queued.abilities).toEqual({ approve: true, deny: true, cancel: false });

    const approved = await lead.post(`/api/v1/discount-requests/${request.id}/approve`, {
      comment: 'Fine for a regular.',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const decision = approved.json();
    expect(decision.request).toMatchObject({
      status: 'approved',
      decided_by: { id: lead.userId },
      comment: 'Fine for a regular.',
    });
    expect(decision.reply.status).toBe('sent');
    const sent = (await messagesOf(conversationId)).find((m) => m.id === decision.reply.message_id);
    expect(sent).toMatchObject({
      direction: 'outbound',
      body_text: 'I am sorry about the box. I can offer you 12% off this order.',
      author: { id: agent.userId },
    });
    expect(decision.request.used_message_id).toBe(decision.reply.message_id);
    expect(await discountsOf(agent, clientId)).toMatchObject([
      {
        percent: 12,
        message_id: decision.reply.message_id,
        request_id: request.id,
        approved_by: { id: lead.userId },
      },
    ]);
    const heard = (await notificationsOf(agent, 'discount.approved')).find(
      (n) => n.data.request_id === request.id,
    );
    expect(heard?.data).toMatchObject({
      comment: 'Fine for a regular.',
      decided_by: { id: lead.userId, name: 'Sofia Lead' },
      reply: { status: 'sent' },
    });
    expect(await eventsOf(conversationId)).toEqual(
      expect.arrayContaining(['discount.requested', 'discount.approved', 'discount.promised']),
    );
    // The approval was used by that reply: the same discount again needs a new one.
    expect((await reply(agent, conversationId, 'Again: 12% off for you.')).statusCode).toBe(422);
    // Deciding it again is a conflict.
    const again = await lead.post(`/api/v1/discount-requests/${request.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(
      (await lead.post(`/api/v1/discount-requests/${request.id}/deny`, { comment: 'No' }))
        .statusCode,
    ).toBe(409);
  });

  it('approved without a waiting reply, covers the next reply on the conversation', async () => {
    const { conversationId, clientId } = await openConversation();
    const asked = await ask(agent, conversationId, {
      percent: 10,
      coupons: 2,
      reason: 'Loyal client',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await lead.post(`/api/v1/discount-requests/${asked.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reply).toBeNull();
    const sent = await reply(
      agent,
      conversationId,
      'Good news: 10% off, and here are two coupons for you.',
    );
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await discountsOf(agent, clientId)).toMatchObject([
      { percent: 10, coupons: 2, request_id: asked.json().id },
    ]);
    const used = await agent.get(`/api/v1/discount-requests/${asked.json().id}`);
    expect(used.json().used_message_id).toBe(sent.json().id);
  });

  it('records what was approved when the waiting reply says it in words the detector misses', async () => {
    const { conversationId, clientId } = await openConversation();
    const asked = await ask(agent, conversationId, {
      percent: 12,
      reason: 'Agreed on the phone',
      reply_text: 'As we agreed on the phone, the reduced price applies to this order.',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await lead.post(`/api/v1/discount-requests/${asked.json().id}/approve`);
    expect(approved.json().reply.status).toBe('sent');
    expect(await discountsOf(agent, clientId)).toMatchObject([
      { percent: 12, coupons: 0, request_id: asked.json().id, approved_by: { id: lead.userId } },
    ]);
  });

  it('denied with a comment: the agent hears why, nothing is sent and the draft stays', async () => {
    const { conversationId, clientId } = await openConversation();
    const asked = await ask(agent, conversationId);
    const id = asked.json().id;
    const noComment = await lead.post(`/api/v1/discount-requests/${id}/deny`, {});
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.fields).toHaveProperty(['comment']);
    const denied = await lead.post(`/api/v1/discount-requests/${id}/deny`, {
      comment: 'Offer free shipping instead.',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json()).toMatchObject({
      status: 'denied',
      comment: 'Offer free shipping instead.',
      reply_text: 'I am sorry about the box. I can offer you 12% off this order.',
      decided_by: { id: lead.userId },
    });
    const heard = (await notificationsOf(agent, 'discount.denied')).find(
      (n) => n.data.request_id === id,
    );
    expect(heard?.data).toMatchObject({ comment: 'Offer free shipping instead.', percent: 12 });
    expect((await messagesOf(conversationId)).filter((m) => m.direction === 'outbound')).toEqual(
      [],
    );
    expect(await discountsOf(agent, clientId)).toEqual([]);
    expect(await eventsOf(conversationId)).toContain('discount.denied');
    expect((await lead.post(`/api/v1/discount-requests/${id}/approve`)).statusCode).toBe(409);
  });

  it('above the supervisor’s own authority goes to the admins; the supervisor may not approve it', async () => {
    const { conversationId } = await openConversation();
    const asked = await ask(agent, conversationId, {
      percent: 30,
      reason: 'Very large order',
      reply_text: 'For an order this size we can give you 30% off.',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id;
    expect(
      (await notificationsOf(lead, 'discount.requested')).map((n) => n.data.request_id),
    ).not.toContain(id);
    expect(
      (await notificationsOf(ws.admin, 'discount.requested')).map((n) => n.data.request_id),
    ).toContain(id);
    const refused = await lead.post(`/api/v1/discount-requests/${id}/approve`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/above your own authority/);
    const approved = await ws.admin.post(`/api/v1/discount-requests/${id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reply.status).toBe('sent');
  });

  it('an agent cannot decide; nobody decides their own', async () => {
    const { conversationId } = await openConversation();
    const asked = await ask(agent, conversationId);
    const id = asked.json().id;
    expect((await colleague.post(`/api/v1/discount-requests/${id}/approve`)).statusCode).toBe(403);
    expect(
      (await colleague.post(`/api/v1/discount-requests/${id}/deny`, { comment: 'no' })).statusCode,
    ).toBe(403);
    const own = await ask(lead, conversationId, { percent: 18, reason: 'Regular client' });
    expect(own.statusCode, own.body).toBe(201);
    expect((await lead.post(`/api/v1/discount-requests/${own.json().id}/approve`)).statusCode).toBe(
      403,
    );
  });

  it('waits in vain when the conversation is closed meanwhile: approved, not sent, and said so', async () => {
    const { conversationId, clientId } = await openConversation();
    const asked = await ask(agent, conversationId);
    const closed = await agent.patch(`/api/v1/conversations/${conversationId}`, {
      status: 'closed',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const approved = await lead.post(`/api/v1/discount-requests/${asked.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      request: {
        status: 'approved',
        used_message_id: null,
        reply_not_sent: 'conversation_closed',
        reply_text: 'I am sorry about the box. I can offer you 12% off this order.',
      },
      reply: { status: 'not_sent', reason: 'conversation_closed' },
    });
    expect(approved.json().reply.message).toMatch(/closed/);
    // The agent reads why on the request and on the timeline.
    expect((await agent.get(`/api/v1/discount-requests/${asked.json().id}`)).json()).toMatchObject({
      reply_not_sent: 'conversation_closed',
    });
    expect(await eventsOf(conversationId)).toContain('discount.reply_not_sent');
    const heard = (await notificationsOf(agent, 'discount.approved')).find(
      (n) => n.data.request_id === asked.json().id,
    );
    expect(heard?.data).toMatchObject({
      reply: { status: 'not_sent', reason: 'conversation_closed' },
    });
    expect(await discountsOf(agent, clientId)).toEqual([]);
    // Reopened, the agent's reply uses the approval.
    await agent.patch(`/api/v1/conversations/${conversationId}`, { status: 'open' });
    const sent = await reply(agent, conversationId, 'As promised, 12% off this order.');
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await discountsOf(agent, clientId)).toMatchObject([{ request_id: asked.json().id }]);
  });

  it('is withdrawn by its requester only, once; a second pending one is a duplicate', async () => {
    const { conversationId } = await openConversation();
    const asked = await ask(agent, conversationId);
    const duplicate = await ask(agent, conversationId);
    expect(duplicate.statusCode).toBe(409);
    const id = asked.json().id;
    expect((await colleague.post(`/api/v1/discount-requests/${id}/cancel`)).statusCode).toBe(403);
    const cancelled = await agent.post(`/api/v1/discount-requests/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await agent.post(`/api/v1/discount-requests/${id}/cancel`)).statusCode).toBe(409);
    expect((await lead.post(`/api/v1/discount-requests/${id}/approve`)).statusCode).toBe(409);
    // Cancelled, a new one may be made.
    expect((await ask(agent, conversationId)).statusCode).toBe(201);
  });

  it('refuses bad input, naming the field', async () => {
    const { conversationId } = await openConversation();
    const cases: [Record<string, unknown>, string][] = [
      [{ percent: 150, reason: 'x' }, 'percent'],
      [{ percent: 20 }, 'reason'],
      [{ percent: 0, coupons: 0, reason: 'x' }, 'percent'],
      [{ percent: 3, reason: 'x' }, 'percent'],
      [{ coupons: 1, reason: 'x' }, 'coupons'],
      [{ percent: 20, reason: 'x', reply_text: 'We can give you 40% off.' }, 'reply_text'],
      [{ percent: 20, reason: 'x', reply_text: 'Here are three coupons for you.' }, 'reply_text'],
      [{ percent: 20, reason: 'x', surprise: true }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await ask(agent, conversationId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(res.json().error.fields, JSON.stringify(body)).toHaveProperty([field]);
    }
    expect((await agent.get('/api/v1/discount-requests?status=maybe')).statusCode).toBe(400);
  });

  it('lists: supervisors see the queue, an agent their own or a conversation’s, page by page', async () => {
    const { conversationId } = await openConversation();
    const mine = (await ask(agent, conversationId)).json();
    const theirs = (await ask(colleague, conversationId)).json();
    const queue = await lead.get(
      `/api/v1/discount-requests?status=pending&conversation_id=${conversationId}&limit=1`,
    );
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.map((r: { id: string }) => r.id)).toEqual([theirs.id]);
    const next = await lead.get(
      `/api/v1/discount-requests?status=pending&conversation_id=${conversationId}&limit=1&cursor=${queue.json().next_cursor}`,
    );
    expect(next.json().items.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    const own = (await agent.get('/api/v1/discount-requests?limit=100')).json().items;
    expect(own.every((r: { requester: { id: string } }) => r.requester.id === agent.userId)).toBe(
      true,
    );
    expect(own.map((r: { id: string }) => r.id)).toContain(mine.id);
    const onConversation = (
      await agent.get(`/api/v1/discount-requests?conversation_id=${conversationId}`)
    ).json();
    expect(onConversation.items).toHaveLength(2);
    expect(
      (await agent.get(`/api/v1/discount-requests?requester_id=${colleague.userId}`)).statusCode,
    ).toBe(403);
  });

  it("another workspace's requests, conversations and clients are not found", async () => {
    const { conversationId, clientId } = await openConversation();
    const id = (await ask(agent, conversationId)).json().id;
    expect((await stranger.get(`/api/v1/discount-requests/${id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/discount-requests/${id}/approve`)).statusCode).toBe(404);
    expect(
      (await stranger.post(`/api/v1/discount-requests/${id}/deny`, { comment: 'no' })).statusCode,
    ).toBe(404);
    expect((await stranger.post(`/api/v1/discount-requests/${id}/cancel`)).statusCode).toBe(404);
    expect((await ask(stranger, conversationId)).statusCode).toBe(404);
    expect(
      (await stranger.get(`/api/v1/discount-requests?conversation_id=${conversationId}`))
        .statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/clients/${clientId}/discounts`)).statusCode).toBe(404);
    // Its lists hold none of this workspace's requests.
    expect((await stranger.get('/api/v1/discount-requests')).json().items).toEqual([]);
    expect((await lead.get(`/api/v1/discount-requests/${id}`)).statusCode).toBe(200);
    expect(other.workspaceId).not.toBe(ws.workspaceId);
  });
});
