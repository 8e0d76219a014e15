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
let supervisor: Caller;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  colleague = await ws.addUser('agent', 'Bence Kovács');
  supervisor = await ws.addUser('supervisor', 'Sofia Supervisor');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function open(caller: Caller, extra: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'Refund over the limit',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'I want all my money back' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
}

async function newTeam(name: string, supervisorId: string | null, members: string[]) {
  const res = await ws.admin.post('/api/v1/teams', { name, supervisor_id: supervisorId });
  expect(res.statusCode, res.body).toBe(201);
  const team = res.json() as { id: string };
  if (members.length)
    expect(
      (await ws.admin.put(`/api/v1/teams/${team.id}/members`, { user_ids: members })).statusCode,
    ).toBe(200);
  return team;
}

const escalate = (caller: Caller, id: string, body: Record<string, unknown>) =>
  caller.post(`/api/v1/conversations/${id}/escalations`, body);

const notificationsOf = async (caller: Caller) =>
  (await caller.get('/api/v1/notifications')).json().items as {
    kind: string;
    conversation_id: string;
    data: Record<string, unknown>;
  }[];

describe('escalating a conversation', () => {
  it('to a person: assigns it to them, records the escalation and an event, notifies them', async () => {
    const c = await open(agent, { assignee_id: agent.userId });
    const res = await escalate(agent, c.id, {
      to_user_id: colleague.userId,
      method: 'call',
      note: 'Knows the refund rules',
      reason: 'Above my discount authority',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      conversation_id: c.id,
      from_user: { id: agent.userId, name: 'Ana Agent' },
      to_user: { id: colleague.userId, name: 'Bence Kovács' },
      to_team: null,
      scope: 'conversation',
      excerpt: null,
      method: 'call',
      note: 'Knows the refund rules',
      reason: 'Above my discount authority',
    });

    const conversation = (await agent.get(`/api/v1/conversations/${c.id}`)).json();
    expect(conversation.assignee).toEqual({ id: colleague.userId, name: 'Bence Kovács' });
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[0]).toMatchObject({
      type: 'conversation.escalated',
      actor: { kind: 'user', id: agent.userId },
      data: { to_user: { id: colleague.userId, name: 'Bence Kovács' }, method: 'call' },
    });
    expect(events[1]).toMatchObject({
      type: 'conversation.assigned',
      data: { before: { assignee_id: agent.userId }, after: { assignee_id: colleague.userId } },
    });

    const notes = await notificationsOf(colleague);
    expect(notes[0]).toMatchObject({
      kind: 'escalation.received',
      conversation_id: c.id,
      data: { number: c.number, method: 'call', note: 'Knows the refund rules' },
    });
    expect(await notificationsOf(agent)).toEqual([]);

    const list = (await agent.get(`/api/v1/escalations?conversation_id=${c.id}`)).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([res.json().id]);
  });

  it('to a team: moves it to the team queue, unassigned, and tells the team’s supervisor', async () => {
    const team = await newTeam(`Seniors ${Math.random()}`, supervisor.userId, [colleague.userId]);
    const c = await open(agent, { assignee_id: agent.userId });
    const res = await escalate(agent, c.id, {
      to_team_id: team.id,
      scope: 'excerpt',
      excerpt: 'I want all my money back',
      note: 'Difficult client',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      to_user: null,
      to_team: { id: team.id },
      scope: 'excerpt',
      excerpt: 'I want all my money back',
      method: 'handoff',
    });
    const conversation = (await agent.get(`/api/v1/conversations/${c.id}`)).json();
    expect(conversation.team.id).toBe(team.id);
    expect(conversation.assignee).toBeNull();
    const notes = await notificationsOf(supervisor);
    expect(notes.find((n) => n.conversation_id === c.id)).toMatchObject({
      kind: 'escalation.received',
      data: { excerpt: 'I want all my money back' },
    });
    // The supervisor takes it; members are not told.
    expect((await notificationsOf(colleague)).some((n) => n.conversation_id === c.id)).toBe(false);
  });

  it('to a team without a supervisor: tells its members', async () => {
    const team = await newTeam(`Night ${Math.random()}`, null, [colleague.userId, agent.userId]);
    const c = await open(agent, { assignee_id: agent.userId });
    expect((await escalate(agent, c.id, { to_team_id: team.id })).statusCode).toBe(201);
    expect((await notificationsOf(colleague)).some((n) => n.conversation_id === c.id)).toBe(true);
    // The one who escalated is not told about their own escalation.
    expect((await notificationsOf(agent)).some((n) => n.conversation_id === c.id)).toBe(false);
  });

  it('keeps its history when the team is deleted', async () => {
    const team = await newTeam(`Temp ${Math.random()}`, supervisor.userId, []);
    const c = await open(agent);
    expect((await escalate(agent, c.id, { to_team_id: team.id })).statusCode).toBe(201);
    // The conversation leaves the team first; then the team can go.
    await agent.patch(`/api/v1/conversations/${c.id}`, { team_id: null });
    const res = await ws.admin.delete(`/api/v1/teams/${team.id}`);
    expect(res.statusCode, res.body).toBe(204);
    const list = (await agent.get(`/api/v1/escalations?conversation_id=${c.id}`)).json();
    expect(list.items[0]).toMatchObject({ to_team: null, from_user: { id: agent.userId } });
  });

  it('refuses a second identical escalation (a double click) and keeps one', async () => {
    const c = await open(agent);
    const [a, b] = await Promise.all([
      escalate(agent, c.id, { to_user_id: colleague.userId }),
      escalate(agent, c.id, { to_user_id: colleague.userId }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const lost = a.statusCode === 409 ? a : b;
    expect(lost.json().error.fields).toEqual({ to_user_id: 'already has the conversation' });
    const list = (await agent.get(`/api/v1/escalations?conversation_id=${c.id}`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('answers 400 naming the field', async () => {
    const c = await open(agent);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'to_user_id'],
      [{ to_user_id: colleague.userId, to_team_id: '1' }, 'to_team_id'],
      [{ to_user_id: agent.userId }, 'to_user_id'],
      [{ to_user_id: colleague.userId, scope: 'excerpt' }, 'excerpt'],
      [{ to_user_id: colleague.userId, method: 'pigeon' }, 'method'],
      [{ to_user_id: other.admin.userId }, 'to_user_id'],
      [{ to_user_id: colleague.userId, note: 'x'.repeat(2001) }, 'note'],
      [{ to_user_id: colleague.userId, surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await escalate(agent, c.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
    const otherTeam = (await other.admin.post('/api/v1/teams', { name: 'Theirs' })).json();
    const res = await escalate(agent, c.id, { to_team_id: otherTeam.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ to_team_id: 'must be a team of this workspace' });
    // Nothing was half-written.
    expect((await agent.get(`/api/v1/escalations?conversation_id=${c.id}`)).json().items).toEqual(
      [],
    );
  });

  it('answers 404 for another workspace’s conversation, on both routes', async () => {
    const theirs = await open(other.admin);
    expect((await escalate(agent, theirs.id, { to_user_id: colleague.userId })).statusCode).toBe(
      404,
    );
    expect((await agent.get(`/api/v1/escalations?conversation_id=${theirs.id}`)).statusCode).toBe(
      404,
    );
    expect((await agent.get('/api/v1/escalations')).statusCode).toBe(400);
  });

  it('refuses to escalate a closed conversation', async () => {
    const c = await open(agent);
    await agent.patch(`/api/v1/conversations/${c.id}`, { status: 'resolved' });
    expect(
      (await agent.patch(`/api/v1/conversations/${c.id}`, { status: 'closed' })).statusCode,
    ).toBe(200);
    const res = await escalate(agent, c.id, { to_user_id: colleague.userId });
    expect(res.statusCode).toBe(409);
  });
});
