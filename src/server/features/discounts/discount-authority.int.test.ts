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
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  lead = await ws.addUser('supervisor', 'Sofia Lead');
  const other = await newWorkspace(t);
  stranger = await other.addUser('admin', 'Somebody Else');
});
afterAll(() => t.close());

describe('discount authority', () => {
  it('starts at the defaults: agents 5 % and 1 coupon, supervisors 15 % and 5, admins unlimited', async () => {
    const res = await agent.get('/api/v1/discounts/authority');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      agent: { max_percent: 5, max_coupons: 1 },
      supervisor: { max_percent: 15, max_coupons: 5 },
      admin: { max_percent: null, max_coupons: null },
      can_edit: false,
    });
    expect((await ws.admin.get('/api/v1/discounts/authority')).json().can_edit).toBe(true);
    const me = await lead.get('/api/v1/discounts/authority/me');
    expect(me.json()).toEqual({
      user: { id: lead.userId, name: 'Sofia Lead', role: 'supervisor' },
      max_percent: 15,
      max_coupons: 5,
      source: { max_percent: 'role', max_coupons: 'role' },
    });
  });

  it('a workspace without stored limits (made before them) has the defaults', async () => {
    const old = await newWorkspace(t);
    await t.database.db
      .deleteFrom('discount_role_limits')
      .where('workspace_id', '=', old.workspaceId)
      .execute();
    const res = await old.admin.get('/api/v1/discounts/authority/me');
    expect(res.json()).toMatchObject({ max_percent: null, max_coupons: null });
    const roles = (await old.admin.get('/api/v1/discounts/authority')).json();
    expect(roles.agent).toEqual({ max_percent: 5, max_coupons: 1 });
  });

  it('only an admin changes it; bad input names the field', async () => {
    const denied = await lead.put('/api/v1/discounts/authority', {
      agent: { max_percent: 50, max_coupons: 9 },
    });
    expect(denied.statusCode).toBe(403);
    const bad = await ws.admin.put('/api/v1/discounts/authority', {
      agent: { max_percent: 150, max_coupons: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['agent.max_percent']);
    const decimals = await ws.admin.put('/api/v1/discounts/authority', {
      agent: { max_percent: 7.125, max_coupons: 1 },
    });
    expect(decimals.statusCode).toBe(400);
    expect(decimals.json().error.fields).toHaveProperty(['agent.max_percent']);

    const ok = await ws.admin.put('/api/v1/discounts/authority', {
      agent: { max_percent: 7.5, max_coupons: 2 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      agent: { max_percent: 7.5, max_coupons: 2 },
      supervisor: { max_percent: 15, max_coupons: 5 },
    });
    expect((await agent.get('/api/v1/discounts/authority/me')).json()).toMatchObject({
      max_percent: 7.5,
      max_coupons: 2,
    });
    // Another workspace is untouched.
    expect((await stranger.get('/api/v1/discounts/authority')).json().agent).toEqual({
      max_percent: 5,
      max_coupons: 1,
    });
    await ws.admin.put('/api/v1/discounts/authority', {
      agent: { max_percent: 5, max_coupons: 1 },
    });
  });

  it("a user's own limits beat their role's; dropping them restores the role's", async () => {
    const colleague = await ws.addUser('agent', 'Bence Colleague');
    const set = await ws.admin.put(`/api/v1/discounts/authority/users/${colleague.userId}`, {
      max_percent: 20,
      max_coupons: null,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      user: { id: colleague.userId, role: 'agent' },
      max_percent: 20,
      max_coupons: null,
      effective: { max_percent: 20, max_coupons: 1 },
      updated_by: { id: ws.admin.userId },
    });
    expect((await colleague.get('/api/v1/discounts/authority/me')).json()).toMatchObject({
      max_percent: 20,
      max_coupons: 1,
      source: { max_percent: 'user', max_coupons: 'role' },
    });
    // The role's default is unchanged for everyone else.
    expect((await agent.get('/api/v1/discounts/authority/me')).json().max_percent).toBe(5);

    const list = await lead.get('/api/v1/discounts/authority/users?limit=1');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((u: { user: { id: string } }) => u.user.id)).toEqual([
      colleague.userId,
    ]);
    expect(
      (await lead.get(`/api/v1/discounts/authority/users/${colleague.userId}`)).json(),
    ).toMatchObject({
      max_percent: 20,
    });
    expect((await agent.get('/api/v1/discounts/authority/users')).statusCode).toBe(403);
    expect(
      (await agent.get(`/api/v1/discounts/authority/users/${colleague.userId}`)).statusCode,
    ).toBe(403);

    const bad = await ws.admin.put(`/api/v1/discounts/authority/users/${colleague.userId}`, {
      max_percent: null,
      max_coupons: null,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['max_percent']);
    expect(
      (
        await lead.put(`/api/v1/discounts/authority/users/${colleague.userId}`, {
          max_percent: 50,
          max_coupons: null,
        })
      ).statusCode,
    ).toBe(403);

    const dropped = await ws.admin.delete(`/api/v1/discounts/authority/users/${colleague.userId}`);
    expect(dropped.statusCode).toBe(204);
    expect((await colleague.get('/api/v1/discounts/authority/me')).json()).toMatchObject({
      max_percent: 5,
      source: { max_percent: 'role' },
    });
  });

  it("another workspace's user is not found", async () => {
    expect(
      (
        await stranger.put(`/api/v1/discounts/authority/users/${agent.userId}`, {
          max_percent: 50,
          max_coupons: 3,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await stranger.delete(`/api/v1/discounts/authority/users/${agent.userId}`)).statusCode,
    ).toBe(404);
    expect(
      (await stranger.get(`/api/v1/discounts/authority/users/${agent.userId}`)).statusCode,
    ).toBe(404);
  });
});
