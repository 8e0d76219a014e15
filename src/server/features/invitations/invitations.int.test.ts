import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
});
afterAll(() => t.close());

let seq = 0;
// Each test calls accept from its own address, so the rate limit of one does not leak into another.
const nextAddress = () => `10.0.0.${++seq}`;
const inviteeEmail = () => `invitee-${++seq}-${Date.now()}@example.test`;

function accept(app: TestApp, body: object, remoteAddress = nextAddress()) {
  return app.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: body,
    remoteAddress,
  });
}

async function eventsOf(app: TestApp, workspaceId: string, type: string) {
  return app.database.db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
}

async function usersWithEmail(workspaceId: string, email: string) {
  return t.database.db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .execute();
}

describe('inviting', () => {
  it('creates an invitation with a token shown once and stored hashed, valid 7 days', async () => {
    const email = inviteeEmail();
    const res = await ws.admin.post('/api/v1/invitations', {
      email: email.toUpperCase(),
      role: 'supervisor',
      name: 'Dana',
    });
    expect(res.statusCode).toBe(201);
    const inv = res.json();
    expect(inv).toMatchObject({ email, role: 'supervisor', name: 'Dana', is_expired: false });
    expect(inv.accept_token).toMatch(/^rpi_/);
    const days = (Date.parse(inv.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const row = await t.database.db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(inv.accept_token);
    expect(row.invited_by_id).toBe(ws.admin.userId);

    const list = await ws.admin.get('/api/v1/invitations');
    const listed = list.json().items.find((x: { id: string }) => x.id === inv.id);
    expect(listed).toMatchObject({ email, role: 'supervisor' });
    expect(listed).not.toHaveProperty('accept_token');
    const created = (await eventsOf(t, ws.workspaceId, 'invitation.created')).at(-1)!;
    expect(created.data).toMatchObject({ invitation_id: inv.id, after: { email } });
    expect(JSON.stringify(created.data)).not.toContain(inv.accept_token);
  });

  it('replaces a pending invitation of the same email: the old link stops working', async () => {
    const email = inviteeEmail();
    const first = (await ws.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
    const second = await ws.admin.post('/api/v1/invitations', {
      email: email.toUpperCase(),
      role: 'admin',
    });
    expect(second.statusCode).toBe(201);
    const pending = (await ws.admin.get('/api/v1/invitations?limit=100'))
      .json()
      .items.filter((x: { email: string }) => x.email === email);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ id: second.json().id, role: 'admin' });
    const old = await accept(t, {
      token: first.accept_token,
      name: 'X',
      password: 'long enough pw',
    });
    expect(old.statusCode).toBe(404);
    expect(await usersWithEmail(ws.workspaceId, email)).toHaveLength(0);
  });

  it('refuses to invite an email that is already a user, writing nothing', async () => {
    const agent = await ws.addUser('agent');
    const before = (await eventsOf(t, ws.workspaceId, 'invitation.created')).length;
    const res = await ws.admin.post('/api/v1/invitations', {
      email: agent.email.toUpperCase(),
      role: 'admin',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields).toHaveProperty('email');
    expect((await eventsOf(t, ws.workspaceId, 'invitation.created')).length).toBe(before);
  });

  it('names bad fields', async () => {
    const res = await ws.admin.post('/api/v1/invitations', { email: 'nope', role: 'owner' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['email', 'role']));
    const extra = await ws.admin.post('/api/v1/invitations', {
      email: inviteeEmail(),
      role: 'agent',
      token: 'mine',
    });
    expect(extra.statusCode).toBe(400);
    expect((await ws.admin.get('/api/v1/invitations?cursor=zzz')).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const email = inviteeEmail();
    const { id } = (await ws.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
    for (const role of ['agent', 'supervisor'] as const) {
      const caller = await ws.addUser(role);
      expect(
        (await caller.post('/api/v1/invitations', { email: inviteeEmail(), role: 'admin' }))
          .statusCode,
      ).toBe(403);
      expect((await caller.get('/api/v1/invitations')).statusCode).toBe(403);
      expect((await caller.delete(`/api/v1/invitations/${id}`)).statusCode).toBe(403);
    }
    const list = await ws.admin.get('/api/v1/invitations?limit=100');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(id);
  });

  it("hides another workspace's invitations", async () => {
    const { id } = (
      await ws.admin.post('/api/v1/invitations', { email: inviteeEmail(), role: 'agent' })
    ).json();
    const other = await newWorkspace(t);
    expect((await other.admin.delete(`/api/v1/invitations/${id}`)).statusCode).toBe(404);
    expect((await other.admin.get('/api/v1/invitations')).json().items).toEqual([]);
    expect((await ws.admin.delete('/api/v1/invitations/abc')).statusCode).toBe(404);
  });

  it('lists pending invitations newest first in pages', async () => {
    const w = await newWorkspace(t);
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await w.admin.post('/api/v1/invitations', { email: inviteeEmail(), role: 'agent' })).json()
          .id,
      );
    const first = await w.admin.get('/api/v1/invitations?limit=2');
    const second = await w.admin.get(
      `/api/v1/invitations?limit=2&cursor=${first.json().next_cursor}`,
    );
    const seen = [...first.json().items, ...second.json().items].map((x: { id: string }) => x.id);
    expect(seen).toEqual([...ids].reverse());
    expect(second.json().next_cursor).toBeNull();
  });
});

describe('revoking', () => {
  it('revokes a pending invitation: its link stops working', async () => {
    const email = inviteeEmail();
    const inv = (await ws.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
    expect((await ws.admin.delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(204);
    expect((await ws.admin.delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(404);
    const res = await accept(t, { token: inv.accept_token, name: 'X', password: 'long enough pw' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/revoked/);
    const revoked = (await eventsOf(t, ws.workspaceId, 'invitation.revoked')).at(-1)!;
    expect(revoked.data).toMatchObject({ invitation_id: inv.id });
  });

  it('will not revoke an accepted invitation', async () => {
    const inv = (
      await ws.admin.post('/api/v1/invitations', { email: inviteeEmail(), role: 'agent' })
    ).json();
    await accept(t, { token: inv.accept_token, name: 'Y', password: 'long enough pw' });
    expect((await ws.admin.delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(409);
  });
});

describe('accepting', () => {
  it('creates the user with the invited role and signs them in', async () => {
    const email = inviteeEmail();
    const inv = (await ws.admin.post('/api/v1/invitations', { email, role: 'supervisor' })).json();
    const res = await accept(t, {
      token: inv.accept_token,
      name: ' Dana ',
      password: 'long enough pw',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ email, name: 'Dana', role: 'supervisor', is_active: true });
    expect(body.workspace.id).toBe(ws.workspaceId);
    const cookie = res.cookies.find((c) => c.name === 'rapport_session')!;
    expect(cookie.httpOnly).toBe(true);
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { cookie: `rapport_session=${cookie.value}` },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ email, role: 'supervisor' });
    // and can sign in with the chosen password later
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'long enough pw' },
    });
    expect(login.statusCode).toBe(200);
    const list = await ws.admin.get('/api/v1/invitations?limit=100');
    expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(inv.id);
    const accepted = (await eventsOf(t, ws.workspaceId, 'invitation.accepted')).at(-1)!;
    expect(accepted.data).toMatchObject({ invitation_id: inv.id, user_id: body.user.id });
    expect(accepted.actor_user_id).toBe(body.user.id);
  });

  it('works once: a second accept, even at the same moment, creates no second user', async () => {
    const email = inviteeEmail();
    const inv = (await ws.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
    const body = { token: inv.accept_token, name: 'Twice', password: 'long enough pw' };
    const both = await Promise.all([accept(t, body), accept(t, body)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 400]);
    const again = await accept(t, body);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields.token).toMatch(/already accepted/);
    expect(await usersWithEmail(ws.workspaceId, email)).toHaveLength(1);
  });

  it('refuses an unknown token and names bad fields', async () => {
    const unknown = await accept(t, {
      token: 'rpi_nothing',
      name: 'X',
      password: 'long enough pw',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const bad = await accept(t, { token: '', name: '', password: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(
      expect.arrayContaining(['token', 'name', 'password']),
    );
  });

  it('refuses when the email became a user meanwhile, leaving the invitation pending', async () => {
    const email = inviteeEmail();
    const inv = (await ws.admin.post('/api/v1/invitations', { email, role: 'admin' })).json();
    await ws.admin.post('/api/v1/users', {
      email,
      name: 'Already',
      role: 'agent',
      password: 'long enough pw',
    });
    const res = await accept(t, { token: inv.accept_token, name: 'X', password: 'long enough pw' });
    expect(res.statusCode).toBe(409);
    const users = await usersWithEmail(ws.workspaceId, email);
    expect(users.map((u) => u.role)).toEqual(['agent']);
    const row = await t.database.db
      .selectFrom('invitations')
      .select('accepted_at')
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(row.accepted_at).toBeNull();
  });

  it('rate-limits accepting per address', async () => {
    const address = nextAddress();
    const codes = [];
    for (let i = 0; i < 11; i++)
      codes.push(
        (
          await accept(
            t,
            { token: `rpi_guess${i}`, name: 'X', password: 'long enough pw' },
            address,
          )
        ).statusCode,
      );
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('expiry', () => {
  it('refuses an invitation after 7 days, and flags it expired in the list', async () => {
    const timed = await startTestApp({ now: new Date('2026-05-04T10:00:00Z') });
    try {
      const w = await newWorkspace(timed);
      const email = inviteeEmail();
      const inv = (await w.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
      expect(inv.expires_at).toBe('2026-05-11T10:00:00.000Z');
      timed.clock.now = new Date('2026-05-11T10:00:01Z');
      const res = await accept(timed, {
        token: inv.accept_token,
        name: 'Late',
        password: 'long enough pw',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.token).toMatch(/expired/);
      const list = await w.admin.get('/api/v1/invitations');
      expect(list.json().items[0]).toMatchObject({ id: inv.id, is_expired: true });
      // inviting again gives a fresh link
      const fresh = (await w.admin.post('/api/v1/invitations', { email, role: 'agent' })).json();
      const ok = await accept(timed, {
        token: fresh.accept_token,
        name: 'On time',
        password: 'long enough pw',
      });
      expect(ok.statusCode).toBe(201);
    } finally {
      await timed.close();
    }
  });
});
