import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { runSlaSweep } from '../sla/sla.sweep.ts';

// Monday 3 March 2031, 09:00 in Madrid: the standard first-response target (10
// business hours) falls due on Tuesday at 10:00 (09:00 UTC).
const NOW = new Date('2031-03-03T08:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR).toISOString();

let t: TestApp;
let ws: TestWorkspace;
let ioana: Caller;
let mihai: Caller;
let boss: Caller;
let otherBoss: Caller;
let teamId: string;
let otherTeamId: string;
let other: TestWorkspace;

/** A conversation from a client, assigned to the caller. */
async function open(owner: Caller) {
  const res = await ws.admin.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'A discount of 30 %',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Can I have 30 % off?' },
    assignee_id: owner.userId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

/** The caller hands one of their conversations on to the boss, for this reason. */
async function escalate(from: Caller, body: Record<string, unknown> = {}) {
  const c = await open(from);
  const res = await from.post(`/api/v1/conversations/${c.id}/escalations`, {
    to_user_id: boss.userId,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; category: string; reason: string };
}

const counts = (some: Record<string, number>) => ({
  cannot_answer: 0,
  outside_authority: 0,
  difficult_client: 0,
  complaint: 0,
  technical: 0,
  other: 0,
  sla_breach: 0,
  ...some,
});

const stats = (caller: Caller, query: string) => caller.get(`/api/v1/escalations/stats?${query}`);
const PERIOD = `from=${at(-1)}&to=${at(30)}`;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
  ioana = await ws.addUser('agent', 'Ioana Popescu');
  mihai = await ws.addUser('agent', 'Mihai Ionescu');
  boss = await ws.addUser('supervisor', 'Elena Șef');
  otherBoss = await ws.addUser('supervisor', 'Otto Outsider');
  const team = await ws.admin.post('/api/v1/teams', {
    name: 'Vânzări',
    supervisor_id: boss.userId,
  });
  expect(team.statusCode, team.body).toBe(201);
  teamId = team.json().id;
  await ws.admin.put(`/api/v1/teams/${teamId}/members`, { user_ids: [ioana.userId] });
  const theirs = await ws.admin.post('/api/v1/teams', {
    name: 'Night shift',
    supervisor_id: otherBoss.userId,
  });
  otherTeamId = theirs.json().id;
  await ws.admin.put(`/api/v1/teams/${otherTeamId}/members`, { user_ids: [mihai.userId] });
  other = await newWorkspace(t);

  // Mihai leaves a client unanswered past the first-response target: the SLA sweep escalates it.
  await open(mihai);
  const breached = await runSlaSweep({ db: t.database.db }, new Date(at(25.1)), {
    workspaceId: ws.workspaceId,
  });
  expect(breached.breached).toBe(1);

  // Monday morning: Ioana twice cannot answer and once meets a discount beyond
  // her authority; Mihai takes a complaint and escalates once without saying why.
  await escalate(ioana, { category: 'cannot_answer', reason: 'Warranty terms' });
  await escalate(ioana, { category: 'cannot_answer' });
  await escalate(ioana, { category: 'outside_authority', reason: '30 % is above my limit' });
  await escalate(mihai, { category: 'complaint' });
  await escalate(mihai);
  // Wednesday, outside the period asked for below: a difficult client.
  t.clock.now = new Date(at(48));
  await escalate(ioana, { category: 'difficult_client' });
  t.clock.now = NOW;
  // Another workspace's escalations never count here.
  const stranger = await other.addUser('agent', 'Ioana Popescu');
  const theirConversation = await other.admin.post('/api/v1/conversations', {
    client: { email: 'x@example.test', name: 'X' },
    subject: 'Elsewhere',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Hello' },
    assignee_id: stranger.userId,
  });
  expect(
    (
      await stranger.post(`/api/v1/conversations/${theirConversation.json().id}/escalations`, {
        to_user_id: other.admin.userId,
        category: 'technical',
      })
    ).statusCode,
  ).toBe(201);
});
afterAll(() => t.close());

describe('an escalation’s category', () => {
  it('is stored beside the free-text reason, and is other when not given', async () => {
    // A month before the periods counted below.
    t.clock.now = new Date(at(-24 * 30));
    const c = await open(ioana);
    const res = await ioana.post(`/api/v1/conversations/${c.id}/escalations`, {
      to_user_id: mihai.userId,
      category: 'outside_authority',
      reason: 'Wants a refund after 60 days',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      category: 'outside_authority',
      reason: 'Wants a refund after 60 days',
    });
    const listed = (await ioana.get(`/api/v1/escalations?conversation_id=${c.id}`)).json();
    expect(listed.items[0]).toMatchObject({ category: 'outside_authority' });
    const events = (await ioana.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[0]).toMatchObject({
      type: 'conversation.escalated',
      data: { category: 'outside_authority' },
    });
    // Moved back to Ioana, the default is other.
    const again = await mihai.post(`/api/v1/conversations/${c.id}/escalations`, {
      to_user_id: ioana.userId,
    });
    expect(again.json()).toMatchObject({ category: 'other', reason: '' });
    t.clock.now = NOW;
  });

  it('is one of the list; sla_breach is the sweep’s alone (400 naming category)', async () => {
    const c = await open(ioana);
    for (const category of ['sla_breach', 'angry', '']) {
      const res = await ioana.post(`/api/v1/conversations/${c.id}/escalations`, {
        to_user_id: mihai.userId,
        category,
      });
      expect(res.statusCode, category).toBe(400);
      expect(res.json().error.fields, category).toHaveProperty('category');
    }
    expect((await ioana.get(`/api/v1/escalations?conversation_id=${c.id}`)).json().items).toEqual(
      [],
    );
  });
});

describe('GET /escalations/stats', () => {
  it('counts escalations per agent and category in the period, with the totals', async () => {
    const res = await stats(ws.admin, PERIOD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      from: at(-1),
      to: at(30),
      team_id: null,
      items: [
        {
          agent: { id: ioana.userId, name: 'Ioana Popescu' },
          total: 3,
          by_category: counts({ cannot_answer: 2, outside_authority: 1 }),
        },
        {
          agent: { id: mihai.userId, name: 'Mihai Ionescu' },
          total: 3,
          by_category: counts({ complaint: 1, other: 1, sla_breach: 1 }),
        },
      ],
      totals: {
        total: 6,
        by_category: counts({
          cannot_answer: 2,
          outside_authority: 1,
          complaint: 1,
          other: 1,
          sla_breach: 1,
        }),
      },
    });
  });

  it('counts only the period asked for', async () => {
    const later = (await stats(ws.admin, `from=${at(30)}&to=${at(24 * 7)}`)).json();
    expect(later.items).toEqual([
      {
        agent: { id: ioana.userId, name: 'Ioana Popescu' },
        total: 1,
        by_category: counts({ difficult_client: 1 }),
      },
    ]);
    // The end is exclusive: the breach at Tuesday 09:06 UTC is not before it.
    const before = (await stats(ws.admin, `from=${at(-1)}&to=${at(25.1)}`)).json();
    expect(before.totals.by_category.sla_breach).toBe(0);
    const empty = (await stats(ws.admin, `from=${at(-48)}&to=${at(-1)}`)).json();
    expect(empty).toMatchObject({ items: [], totals: { total: 0, by_category: counts({}) } });
  });

  it('shows a supervisor their teams, and one team with team_id', async () => {
    const mine = (await stats(boss, PERIOD)).json();
    expect(mine.items.map((i: { agent: { id: string } }) => i.agent.id)).toEqual([ioana.userId]);
    expect(mine.totals.total).toBe(3);
    const one = (await stats(ws.admin, `${PERIOD}&team_id=${otherTeamId}`)).json();
    expect(one.team_id).toBe(otherTeamId);
    expect(one.items.map((i: { agent: { id: string } }) => i.agent.id)).toEqual([mihai.userId]);
    expect((await stats(boss, `${PERIOD}&team_id=${teamId}`)).json().totals.total).toBe(3);
    // Another supervisor's team is not theirs to see.
    const refused = await stats(boss, `${PERIOD}&team_id=${otherTeamId}`);
    expect(refused.statusCode).toBe(403);
  });

  it('refuses agents (403)', async () => {
    const res = await stats(ioana, PERIOD);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('never shows another workspace’s escalations, nor takes its team', async () => {
    const theirs = (await stats(other.admin, PERIOD)).json();
    expect(theirs.items.map((i: { by_category: object }) => i.by_category)).toEqual([
      counts({ technical: 1 }),
    ]);
    const ours = (await stats(ws.admin, PERIOD)).json();
    expect(ours.totals.by_category.technical).toBe(0);
    const res = await stats(other.admin, `${PERIOD}&team_id=${teamId}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ team_id: 'must be a team of this workspace' });
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      [`to=${at(1)}`, 'from'],
      [`from=${at(0)}`, 'to'],
      [`from=yesterday&to=${at(1)}`, 'from'],
      [`from=${at(1)}&to=${at(0)}`, 'to'],
      [`from=${at(0)}&to=${at(24 * 400)}`, 'to'],
      [`${PERIOD}&team_id=abc`, 'team_id'],
      [`${PERIOD}&agent_id=1`, 'agent_id'],
    ];
    for (const [query, field] of cases) {
      const res = await stats(ws.admin, query);
      expect(res.statusCode, query).toBe(400);
      // An unknown parameter is named in the message of the querystring.
      expect(JSON.stringify(res.json().error.fields), query).toContain(field);
    }
  });
});
