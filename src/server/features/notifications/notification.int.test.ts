import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { clockCtx, openTestConversation } from '../sla/sla-test-helpers.ts';
import { runSlaSweep } from '../sla/sla.sweep.ts';

const MONDAY_9 = new Date('2031-03-03T08:00:00Z');

let t: TestApp;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await startTestApp({ now: MONDAY_9 });
  ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
});
afterAll(async () => {
  await t.close();
});

async function notify(user: Caller, kind: string, n = 1) {
  for (let i = 0; i < n; i++) {
    await t.database.db
      .insertInto('notifications')
      .values({
        workspace_id: user.workspaceId,
        user_id: user.userId,
        kind,
        data: JSON.stringify({ i }),
      })
      .execute();
  }
}

describe('notifications API', () => {
  it('lists only the caller’s own, newest first, page by page, and filters unread', async () => {
    const agent = await ws.addUser('agent');
    const colleague = await ws.addUser('agent');
    await notify(agent, 'test.note', 3);
    await notify(colleague, 'test.other');
    const first = await agent.get('/api/v1/notifications?limit=2');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.items.map((n: { data: { i: number } }) => n.data.i)).toEqual([2, 1]);
    expect(body.items.every((n: { kind: string }) => n.kind === 'test.note')).toBe(true);
    const second = await agent.get(`/api/v1/notifications?limit=2&cursor=${body.next_cursor}`);
    expect(second.json().items.map((n: { data: { i: number } }) => n.data.i)).toEqual([0]);
    expect(second.json().next_cursor).toBeNull();

    await agent.post(`/api/v1/notifications/${body.items[0].id}/read`);
    const unread = await agent.get('/api/v1/notifications?unread=true');
    expect(unread.json().items.map((n: { data: { i: number } }) => n.data.i)).toEqual([1, 0]);
  });

  it('counts unread, marks one and all read', async () => {
    const agent = await ws.addUser('agent');
    await notify(agent, 'test.note', 3);
    expect((await agent.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 3 });
    const [newest] = (await agent.get('/api/v1/notifications')).json().items;
    t.clock.now = new Date('2031-03-03T09:00:00Z');
    const read = await agent.post(`/api/v1/notifications/${newest.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().read_at).toBe('2031-03-03T09:00:00.000Z');
    // Reading it again keeps the first time.
    t.clock.now = new Date('2031-03-03T10:00:00Z');
    expect((await agent.post(`/api/v1/notifications/${newest.id}/read`)).json().read_at).toBe(
      '2031-03-03T09:00:00.000Z',
    );
    expect((await agent.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 2 });
    expect((await agent.post('/api/v1/notifications/read-all')).json()).toEqual({ marked_read: 2 });
    expect((await agent.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 0 });
  });

  it('answers 404 for a colleague’s or another workspace’s notification, and changes nothing', async () => {
    const agent = await ws.addUser('agent');
    const colleague = await ws.addUser('supervisor');
    await notify(colleague, 'test.private');
    const [theirs] = (await colleague.get('/api/v1/notifications')).json().items;
    expect((await agent.post(`/api/v1/notifications/${theirs.id}/read`)).statusCode).toBe(404);
    const stranger = (await newWorkspace(t)).admin;
    expect((await stranger.post(`/api/v1/notifications/${theirs.id}/read`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/notifications')).json().items).toEqual([]);
    expect((await colleague.get('/api/v1/notifications/unread-count')).json()).toEqual({
      unread: 1,
    });
  });

  it('refuses bad input naming the field', async () => {
    const agent = await ws.addUser('agent');
    for (const [query, field] of [
      ['unread=maybe', 'unread'],
      ['limit=0', 'limit'],
      ['cursor=nonsense', 'cursor'],
    ] as const) {
      const res = await agent.get(`/api/v1/notifications?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty(field);
    }
    expect((await agent.post('/api/v1/notifications/abc/read')).statusCode).toBe(404);
  });

  it('carries an SLA breach to the supervisor', async () => {
    const w = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
    const supervisor = await w.addUser('supervisor');
    const team = await t.database.db
      .insertInto('teams')
      .values({ workspace_id: w.workspaceId, name: 'Support', supervisor_id: supervisor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.clock.now = MONDAY_9;
    const c = await openTestConversation(t, clockCtx(t, w), { teamId: team.id });
    t.clock.now = new Date('2031-03-04T09:00:00Z');
    await runSlaSweep({ db: t.database.db }, t.clock.now, { workspaceId: w.workspaceId });
    const items = (await supervisor.get('/api/v1/notifications?unread=true')).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'sla.breached',
      conversation_id: c.id,
      data: { kind: 'first_response', due_at: '2031-03-04T09:00:00.000Z' },
    });
  });
});
