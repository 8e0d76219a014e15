// An agent who opens a conversation writes the client a reply like any other:
// the coach, discount authority and promises apply to it as to a reply in an
// existing conversation, and a refusal leaves no conversation behind.
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
let supervisor: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor', 'Sofia Lead');
});
afterAll(() => t.close());

/** Opens an outbound email conversation to a new client with `body_text`. */
function reachOut(caller: Caller, body_text: string, extra: Record<string, unknown> = {}) {
  return caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Kairat Nurlanov' },
    subject: 'Your order',
    channel: 'email',
    direction: 'outbound',
    message: { body_text, ...extra },
  });
}

async function conversationCount() {
  const row = await t.database.db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('an agent opening a conversation', () => {
  it('is refused a blocked phrase (422 coach_blocked) and nothing is stored', async () => {
    const before = await conversationCount();
    const res = await reachOut(agent, 'Hello Kairat, I am Ana. Calm down, please.');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('coach_blocked');
    expect(res.json().error.findings.map((f: { rule_id: string }) => f.rule_id)).toContain(
      'en.calm-down',
    );
    expect(await conversationCount()).toBe(before);
  });

  it('lets a supervisor send it with a reason, recorded; an agent may not (403)', async () => {
    const text = 'Hello Kairat, I am Sofia. Calm down: we will fix it today.';
    const override = { coach_override: { reason: 'The client asked for exactly these words' } };
    expect((await reachOut(agent, text, override)).statusCode).toBe(403);
    const sent = await reachOut(supervisor, text, override);
    expect(sent.statusCode, sent.body).toBe(201);
    const events = (await supervisor.get(`/api/v1/conversations/${sent.json().id}/events`)).json()
      .items as { type: string; data: { reason?: string } }[];
    expect(events.find((e) => e.type === 'message.coach_override')).toMatchObject({
      data: { reason: 'The client asked for exactly these words' },
    });
  });

  it('refuses coach_override on a client’s message (400 naming the field)', async () => {
    const res = await ws.admin.post('/api/v1/conversations', {
      client: { email: `c-${randomUUID().slice(0, 8)}@example.test` },
      subject: 'Hi',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hello', coach_override: { reason: 'no' } },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['message.coach_override']);
  });

  it('needs approval for a discount above the agent’s authority (422), and stores nothing', async () => {
    const before = await conversationCount();
    const res = await reachOut(agent, 'Hello Kairat, I am Ana. You get 20% off your next order.');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('discount_approval_required');
    expect(await conversationCount()).toBe(before);
  });

  it('records a discount within authority on the client, and proposes the promise it makes', async () => {
    const res = await reachOut(
      agent,
      "Hello Kairat, I am Ana. You get 5% off your next order, and I'll call you back in 10 minutes.",
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id, client } = res.json() as { id: string; client: { id: string } };
    const discounts = (await agent.get(`/api/v1/clients/${client.id}/discounts`)).json().items;
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({ percent: 5, coupons: 0 });
    const promises = (await agent.get(`/api/v1/promises?conversation_id=${id}`)).json().items;
    expect(promises).toHaveLength(1);
  });
});
