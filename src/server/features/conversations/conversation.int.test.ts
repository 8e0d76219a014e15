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
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

let seq = 0;
/** Opens an inbound conversation from a new client; returns the response body. */
async function open(caller: Caller, extra: Record<string, unknown> = {}) {
  seq++;
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `client-${seq}-${Math.random()}@example.test`, name: `Client ${seq}` },
    subject: `Question ${seq}`,
    channel: 'email',
    direction: 'inbound',
    message: { body_text: `Hello, this is message ${seq}` },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function addTeam(w: TestWorkspace, name: string, members: string[]) {
  const db = t.database.db;
  const team = await db
    .insertInto('teams')
    .values({ workspace_id: w.workspaceId, name, supervisor_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of members) {
    await db
      .insertInto('team_members')
      .values({ workspace_id: w.workspaceId, team_id: team.id, user_id: userId })
      .execute();
  }
  return team.id;
}

async function setUser(
  w: TestWorkspace,
  userId: string,
  values: { is_available?: boolean; is_active?: boolean },
) {
  await t.database.db
    .updateTable('users')
    .set(values)
    .where('workspace_id', '=', w.workspaceId)
    .where('id', '=', userId)
    .execute();
}

describe('opening a conversation', () => {
  it('opens an inbound conversation from a new client with its first message', async () => {
    const email = `new-${Math.random()}@example.test`;
    const res = await agent.post('/api/v1/conversations', {
      client: { email, name: 'Zsófia Kovács', language: 'hu' },
      subject: '  Where is my order?  ',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hello,\n\n  my order   has not arrived.' },
      priority: 'high',
      tags: ['Delivery', 'delivery', 'vip'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      subject: 'Where is my order?',
      status: 'new',
      priority: 'high',
      channel: 'email',
      tags: ['delivery', 'vip'],
      client: { name: 'Zsófia Kovács' },
      assignee: null,
      team: null,
      last_excerpt: 'Hello, my order has not arrived.',
      message_count: 1,
      first_responded_at: null,
      abilities: { update: true, assign: true, reply: true, note: true },
    });
    expect(c.number).toBeGreaterThan(0);
    expect(c.last_inbound_at).not.toBeNull();

    const again = await agent.get(`/api/v1/conversations/${c.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(c);

    const messages = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json();
    expect(messages.items).toHaveLength(1);
    expect(messages.items[0]).toMatchObject({
      direction: 'inbound',
      author: { kind: 'client', id: c.client.id, name: 'Zsófia Kovács' },
    });

    // the same email finds the same client
    const second = await open(agent, { client: { email: email.toUpperCase() } });
    expect(second.client.id).toBe(c.client.id);

    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json();
    expect(events.items.map((e: { type: string }) => e.type)).toEqual(['conversation.created']);
    expect(events.items[0].actor).toMatchObject({
      kind: 'user',
      id: agent.userId,
      name: 'Ana Agent',
    });
  });

  it('opens an outbound conversation for a known client, already answered', async () => {
    const first = await open(agent);
    const res = await agent.post('/api/v1/conversations', {
      client_id: first.client.id,
      subject: 'Your offer',
      channel: 'phone',
      direction: 'outbound',
      message: { body_text: 'Following up on our call.' },
      assignee_id: agent.userId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.status).toBe('open');
    expect(c.first_responded_at).not.toBeNull();
    expect(c.assignee).toEqual({ id: agent.userId, name: 'Ana Agent' });
    expect(c.last_inbound_at).toBeNull();
    const messages = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json();
    expect(messages.items[0].author).toMatchObject({ kind: 'user', id: agent.userId });
  });

  it('numbers conversations per workspace, one after the other, also when created at once', async () => {
    const a = await newWorkspace(t);
    const b = await newWorkspace(t);
    expect((await open(a.admin)).number).toBe(1);
    expect((await open(a.admin)).number).toBe(2);
    expect((await open(b.admin)).number).toBe(1);
    const burst = await Promise.all(Array.from({ length: 8 }, () => open(a.admin)));
    expect(burst.map((c) => c.number).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stores a message with a known external_id once and returns the first conversation', async () => {
    const body = {
      client: { email: `dup-${Math.random()}@example.test` },
      subject: 'Twice',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Sent twice', external_id: `<msg-${Math.random()}@mail.test>` },
    };
    const first = await agent.post('/api/v1/conversations', body);
    const second = await agent.post('/api/v1/conversations', body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().message_count).toBe(1);
  });

  it('stores a message posted concurrently with the same external_id once', async () => {
    const w = await newWorkspace(t);
    // A known client, so the race is on the message's external_id itself.
    const known = await open(w.admin);
    const body = {
      client_id: known.client.id,
      subject: 'Race',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Posted at once', external_id: `race-${Math.random()}` },
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => w.admin.post('/api/v1/conversations', body)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const list = (await w.admin.get('/api/v1/conversations')).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ number: 2, message_count: 1 });
    // with a new client too, racing on the client's email as well
    const fresh = {
      ...body,
      client_id: undefined,
      client: { email: `race-${Math.random()}@x.test` },
    };
    fresh.message = { ...body.message, external_id: `race-${Math.random()}` };
    const again = await Promise.all(
      Array.from({ length: 6 }, () => w.admin.post('/api/v1/conversations', fresh)),
    );
    expect(again.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(again[0]!.json().number).toBe(3);
  });

  it('assigns a new conversation by round robin when asked', async () => {
    const w = await newWorkspace(t);
    const a1 = await w.addUser('agent');
    const team = await addTeam(w, 'Billing', [a1.userId]);
    const res = await w.admin.post('/api/v1/conversations', {
      client: { phone: '+36 1 234 5678' },
      channel: 'sms',
      direction: 'inbound',
      message: { body_text: 'Invoice?' },
      team_id: team,
      assign: 'round_robin',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().assignee.id).toBe(a1.userId);
    expect(res.json().team).toEqual({ id: team, name: 'Billing' });
  });

  it('names the field on bad input and stores nothing', async () => {
    const base = {
      client: { email: 'x@example.test' },
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'hi' },
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, channel: 'fax' }, 'channel'],
      [{ ...base, direction: 'note' }, 'direction'],
      [{ ...base, message: { body_text: '   ' } }, 'message.body_text'],
      [{ ...base, message: { body_text: 'x', body_html: '<b>x</b>' } }, 'message.body_html'],
      [{ ...base, client: { email: 'not-an-email' } }, 'client.email'],
      [{ ...base, client: {} }, 'client'],
      [{ ...base, client: undefined }, 'client_id'],
      [{ ...base, client_id: '1' }, 'client'],
      [{ ...base, tags: ['no spaces allowed'] }, 'tags.0'],
      [{ ...base, assign: 'round_robin' }, 'team_id'],
      [{ ...base, priority: 'whenever' }, 'priority'],
    ];
    const w = await newWorkspace(t);
    for (const [body, field] of cases) {
      const res = await w.admin.post('/api/v1/conversations', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.fields, field).toHaveProperty([field]);
    }
    const unknown = await w.admin.post('/api/v1/conversations', { ...base, surprise: 1 });
    expect(unknown.statusCode).toBe(400);
    expect((await w.admin.get('/api/v1/conversations')).json().items).toHaveLength(0);
  });

  it("never links another workspace's client, team or user", async () => {
    const theirs = await open(other.admin);
    const theirAgent = await other.addUser('agent');
    const theirTeam = await addTeam(other, 'Theirs', [theirAgent.userId]);
    const base = {
      client: { email: `mine-${Math.random()}@example.test` },
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'hi' },
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, client: undefined, client_id: theirs.client.id }, 'client_id'],
      [{ ...base, team_id: theirTeam }, 'team_id'],
      [{ ...base, assignee_id: theirAgent.userId }, 'assignee_id'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.post('/api/v1/conversations', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
    const mine = await open(agent);
    for (const patch of [{ assignee_id: theirAgent.userId }, { team_id: theirTeam }]) {
      const res = await agent.patch(`/api/v1/conversations/${mine.id}`, patch);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty([Object.keys(patch)[0]!]);
    }
    const assign = await agent.post(`/api/v1/conversations/${mine.id}/assign`, {
      team_id: theirTeam,
    });
    expect(assign.statusCode).toBe(400);
    expect((await agent.get(`/api/v1/conversations/${mine.id}`)).json()).toMatchObject({
      assignee: null,
      team: null,
    });
  });
});

describe("another workspace's conversation", () => {
  it('is not found on every route, like a missing one', async () => {
    const theirs = await open(other.admin);
    const urls = [
      ['GET', `/api/v1/conversations/${theirs.id}`],
      ['PATCH', `/api/v1/conversations/${theirs.id}`],
      ['POST', `/api/v1/conversations/${theirs.id}/assign`],
      ['GET', `/api/v1/conversations/${theirs.id}/events`],
      ['GET', `/api/v1/conversations/${theirs.id}/messages`],
      ['GET', '/api/v1/conversations/99999999999'],
      ['GET', '/api/v1/conversations/not-an-id'],
    ] as const;
    for (const [method, url] of urls) {
      const body = method === 'GET' ? undefined : method === 'PATCH' ? { status: 'closed' } : {};
      const res = await agent.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const list = (await agent.get(`/api/v1/conversations?client_id=${theirs.client.id}`)).json();
    expect(list.items).toEqual([]);
    expect((await other.admin.get(`/api/v1/conversations/${theirs.id}`)).json().status).toBe('new');
  });
});

describe('changing a conversation', () => {
  it('changes status, priority, assignee, team and tags, each with a before/after event', async () => {
    const c = await open(agent, { tags: ['a', 'b'] });
    const team = await addTeam(ws, `Support ${Math.random()}`, [agent.userId]);
    const res = await agent.patch(`/api/v1/conversations/${c.id}`, {
      status: 'pending',
      priority: 'urgent',
      assignee_id: agent.userId,
      team_id: team,
      add_tags: ['c'],
      remove_tags: ['a'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'pending',
      priority: 'urgent',
      assignee: { id: agent.userId },
      team: { id: team },
      tags: ['b', 'c'],
    });
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    const byType = Object.fromEntries(
      events.map((e: { type: string; data: unknown }) => [e.type, e.data]),
    );
    expect(byType['conversation.status_changed']).toEqual({
      before: { status: 'new' },
      after: { status: 'pending' },
    });
    expect(byType['conversation.priority_changed']).toEqual({
      before: { priority: 'normal' },
      after: { priority: 'urgent' },
    });
    expect(byType['conversation.assigned']).toEqual({
      before: { assignee_id: null },
      after: { assignee_id: agent.userId },
    });
    expect(byType['conversation.team_changed']).toEqual({
      before: { team_id: null },
      after: { team_id: team },
    });
    expect(byType['conversation.tags_changed']).toEqual({
      before: { tags: ['a', 'b'] },
      after: { tags: ['b', 'c'] },
    });

    const unassigned = await agent.patch(`/api/v1/conversations/${c.id}`, {
      assignee_id: null,
      team_id: null,
      tags: ['x'],
    });
    expect(unassigned.json()).toMatchObject({ assignee: null, team: null, tags: ['x'] });

    // nothing changed: no new events
    const before = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items.length;
    expect(
      (await agent.patch(`/api/v1/conversations/${c.id}`, { status: 'pending' })).statusCode,
    ).toBe(200);
    expect((await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items.length).toBe(
      before,
    );
  });

  it('resolves, closes and reopens only to open', async () => {
    const c = await open(agent);
    const url = `/api/v1/conversations/${c.id}`;
    const resolved = (await agent.patch(url, { status: 'resolved' })).json();
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.abilities.reply).toBe(true);
    const closed = (await agent.patch(url, { status: 'closed' })).json();
    expect(closed.closed_at).not.toBeNull();
    expect(closed.resolved_at).toBe(resolved.resolved_at);
    expect(closed.abilities).toMatchObject({ reply: false, note: true });

    const refused = await agent.patch(url, { status: 'pending' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.fields).toHaveProperty('status');
    const backToNew = await agent.patch(url, { status: 'new' });
    expect(backToNew.statusCode).toBe(409);

    const reopened = (await agent.patch(url, { status: 'open' })).json();
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null, closed_at: null });
  });

  it('refuses an inactive assignee and bad fields by name', async () => {
    const c = await open(agent);
    const gone = await ws.addUser('agent');
    await setUser(ws, gone.userId, { is_active: false });
    const cases: [Record<string, unknown>, string][] = [
      [{ assignee_id: gone.userId }, 'assignee_id'],
      [{ assignee_id: 'me' }, 'assignee_id'],
      [{ status: 'done' }, 'status'],
      [{ tags: ['ok'], add_tags: ['x'] }, 'tags'],
      [{ team_id: '999999999' }, 'team_id'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.patch(`/api/v1/conversations/${c.id}`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
  });
});

describe('round robin', () => {
  it('rotates fairly among available agents and supervisors, skipping the others', async () => {
    const w = await newWorkspace(t);
    const a1 = await w.addUser('agent');
    const a2 = await w.addUser('supervisor');
    const away = await w.addUser('agent');
    const inactive = await w.addUser('agent');
    await setUser(w, away.userId, { is_available: false });
    await setUser(w, inactive.userId, { is_active: false });
    const team = await addTeam(w, 'Front', [
      a1.userId,
      a2.userId,
      away.userId,
      inactive.userId,
      w.admin.userId,
    ]);
    const picks: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await open(w.admin);
      const res = await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { team_id: team });
      expect(res.statusCode, res.body).toBe(200);
      picks.push(res.json().assignee.id);
      expect(res.json().team.id).toBe(team);
    }
    expect(new Set(picks)).toEqual(new Set([a1.userId, a2.userId]));
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);

    // the agent coming back joins the rotation first (never assigned)
    await setUser(w, away.userId, { is_available: true });
    const c = await open(w.admin);
    const res = await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { team_id: team });
    expect(res.json().assignee.id).toBe(away.userId);

    const events = (await w.admin.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[0]).toMatchObject({
      type: 'conversation.assigned',
      data: { after: { assignee_id: away.userId }, via: 'round_robin' },
    });
  });

  it('never picks the same agent twice when assignments run at once', async () => {
    const w = await newWorkspace(t);
    const a1 = await w.addUser('agent');
    const a2 = await w.addUser('agent');
    const team = await addTeam(w, 'Rush', [a1.userId, a2.userId]);
    const convs = [];
    for (let i = 0; i < 6; i++) convs.push(await open(w.admin, { team_id: team }));
    const results = await Promise.all(
      convs.map((c) => w.admin.post(`/api/v1/conversations/${c.id}/assign`, {})),
    );
    const picks = results.map((r) => r.json().assignee.id);
    expect(picks.filter((p) => p === a1.userId)).toHaveLength(3);
    expect(picks.filter((p) => p === a2.userId)).toHaveLength(3);
  });

  it('answers 409 when nobody is available and 400 without a team', async () => {
    const w = await newWorkspace(t);
    const a1 = await w.addUser('agent');
    await setUser(w, a1.userId, { is_available: false });
    const team = await addTeam(w, 'Empty', [a1.userId]);
    const c = await open(w.admin);
    const none = await w.admin.post(`/api/v1/conversations/${c.id}/assign`, { team_id: team });
    expect(none.statusCode).toBe(409);
    expect((await w.admin.get(`/api/v1/conversations/${c.id}`)).json().assignee).toBeNull();
    const noTeam = await w.admin.post(`/api/v1/conversations/${c.id}/assign`, {});
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json().error.fields).toHaveProperty('team_id');
  });
});

describe('the inbox', () => {
  let w: TestWorkspace;
  let me: Caller;
  let mate: Caller;
  let team: string;
  const ids: Record<string, string> = {};
  const hour = 3600_000;

  beforeAll(async () => {
    w = await newWorkspace(t);
    me = await w.addUser('agent', 'Me');
    mate = await w.addUser('agent', 'Mate');
    team = await addTeam(w, 'Mine', [me.userId]);
    const otherTeam = await addTeam(w, 'Other', [mate.userId]);
    ids.mine = (await open(w.admin, { assignee_id: me.userId, tags: ['vip'] })).id;
    ids.mineResolved = (await open(w.admin, { assignee_id: me.userId })).id;
    ids.teamUnassigned = (await open(w.admin, { team_id: team, priority: 'high' })).id;
    ids.mateTeam = (await open(w.admin, { team_id: otherTeam, assignee_id: mate.userId })).id;
    ids.chat = (await open(w.admin, { channel: 'chat' })).id;
    ids.closed = (await open(w.admin)).id;
    await w.admin.patch(`/api/v1/conversations/${ids.mineResolved}`, { status: 'resolved' });
    await w.admin.patch(`/api/v1/conversations/${ids.closed}`, { status: 'closed' });
    // SLA due times set directly: overdue, due within the hour, later, none.
    const now = Date.now();
    const due: Record<string, Date | null> = {
      mine: new Date(now - hour),
      teamUnassigned: new Date(now + hour),
      mateTeam: new Date(now + 5 * hour),
      chat: null,
      mineResolved: new Date(now - 2 * hour),
      closed: new Date(now - 3 * hour),
    };
    for (const [key, at] of Object.entries(due)) {
      await t.database.db
        .updateTable('conversations')
        .set({ sla_due_at: at })
        .where('workspace_id', '=', w.workspaceId)
        .where('id', '=', ids[key]!)
        .execute();
    }
  });

  const list = async (caller: Caller, query: string) => {
    const res = await caller.get(`/api/v1/conversations?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((c: { id: string }) => c.id);
  };

  it('shows each view, newest activity first, active conversations only', async () => {
    expect(await list(me, 'view=all')).toEqual([
      ids.chat,
      ids.mateTeam,
      ids.teamUnassigned,
      ids.mine,
    ]);
    expect(await list(me, '')).toEqual(await list(me, 'view=all'));
    expect(await list(me, 'view=mine')).toEqual([ids.mine]);
    expect(await list(me, 'view=unassigned')).toEqual([ids.chat, ids.teamUnassigned]);
    expect(await list(me, 'view=my_teams')).toEqual([ids.teamUnassigned]);
    expect(await list(mate, 'view=my_teams')).toEqual([ids.mateTeam]);
    expect(await list(me, 'view=sla_at_risk')).toEqual([ids.teamUnassigned, ids.mine]);
  });

  it('filters by status, priority, tag, team, assignee, client and channel', async () => {
    expect(await list(me, 'status=resolved,closed')).toEqual([ids.closed, ids.mineResolved]);
    expect(await list(me, 'view=mine&status=resolved')).toEqual([ids.mineResolved]);
    expect(await list(me, 'status=new')).toHaveLength(4);
    expect(await list(me, 'priority=high')).toEqual([ids.teamUnassigned]);
    expect(await list(me, 'tag=VIP')).toEqual([ids.mine]);
    expect(await list(me, `team_id=${team}`)).toEqual([ids.teamUnassigned]);
    expect(await list(me, `assignee_id=${mate.userId}`)).toEqual([ids.mateTeam]);
    expect(await list(me, 'channel=chat')).toEqual([ids.chat]);
    const chat = (await me.get(`/api/v1/conversations/${ids.chat}`)).json();
    expect(await list(me, `client_id=${chat.client.id}`)).toEqual([ids.chat]);
  });

  it('sorts by SLA due, soonest first, those without one last', async () => {
    expect(await list(me, 'sort=sla_due')).toEqual([
      ids.mine,
      ids.teamUnassigned,
      ids.mateTeam,
      ids.chat,
    ]);
    expect(await list(me, 'view=sla_at_risk&sort=sla_due')).toEqual([ids.mine, ids.teamUnassigned]);
  });

  it('carries the joined names and the SLA badge in each row', async () => {
    const res = (await me.get('/api/v1/conversations?view=all')).json();
    const row = res.items.find((c: { id: string }) => c.id === ids.mateTeam);
    expect(row).toMatchObject({
      assignee: { id: mate.userId, name: 'Mate' },
      team: { name: 'Other' },
      sla: { state: 'on_track' },
      message_count: 1,
    });
    expect(res.items.find((c: { id: string }) => c.id === ids.mine).sla.state).toBe('breached');
    expect(res.items.find((c: { id: string }) => c.id === ids.teamUnassigned).sla.state).toBe(
      'at_risk',
    );
  });

  it('counts each view without resolved or closed conversations', async () => {
    const res = await me.get('/api/v1/conversations/counts');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ mine: 1, unassigned: 2, my_teams: 1, all: 4, sla_at_risk: 2 });
    expect((await mate.get('/api/v1/conversations/counts')).json()).toMatchObject({
      mine: 1,
      my_teams: 1,
    });
  });

  it('names a bad filter, sort or cursor', async () => {
    for (const [query, field] of [
      ['view=everything', 'view'],
      ['status=open,done', 'status'],
      ['sort=name', 'sort'],
      ['limit=101', 'limit'],
      ['team_id=abc', 'team_id'],
      ['cursor=nonsense', 'cursor'],
      ['unknown=1', 'querystring'],
    ]) {
      const res = await me.get(`/api/v1/conversations?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}).join(), query).toContain(field);
    }
    // a cursor from the other sort is refused rather than misread
    const page = (await me.get('/api/v1/conversations?limit=1')).json();
    const res = await me.get(
      `/api/v1/conversations?limit=1&sort=sla_due&cursor=${page.next_cursor}`,
    );
    expect(res.statusCode).toBe(400);
  });
});

describe('keyset pagination of the inbox', () => {
  it('walks every row once, in order, also when activity times are equal', async () => {
    const w = await newWorkspace(t);
    const created = [];
    for (let i = 0; i < 13; i++) created.push((await open(w.admin)).id);
    // half of them share one activity time (and one due time): the id breaks the tie
    const same = new Date('2026-01-01T00:00:00.123456Z');
    await t.database.db
      .updateTable('conversations')
      .set({ last_message_at: same, sla_due_at: same })
      .where('workspace_id', '=', w.workspaceId)
      .where('id', 'in', created.slice(0, 7))
      .execute();
    await t.database.query(
      `update conversations set last_message_at = last_message_at + interval '3 microseconds'
       where workspace_id = $1 and id = $2`,
      [w.workspaceId, created[0]],
    );
    for (const sort of ['last_activity', 'sla_due']) {
      const full = (await w.admin.get(`/api/v1/conversations?sort=${sort}&limit=100`)).json().items;
      expect(full).toHaveLength(13);
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await w.admin.get(
          `/api/v1/conversations?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        walked.push(...res.json().items.map((c: { id: string }) => c.id));
        cursor = res.json().next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(walked).toEqual(full.map((c: { id: string }) => c.id));
      expect(new Set(walked).size).toBe(13);
    }
  });
});
