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
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor', 'Sara Supervisor');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function createTag(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post('/api/v1/tags', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function openConversation(caller: Caller, tags: string[]) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'Help',
    channel: 'chat',
    direction: 'inbound',
    message: { body_text: 'A question' },
    tags,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const tagsOf = async (caller: Caller, id: string) =>
  (await caller.get(`/api/v1/conversations/${id}`)).json().tags as string[];

describe('the tag catalogue', () => {
  it('creates tags, lists them by name with usage counts and abilities', async () => {
    const w = await newWorkspace(t);
    const created = await createTag(w.admin, {
      name: '  Delivery ',
      color: 'orange',
      description: 'Late or lost parcels',
    });
    expect(created).toMatchObject({
      name: 'delivery',
      color: 'orange',
      description: 'Late or lost parcels',
      conversation_count: 0,
      abilities: { update: true, delete: true },
    });
    await createTag(w.admin, { name: 'billing' });
    await openConversation(w.admin, ['delivery', 'other']);
    await openConversation(w.admin, ['delivery']);

    const viewer = await w.addUser('agent');
    const list = await viewer.get('/api/v1/tags');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({
      items: [
        { name: 'billing', color: 'gray', description: '', conversation_count: 0 },
        { name: 'delivery', conversation_count: 2, abilities: { update: false, delete: false } },
      ],
      next_cursor: null,
    });

    const first = (await viewer.get('/api/v1/tags?limit=1')).json();
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(['billing']);
    const second = (
      await viewer.get(`/api/v1/tags?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`)
    ).json();
    expect(second.items.map((i: { name: string }) => i.name)).toEqual(['delivery']);
    expect((await viewer.get('/api/v1/tags?q=deliv')).json().items).toHaveLength(1);
  });

  it('lets a supervisor curate the catalogue, and refuses agents with 403', async () => {
    const tag = await createTag(supervisor, { name: 'sup-made' });
    const forbidden = [
      await agent.post('/api/v1/tags', { name: 'agent-made' }),
      await agent.patch(`/api/v1/tags/${tag.id}`, { color: 'red' }),
      await agent.delete(`/api/v1/tags/${tag.id}`),
    ];
    for (const res of forbidden) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const after = (await agent.get('/api/v1/tags?q=made')).json().items;
    expect(after).toMatchObject([{ name: 'sup-made', color: 'gray' }]);
  });

  it("answers 404 for another workspace's tag and leaves it alone", async () => {
    const theirs = await createTag(other.admin, { name: 'theirs' });
    expect((await ws.admin.patch(`/api/v1/tags/${theirs.id}`, { color: 'red' })).statusCode).toBe(
      404,
    );
    expect((await ws.admin.delete(`/api/v1/tags/${theirs.id}`)).statusCode).toBe(404);
    expect((await ws.admin.get('/api/v1/tags?q=theirs')).json().items).toEqual([]);
    expect((await other.admin.get('/api/v1/tags?q=theirs')).json().items).toMatchObject([
      { id: theirs.id, color: 'gray' },
    ]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const tag = await createTag(ws.admin, { name: 'valid' });
    const cases: [() => Promise<{ statusCode: number; json(): unknown }>, string][] = [
      [() => ws.admin.post('/api/v1/tags', { name: 'two words' }), 'name'],
      [() => ws.admin.post('/api/v1/tags', { name: '' }), 'name'],
      [() => ws.admin.post('/api/v1/tags', { name: 'x'.repeat(51) }), 'name'],
      [() => ws.admin.post('/api/v1/tags', { name: 'ok', color: 'plaid' }), 'color'],
      [
        () => ws.admin.post('/api/v1/tags', { name: 'ok', description: 'd'.repeat(501) }),
        'description',
      ],
      [() => ws.admin.post('/api/v1/tags', { name: 'ok', extra: 1 }), ''],
      [() => ws.admin.patch(`/api/v1/tags/${tag.id}`, { name: 'no/slash' }), 'name'],
      [() => ws.admin.get('/api/v1/tags?cursor=nonsense'), 'cursor'],
    ];
    for (const [call, field] of cases) {
      const res = await call();
      expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
      const error = (res.json() as { error: { code: string; fields?: Record<string, string> } })
        .error;
      expect(error.code).toBe('validation_failed');
      if (field) expect(Object.keys(error.fields ?? {}), field).toContain(field);
    }
  });

  it('refuses a duplicate name, whatever the case, with 409 on name', async () => {
    const a = await createTag(ws.admin, { name: 'vip-care' });
    await createTag(ws.admin, { name: 'urgent-care' });
    const dup = await ws.admin.post('/api/v1/tags', { name: 'VIP-Care' });
    expect(dup.statusCode, dup.body).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'conflict', fields: { name: 'is taken' } });
    const rename = await ws.admin.patch(`/api/v1/tags/${a.id}`, { name: 'urgent-care' });
    expect(rename.statusCode, rename.body).toBe(409);
    expect(rename.json().error.fields).toEqual({ name: 'is taken' });
    // Another workspace may use the same name.
    await createTag(other.admin, { name: 'vip-care' });
  });

  it('renames the tag on every conversation carrying it, and only in this workspace', async () => {
    const tag = await createTag(ws.admin, { name: 'refund' });
    const one = await openConversation(ws.admin, ['first', 'refund', 'last']);
    const both = await openConversation(ws.admin, ['refund', 'money-back']);
    const untouched = await openConversation(ws.admin, ['first']);
    const theirs = await openConversation(other.admin, ['refund']);

    const res = await supervisor.patch(`/api/v1/tags/${tag.id}`, {
      name: 'money-back',
      color: 'green',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'money-back', color: 'green', conversation_count: 2 });

    expect(await tagsOf(ws.admin, one)).toEqual(['first', 'money-back', 'last']);
    // A conversation that already had the new name keeps one copy of it.
    expect(await tagsOf(ws.admin, both)).toEqual(['money-back']);
    expect(await tagsOf(ws.admin, untouched)).toEqual(['first']);
    expect(await tagsOf(other.admin, theirs)).toEqual(['refund']);
  });

  it('takes a deleted tag off its conversations, and only in this workspace', async () => {
    const tag = await createTag(ws.admin, { name: 'obsolete' });
    const mine = await openConversation(ws.admin, ['keep', 'obsolete']);
    const theirs = await openConversation(other.admin, ['obsolete']);
    const res = await ws.admin.delete(`/api/v1/tags/${tag.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(await tagsOf(ws.admin, mine)).toEqual(['keep']);
    expect(await tagsOf(other.admin, theirs)).toEqual(['obsolete']);
    expect((await ws.admin.get('/api/v1/tags?q=obsolete')).json().items).toEqual([]);
    expect((await ws.admin.delete(`/api/v1/tags/${tag.id}`)).statusCode).toBe(404);
  });

  it('leaves the conversations as they were when a rename is refused', async () => {
    const a = await createTag(ws.admin, { name: 'rollback-a' });
    const c = await openConversation(ws.admin, ['rollback-a']);
    // A row written behind the API's back, in another case: still the same name.
    await t.database.db
      .insertInto('tags')
      .values({ workspace_id: ws.workspaceId, name: 'Rollback-B', created_at: new Date() })
      .execute();
    const res = await ws.admin.patch(`/api/v1/tags/${a.id}`, { name: 'rollback-b' });
    expect(res.statusCode, res.body).toBe(409);
    expect(await tagsOf(ws.admin, c)).toEqual(['rollback-a']);
  });
});
