import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { promiseSweepJob, runPromiseSweep } from './promise.jobs.ts';

// Wednesday 9 December 2026, 10:15 in Madrid.
const NOW = new Date('2026-12-09T09:15:00.000Z');
const MIN = 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let lead: Caller;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
  agent = await ws.addUser('agent', 'Ana Agent');
  lead = await ws.addUser('supervisor', 'Sofia Lead');
  const team = await ws.admin.post('/api/v1/teams', { name: 'Phones', supervisor_id: lead.userId });
  expect(team.statusCode, team.body).toBe(201);
  const members = await ws.admin.put(`/api/v1/teams/${team.json().id}/members`, {
    user_ids: [agent.userId],
  });
  expect(members.statusCode, members.body).toBeLessThan(300);
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = new Date(NOW);
});

/** A reply with one promise, confirmed by the caller; returns it and its conversation. */
async function promise(caller: Caller, reply: string) {
  const conv = await caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Kovács Anna' },
    subject: 'Refund',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Where is my refund?' },
  });
  const conversationId = conv.json().id as string;
  await caller.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction: 'outbound',
    body_text: reply,
  });
  const list = await caller.get(`/api/v1/promises?conversation_id=${conversationId}`);
  const id = list.json().items[0].id as string;
  const confirmed = await caller.post(`/api/v1/promises/${id}/confirm`);
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { id, conversationId };
}

const kinds = async (caller: Caller, promiseId: string) =>
  (await caller.get('/api/v1/notifications?limit=100'))
    .json()
    .items.filter((n: { data: { promise_id?: string } }) => n.data.promise_id === promiseId)
    .map((n: { kind: string }) => n.kind);

const stateOf = async (id: string, conversationId: string) =>
  (await agent.get(`/api/v1/promises?conversation_id=${conversationId}`))
    .json()
    .items.find((p: { id: string }) => p.id === id).state as string;

const sweep = (now: Date) => runPromiseSweep(t.database.db, now, { workspaceId: ws.workspaceId });

describe('the promises sweep', () => {
  it('reminds the agent before the due time, once; at the due time marks it broken and tells the supervisor', async () => {
    const p = await promise(agent, "I'll call you back in 30 minutes.");
    // A 30-minute promise: reminded 15 minutes before.
    await sweep(at(14 * MIN));
    expect(await kinds(agent, p.id)).toEqual([]);
    await sweep(at(15 * MIN));
    await Promise.all([sweep(at(16 * MIN)), sweep(at(16 * MIN))]);
    expect(await kinds(agent, p.id)).toEqual(['promise.reminder']);
    const [reminder] = (await agent.get('/api/v1/notifications')).json().items;
    expect(reminder).toMatchObject({
      kind: 'promise.reminder',
      conversation_id: p.conversationId,
      data: {
        promise_id: p.id,
        kind: 'callback',
        text: "I'll call you back in 30 minutes",
        due_at: at(30 * MIN).toISOString(),
        client: { name: 'Kovács Anna' },
        agent: { id: agent.userId, name: 'Ana Agent' },
      },
    });
    expect(await kinds(lead, p.id)).toEqual([]);

    await sweep(at(29 * MIN));
    expect(await stateOf(p.id, p.conversationId)).toBe('open');
    await Promise.all([sweep(at(30 * MIN)), sweep(at(30 * MIN))]);
    expect(await stateOf(p.id, p.conversationId)).toBe('broken');
    expect(await kinds(lead, p.id)).toEqual(['promise.broken']);
    expect(await kinds(agent, p.id)).toEqual(['promise.reminder']);
    // The admin is not told when there is a supervisor.
    expect(await kinds(ws.admin, p.id)).toEqual([]);
    const events = (await agent.get(`/api/v1/conversations/${p.conversationId}/events`)).json()
      .items;
    expect(events[0]).toMatchObject({
      type: 'promise.broken',
      actor: { kind: 'system' },
      data: { promise_id: p.id, agent: { id: agent.userId } },
    });
    const broken = (await agent.get(`/api/v1/promises?conversation_id=${p.conversationId}`)).json()
      .items[0];
    expect(broken).toMatchObject({
      settled_at: at(30 * MIN).toISOString(),
      settled_by: null,
      abilities: { keep: false, delay: false },
    });
  });

  it("a day-long promise is reminded 2 hours before; without a team supervisor the workspace's admins hear it is broken", async () => {
    const loner = await ws.addUser('agent', 'Lone Ranger');
    // Friday 11 December 18:00 in Madrid (17:00 UTC), two days and more away.
    const p = await promise(loner, "You'll have the refund by Friday.");
    const due = new Date('2026-12-11T17:00:00.000Z');
    await sweep(new Date(due.getTime() - 121 * MIN));
    expect(await kinds(loner, p.id)).toEqual([]);
    await sweep(new Date(due.getTime() - 120 * MIN));
    expect(await kinds(loner, p.id)).toEqual(['promise.reminder']);
    await sweep(due);
    expect(await kinds(ws.admin, p.id)).toEqual(['promise.broken']);
    expect(await kinds(lead, p.id)).toEqual([]);
  });

  it('kept and proposed promises are left alone; a re-dated one is reminded again for its new time', async () => {
    const kept = await promise(agent, "I'll call you back in 10 minutes.");
    await agent.post(`/api/v1/promises/${kept.id}/keep`);
    const conv = await agent.post('/api/v1/conversations', {
      client: { email: `c-${randomUUID().slice(0, 8)}@example.test` },
      subject: 'x',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hello' },
    });
    await agent.post(`/api/v1/conversations/${conv.json().id}/messages`, {
      direction: 'outbound',
      body_text: "I'll call you back in 10 minutes.",
    });
    const moved = await promise(agent, "I'll call you back in 20 minutes.");
    await sweep(at(11 * MIN));
    expect(await kinds(agent, kept.id)).toEqual([]);
    expect(await kinds(agent, moved.id)).toEqual(['promise.reminder']);
    const proposals = (await agent.get(`/api/v1/promises?conversation_id=${conv.json().id}`)).json()
      .items;
    expect(proposals.map((p: { state: string }) => p.state)).toEqual(['proposed']);

    t.clock.now = at(12 * MIN);
    const res = await agent.post(`/api/v1/promises/${moved.id}/delay`, {
      due_at: at(60 * MIN).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    await sweep(at(21 * MIN));
    expect(await stateOf(moved.id, moved.conversationId)).toBe('open');
    await sweep(at(45 * MIN));
    expect(await kinds(agent, moved.id)).toEqual(['promise.reminder', 'promise.reminder']);
    await sweep(at(60 * MIN));
    expect(await stateOf(moved.id, moved.conversationId)).toBe('broken');
  });

  it('runs as the promises.sweep job', async () => {
    const p = await promise(agent, "I'll call you back in 10 minutes.");
    await promiseSweepJob.handle(
      {
        database: t.database,
        log: t.app.log,
        now: () => at(10 * MIN),
        sweepWorkspaceId: ws.workspaceId,
      },
      {},
      { retryCount: 0, retryLimit: 0 },
    );
    expect(await stateOf(p.id, p.conversationId)).toBe('broken');
    expect(await kinds(lead, p.id)).toEqual(['promise.broken']);
  });
});
