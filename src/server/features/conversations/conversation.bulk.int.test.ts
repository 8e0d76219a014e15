import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { sql } from 'kysely';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { bulkUpdateConversations } from './conversation.bulk.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let supervisor: Caller;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor', 'Sam Supervisor');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

interface Conv {
  id: string;
  status: string;
  priority: string;
  tags: string[];
  assignee: { id: string } | null;
  team: { id: string } | null;
  updated_at: string;
}

async function open(caller: Caller, extra: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `${Math.random().toString(36).slice(2)}@example.test`, name: 'Client' },
    subject: 'Bulk me',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Hello' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Conv;
}

const get = async (caller: Caller, id: string) =>
  (await caller.get(`/api/v1/conversations/${id}`)).json() as Conv;
const eventTypes = async (caller: Caller, id: string) =>
  (await caller.get(`/api/v1/conversations/${id}/events`))
    .json()
    .items.map((e: { type: string }) => e.type) as string[];
const bulk = (caller: Caller, body: unknown) => caller.post('/api/v1/conversations/bulk', body);

async function addTeam(w: TestWorkspace, name: string) {
  const team = await t.database.db
    .insertInto('teams')
    .values({ workspace_id: w.workspaceId, name, supervisor_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return team.id;
}

describe('POST /conversations/bulk', () => {
  it('assigns, sets status, priority and tags on each conversation, with the same events as PATCH', async () => {
    const a = await open(agent, { tags: ['billing'] });
    const b = await open(agent);
    const team = await addTeam(ws, 'Billing');
    const res = await bulk(agent, {
      ids: [a.id, b.id],
      set: {
        assignee_id: supervisor.userId,
        team_id: team,
        status: 'pending',
        priority: 'high',
        add_tags: ['VIP-Call', 'refund'],
        remove_tags: ['billing'],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results;
    expect(results.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      [a.id, 'updated'],
      [b.id, 'updated'],
    ]);
    for (const id of [a.id, b.id]) {
      const c = await get(agent, id);
      expect(c).toMatchObject({
        status: 'pending',
        priority: 'high',
        assignee: { id: supervisor.userId },
        team: { id: team },
      });
      expect(c.tags.sort()).toEqual(['refund', 'vip-call']);
      const types = await eventTypes(agent, id);
      expect(types).toEqual(
        expect.arrayContaining([
          'conversation.status_changed',
          'conversation.priority_changed',
          'conversation.assigned',
          'conversation.team_changed',
          'conversation.tags_changed',
        ]),
      );
    }
    expect(results[0].conversation).toMatchObject({ id: a.id, status: 'pending' });
  });

  it('says unchanged when nothing changes, and records no event', async () => {
    const a = await open(agent);
    const res = await bulk(agent, { ids: [a.id], set: { priority: 'normal' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results[0]).toMatchObject({ id: a.id, result: 'unchanged' });
    expect(await eventTypes(agent, a.id)).toEqual(['conversation.created']);
  });

  it('reports another workspace’s ids (and unknown ones) as not_found and leaves them untouched', async () => {
    const mine = await open(agent);
    const theirs = await open(other.admin);
    const res = await bulk(agent, {
      ids: [theirs.id, mine.id, '999999999'],
      set: { status: 'resolved', assignee_id: agent.userId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { result: string }) => r.result)).toEqual([
      'not_found',
      'updated',
      'not_found',
    ]);
    expect(res.json().results[0]).not.toHaveProperty('conversation');
    const after = await get(other.admin, theirs.id);
    expect(after).toMatchObject({ status: 'new', assignee: null, updated_at: theirs.updated_at });
    expect(await eventTypes(other.admin, theirs.id)).toEqual(['conversation.created']);
    expect((await get(agent, mine.id)).status).toBe('resolved');
  });

  it('reports a change the status machine refuses as a conflict for that conversation only', async () => {
    const closed = await open(agent);
    expect(
      (await agent.patch(`/api/v1/conversations/${closed.id}`, { status: 'closed' })).statusCode,
    ).toBe(200);
    const open1 = await open(agent);
    const res = await bulk(agent, { ids: [closed.id, open1.id], set: { status: 'pending' } });
    expect(res.statusCode, res.body).toBe(200);
    const [r1, r2] = res.json().results;
    expect(r1).toMatchObject({ id: closed.id, result: 'conflict', error: { code: 'conflict' } });
    expect(r1.error.fields).toHaveProperty('status');
    expect(r2).toMatchObject({ id: open1.id, result: 'updated' });
    expect((await get(agent, closed.id)).status).toBe('closed');
    expect((await get(agent, open1.id)).status).toBe('pending');
  });

  it('refuses an assignee or team of another workspace with 400 naming the field, changing nothing', async () => {
    const a = await open(agent);
    const foreignTeam = await addTeam(other, 'Theirs');
    for (const [set, field] of [
      [{ assignee_id: other.admin.userId, status: 'pending' }, 'set.assignee_id'],
      [{ team_id: foreignTeam, status: 'pending' }, 'set.team_id'],
    ] as const) {
      const res = await bulk(agent, { ids: [a.id], set });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
    expect((await get(agent, a.id)).status).toBe('new');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const a = await open(agent);
    const cases: [unknown, string][] = [
      [{ ids: [], set: { status: 'open' } }, 'ids'],
      [
        { ids: Array.from({ length: 101 }, (_, i) => String(i + 1)), set: { status: 'open' } },
        'ids',
      ],
      [{ ids: ['abc'], set: { status: 'open' } }, 'ids.0'],
      [{ ids: [a.id], set: {} }, 'set'],
      [{ ids: [a.id], set: { status: 'done' } }, 'set.status'],
      [{ ids: [a.id], set: { add_tags: ['no spaces allowed'] } }, 'set.add_tags.0'],
      [{ ids: [a.id], set: { tags: ['x'] } }, 'set'],
      [{ ids: [a.id] }, 'set'],
    ];
    for (const [body, field] of cases) {
      const res = await bulk(agent, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields, JSON.stringify(body)).toHaveProperty([field]);
    }
    expect(await eventTypes(agent, a.id)).toEqual(['conversation.created']);
  });

  it('reports more than 30 tags on one conversation as invalid for it, applying the rest', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const full = await open(agent, { tags: many });
    const light = await open(agent);
    const more = Array.from({ length: 15 }, (_, i) => `u${i}`);
    const res = await bulk(agent, { ids: [full.id, light.id], set: { add_tags: more } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { result: string }) => r.result)).toEqual([
      'invalid',
      'updated',
    ]);
    expect((await get(agent, full.id)).tags).toHaveLength(20);
    expect((await get(agent, light.id)).tags).toHaveLength(15);
  });

  it('lets every member role (agent, supervisor, admin) use it', async () => {
    const a = await open(agent);
    for (const caller of [agent, supervisor, ws.admin]) {
      const res = await bulk(caller, { ids: [a.id], set: { assignee_id: caller.userId } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results[0].result).toBe('updated');
    }
  });

  it('refuses, with 403 and no change at all, an actor the conversation policy refuses', async () => {
    // Every role of a workspace works every conversation today; a user outside
    // those roles (what a future read-only role would be) is refused as a whole.
    const a = await open(agent);
    const ctx = {
      ...ws.ctx,
      actor: {
        kind: 'user' as const,
        userId: agent.userId,
        role: 'viewer' as Role,
        via: 'token' as const,
      },
    };
    const err = await bulkUpdateConversations(ctx, {
      ids: [a.id],
      set: { status: 'pending' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    expect((await get(agent, a.id)).status).toBe('new');
  });

  it('applies all or nothing: a database failure on one conversation rolls back the others', async () => {
    const a = await open(agent);
    const b = await open(agent);
    // A trigger that fails the update of b alone (only in this workspace), after a's went through.
    const fn = `bulk_fail_${b.id}`;
    await sql
      .raw(
        `create function ${fn}() returns trigger language plpgsql as $$
         begin raise exception 'boom'; end $$;
         create trigger ${fn} before update on conversations for each row
         when (new.workspace_id = ${ws.workspaceId} and new.id = ${b.id}) execute function ${fn}();`,
      )
      .execute(t.database.db);
    try {
      const res = await bulk(agent, { ids: [a.id, b.id], set: { status: 'pending' } });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql
        .raw(`drop trigger ${fn} on conversations; drop function ${fn}();`)
        .execute(t.database.db);
    }
    expect((await get(agent, a.id)).status).toBe('new');
    expect(await eventTypes(agent, a.id)).toEqual(['conversation.created']);
  });

  it('serialises two bulk changes over the same conversations given in opposite orders', async () => {
    const convs = await Promise.all([open(agent), open(agent), open(agent)]);
    const forward = convs.map((c) => c.id);
    const [r1, r2] = await Promise.all([
      bulk(agent, { ids: forward, set: { priority: 'urgent' } }),
      bulk(supervisor, { ids: [...forward].reverse(), set: { add_tags: ['late'] } }),
    ]);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r2.statusCode, r2.body).toBe(200);
    for (const c of convs)
      expect(await get(agent, c.id)).toMatchObject({ priority: 'urgent', tags: ['late'] });
  });
});
