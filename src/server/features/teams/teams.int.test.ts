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
let supervisor: Caller;
let agent: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  supervisor = await ws.addUser('supervisor', 'Sofia Supervisor');
  agent = await ws.addUser('agent', 'Arman Agent');
});
afterAll(() => t.close());

let seq = 0;
const teamName = (base = 'Team') => `${base} ${++seq}`;

async function eventsOf(workspaceId: string, type: string) {
  return t.database.db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
}

async function createTeam(body: object = {}) {
  const res = await ws.admin.post('/api/v1/teams', { name: teamName(), ...body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string };
}

describe('creating teams', () => {
  it('lets an admin create a team with a supervisor', async () => {
    const name = teamName('Billing');
    const res = await ws.admin.post('/api/v1/teams', {
      name: `  ${name} `,
      supervisor_id: supervisor.userId,
    });
    expect(res.statusCode).toBe(201);
    const team = res.json();
    expect(team).toMatchObject({
      name,
      supervisor: { id: supervisor.userId, name: 'Sofia Supervisor', role: 'supervisor' },
      members: [],
      abilities: { update: true, delete: true, manage_members: true },
    });
    const events = await eventsOf(ws.workspaceId, 'team.created');
    expect(events.at(-1)!.data).toMatchObject({
      team_id: team.id,
      after: { name, supervisor_id: supervisor.userId },
    });
  });

  it('refuses a duplicate name in any case, writing nothing', async () => {
    const name = teamName('Sales');
    await createTeam({ name });
    const before = (await eventsOf(ws.workspaceId, 'team.created')).length;
    const dup = await ws.admin.post('/api/v1/teams', { name: name.toUpperCase() });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toHaveProperty('name');
    expect((await eventsOf(ws.workspaceId, 'team.created')).length).toBe(before);
    const other = await newWorkspace(t);
    expect((await other.admin.post('/api/v1/teams', { name })).statusCode).toBe(201);
  });

  it('names supervisor_id when it is an agent, deactivated, unknown or in another workspace', async () => {
    const other = await newWorkspace(t);
    const foreign = await other.addUser('supervisor');
    const gone = await ws.addUser('supervisor');
    await ws.admin.patch(`/api/v1/users/${gone.userId}`, { is_active: false });
    for (const id of [agent.userId, gone.userId, '999999999', foreign.userId]) {
      const res = await ws.admin.post('/api/v1/teams', { name: teamName(), supervisor_id: id });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('supervisor_id');
    }
    const teams = await ws.admin.get('/api/v1/teams?limit=100');
    for (const team of teams.json().items) expect(team.supervisor?.id).not.toBe(foreign.userId);
  });

  it('names bad fields', async () => {
    const res = await ws.admin.post('/api/v1/teams', { name: '', supervisor_id: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(
      expect.arrayContaining(['name', 'supervisor_id']),
    );
    expect((await ws.admin.post('/api/v1/teams', { name: 'x', colour: 'red' })).statusCode).toBe(
      400,
    );
  });

  it('is for admins only', async () => {
    for (const caller of [agent, supervisor]) {
      expect((await caller.post('/api/v1/teams', { name: teamName() })).statusCode).toBe(403);
    }
  });
});

describe('reading teams', () => {
  it('lists teams by name with members and supervisor for any member, in pages', async () => {
    const w = await newWorkspace(t);
    const sup = await w.addUser('supervisor', 'Sup');
    const a = await w.addUser('agent', 'Anna');
    for (const name of ['Gamma', 'Alpha', 'Beta']) {
      const res = await w.admin.post('/api/v1/teams', { name, supervisor_id: sup.userId });
      await w.admin.put(`/api/v1/teams/${res.json().id}/members`, { user_ids: [a.userId] });
    }
    const first = await a.get('/api/v1/teams?limit=2');
    expect(first.statusCode).toBe(200);
    const second = await a.get(`/api/v1/teams?limit=2&cursor=${first.json().next_cursor}`);
    const teams = [...first.json().items, ...second.json().items];
    expect(teams.map((x: { name: string }) => x.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(second.json().next_cursor).toBeNull();
    for (const team of teams) {
      expect(team.supervisor.id).toBe(sup.userId);
      expect(team.members.map((m: { id: string }) => m.id)).toEqual([a.userId]);
      expect(team.abilities).toEqual({ update: false, delete: false, manage_members: false });
    }
    const q = await a.get('/api/v1/teams?q=ET');
    expect(q.json().items.map((x: { name: string }) => x.name)).toEqual(['Beta']);
    const bySup = await sup.get(`/api/v1/teams/${teams[0].id}`);
    expect(bySup.json().abilities).toEqual({ update: false, delete: false, manage_members: true });
    expect((await a.get('/api/v1/teams?cursor=nope')).statusCode).toBe(400);
  });

  it("answers 404 for another workspace's team", async () => {
    const team = await createTeam();
    const other = await newWorkspace(t);
    const url = `/api/v1/teams/${team.id}`;
    expect((await other.admin.get(url)).statusCode).toBe(404);
    expect((await other.admin.patch(url, { name: 'Stolen' })).statusCode).toBe(404);
    expect((await other.admin.put(`${url}/members`, { user_ids: [] })).statusCode).toBe(404);
    expect((await other.admin.delete(url)).statusCode).toBe(404);
    const list = await other.admin.get('/api/v1/teams');
    expect(list.json().items).toHaveLength(0);
    expect((await ws.admin.get(url)).json().name).toBe(team.name);
    expect((await ws.admin.get('/api/v1/teams/abc')).statusCode).toBe(404);
  });
});

describe('changing teams', () => {
  it('lets an admin rename a team and change or remove its supervisor', async () => {
    const team = await createTeam({ supervisor_id: supervisor.userId });
    const name = teamName('Renamed');
    const res = await ws.admin.patch(`/api/v1/teams/${team.id}`, {
      name,
      supervisor_id: ws.admin.userId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name, supervisor: { id: ws.admin.userId } });
    const events = (await eventsOf(ws.workspaceId, 'team.updated')).filter(
      (e) => (e.data as { team_id: string }).team_id === team.id,
    );
    expect(events[0]!.data).toMatchObject({
      before: { name: team.name, supervisor_id: supervisor.userId },
      after: { name, supervisor_id: ws.admin.userId },
    });
    const cleared = await ws.admin.patch(`/api/v1/teams/${team.id}`, { supervisor_id: null });
    expect(cleared.json().supervisor).toBeNull();
  });

  it('refuses a taken name, a bad supervisor, and non-admins', async () => {
    const a = await createTeam();
    const b = await createTeam();
    const dup = await ws.admin.patch(`/api/v1/teams/${b.id}`, { name: a.name.toLowerCase() });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toHaveProperty('name');
    const same = await ws.admin.patch(`/api/v1/teams/${a.id}`, { name: a.name });
    expect(same.statusCode).toBe(200);
    const bad = await ws.admin.patch(`/api/v1/teams/${b.id}`, { supervisor_id: agent.userId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('supervisor_id');
    expect((await supervisor.patch(`/api/v1/teams/${b.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await agent.patch(`/api/v1/teams/${b.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await ws.admin.get(`/api/v1/teams/${b.id}`)).json().name).toBe(b.name);
  });
});

describe('team members', () => {
  it('replaces the members, recording who came and went', async () => {
    const team = await createTeam({ supervisor_id: supervisor.userId });
    const a = await ws.addUser('agent');
    const b = await ws.addUser('agent');
    const c = await ws.addUser('agent');
    const url = `/api/v1/teams/${team.id}/members`;
    const first = await ws.admin.put(url, { user_ids: [a.userId, b.userId, a.userId] });
    expect(first.statusCode).toBe(200);
    expect(
      first
        .json()
        .members.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([a.userId, b.userId].sort());
    // the team's own supervisor may change them too
    const second = await supervisor.put(url, { user_ids: [b.userId, c.userId] });
    expect(second.statusCode).toBe(200);
    expect(
      second
        .json()
        .members.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([b.userId, c.userId].sort());
    const events = (await eventsOf(ws.workspaceId, 'team.members_changed')).filter(
      (e) => (e.data as { team_id: string }).team_id === team.id,
    );
    expect(events).toHaveLength(2);
    expect(events[1]!.data).toMatchObject({ added: [c.userId], removed: [a.userId] });
    expect(events[1]!.actor_user_id).toBe(supervisor.userId);
    const empty = await ws.admin.put(url, { user_ids: [] });
    expect(empty.json().members).toEqual([]);
  });

  it('refuses agents and supervisors of other teams', async () => {
    const other = await ws.addUser('supervisor');
    const team = await createTeam({ supervisor_id: other.userId });
    const url = `/api/v1/teams/${team.id}/members`;
    expect((await supervisor.put(url, { user_ids: [agent.userId] })).statusCode).toBe(403);
    expect((await agent.put(url, { user_ids: [agent.userId] })).statusCode).toBe(403);
    expect((await ws.admin.get(`/api/v1/teams/${team.id}`)).json().members).toEqual([]);
  });

  it('names each id that is not an active user of the workspace, changing nothing', async () => {
    const team = await createTeam();
    const url = `/api/v1/teams/${team.id}/members`;
    await ws.admin.put(url, { user_ids: [agent.userId] });
    const other = await newWorkspace(t);
    const foreign = await other.addUser('agent');
    const gone = await ws.addUser('agent');
    await ws.admin.patch(`/api/v1/users/${gone.userId}`, { is_active: false });
    const res = await ws.admin.put(url, {
      user_ids: [supervisor.userId, foreign.userId, gone.userId, '999999999'],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual([
      'user_ids.1',
      'user_ids.2',
      'user_ids.3',
    ]);
    const malformed = await ws.admin.put(url, { user_ids: [agent.userId, 'abc'] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.fields).toHaveProperty('user_ids.1');
    const missing = await ws.admin.put(url, {});
    expect(missing.json().error.fields).toHaveProperty('user_ids');
    const members = (await ws.admin.get(`/api/v1/teams/${team.id}`)).json().members;
    expect(members.map((m: { id: string }) => m.id)).toEqual([agent.userId]);
  });
});

describe('deleting teams', () => {
  it('deletes a team, leaving its conversations without a team', async () => {
    const team = await createTeam({ supervisor_id: supervisor.userId });
    await ws.admin.put(`/api/v1/teams/${team.id}/members`, { user_ids: [agent.userId] });
    const db = t.database.db;
    const client = await db
      .insertInto('clients')
      .values({ workspace_id: ws.workspaceId, name: 'Client', custom_fields: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conversation = await db
      .insertInto('conversations')
      .values({
        workspace_id: ws.workspaceId,
        number: 900000 + seq,
        client_id: client.id,
        channel: 'email',
        team_id: team.id,
        assignee_id: agent.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    expect((await agent.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(403);
    expect((await supervisor.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(403);
    const res = await ws.admin.delete(`/api/v1/teams/${team.id}`);
    expect(res.statusCode).toBe(204);
    expect((await ws.admin.get(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);
    expect((await ws.admin.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);

    const after = await db
      .selectFrom('conversations')
      .select(['team_id', 'assignee_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ team_id: null, assignee_id: agent.userId });
    const timeline = await db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(timeline).toEqual([
      {
        type: 'conversation.team_changed',
        data: { before: { team_id: team.id }, after: { team_id: null }, reason: 'team_deleted' },
      },
    ]);
    const deleted = (await eventsOf(ws.workspaceId, 'team.deleted')).at(-1)!;
    expect(deleted.data).toMatchObject({
      team_id: team.id,
      before: { name: team.name, member_ids: [agent.userId] },
      conversations_unassigned: 1,
    });
    // the members are still users
    expect((await agent.get('/api/v1/users/me')).statusCode).toBe(200);
  });
});
