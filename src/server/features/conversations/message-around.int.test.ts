import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { selectMessagesFrom } from './message.repo.ts';

// A link to one message deep in a long conversation (a search result, a
// notification, a pasted URL) opens in one request: ?around=<message id>.

interface Item {
  id: string;
  body_text: string;
}
interface MessagePage {
  items: Item[];
  next_cursor: string | null;
  prev_cursor: string | null;
}

const LONG = 400;

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let other: TestWorkspace;
let longId: string;
/** The long conversation's message ids, oldest first. */
let ids: string[];

async function open(caller: Caller, body = 'First question') {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'Help',
    channel: 'chat',
    direction: 'inbound',
    message: { body_text: body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const list = (caller: Caller, conversationId: string, query: string) =>
  caller.get(`/api/v1/conversations/${conversationId}/messages?${query}`);

async function page(query: string, caller = agent, conversationId = longId) {
  const res = await list(caller, conversationId, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MessagePage;
}

/** Message n of the long conversation, counting from 1 = the oldest. */
const nth = (n: number) => ids[n - 1]!;
const bodies = (p: MessagePage) => p.items.map((m) => m.body_text);

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  other = await newWorkspace(t);
  longId = (await open(agent, 'message 1')).id;
  await t.database.query(
    `insert into messages (workspace_id, conversation_id, direction, channel, body_text, created_at)
     select $1, $2, case when i % 2 = 0 then 'inbound' else 'outbound' end, 'chat', 'message ' || i,
            now() + i * interval '1 second'
     from generate_series(2, $3::int) as i`,
    [ws.workspaceId, longId, LONG],
  );
  const rows = await t.database.query<{ id: string }>(
    `select id::text as id from messages where workspace_id = $1 and conversation_id = $2
     order by messages.id`,
    [ws.workspaceId, longId],
  );
  ids = rows.rows.map((r) => r.id);
  expect(ids).toHaveLength(LONG);
});
afterAll(() => t.close());

describe('the page around a message', () => {
  it('holds the message, 25 newer and 24 older, newest first, with a cursor each way', async () => {
    const p = await page(`around=${nth(100)}`);
    expect(p.items).toHaveLength(50);
    expect(p.items[25]!.id).toBe(nth(100));
    expect(bodies(p)[0]).toBe('message 125');
    expect(bodies(p).at(-1)).toBe('message 76');
    expect(p.next_cursor).not.toBeNull();
    expect(p.prev_cursor).not.toBeNull();
  });

  it('walks from there to the oldest and to the newest without gaps or repeats', async () => {
    const start = await page(`around=${nth(300)}&limit=40`);
    const seen = start.items.map((m) => m.id);
    let older = start.next_cursor;
    while (older) {
      const p = await page(`cursor=${older}&limit=40`);
      seen.push(...p.items.map((m) => m.id));
      older = p.next_cursor;
    }
    let newer = start.prev_cursor;
    while (newer) {
      const p = await page(`cursor=${newer}&limit=40`);
      seen.unshift(...p.items.map((m) => m.id));
      newer = p.prev_cursor;
    }
    // Newest first, every message once: the same list as paging back from the newest.
    expect(seen).toEqual([...ids].reverse());
  });

  it('at the ends of the conversation, says there is nothing past them', async () => {
    const newest = await page(`around=${nth(LONG)}`);
    expect(newest.items[0]!.id).toBe(nth(LONG));
    expect(newest.items).toHaveLength(25);
    expect(newest.prev_cursor).toBeNull();
    expect(newest.next_cursor).not.toBeNull();

    const oldest = await page(`around=${nth(1)}`);
    expect(oldest.items.at(-1)!.id).toBe(nth(1));
    expect(oldest.items).toHaveLength(26);
    expect(oldest.next_cursor).toBeNull();
    expect(bodies(await page(`cursor=${oldest.prev_cursor}&limit=2`))).toEqual([
      'message 28',
      'message 27',
    ]);

    const alone = await page(`around=${nth(200)}&limit=1`);
    expect(bodies(alone)).toEqual(['message 200']);
    expect(bodies(await page(`cursor=${alone.prev_cursor}&limit=1`))).toEqual(['message 201']);
    expect(bodies(await page(`cursor=${alone.next_cursor}&limit=1`))).toEqual(['message 199']);
  });

  it('picks up a message that arrives while the newest page is shown from a link', async () => {
    const c = await open(agent, 'one');
    await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'two',
    });
    const first = await page(
      `around=${(await page('', agent, c.id)).items[1]!.id}&limit=1`,
      agent,
      c.id,
    );
    expect(bodies(first)).toEqual(['one']);
    const newer = await page(`cursor=${first.prev_cursor}`, agent, c.id);
    expect(bodies(newer)).toEqual(['two']);
    expect(newer.prev_cursor).toBeNull();
    await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'inbound',
      body_text: 'three',
    });
    // Asking for that page again (a refresh) brings the new message.
    expect(bodies(await page(`cursor=${first.prev_cursor}`, agent, c.id))).toEqual([
      'three',
      'two',
    ]);
  });

  it('keeps the newest page as it was, and its older pages lead back to newer ones', async () => {
    const newest = await page('');
    expect(bodies(newest)[0]).toBe(`message ${LONG}`);
    expect(newest.prev_cursor).toBeNull();
    const older = await page(`cursor=${newest.next_cursor}`);
    expect(bodies(older)[0]).toBe(`message ${LONG - 50}`);
    const back = await page(`cursor=${older.prev_cursor}`);
    expect(back.items.map((m) => m.id)).toEqual(newest.items.map((m) => m.id));
  });

  it('reads through messages_conversation_idx both ways, with no sort', async () => {
    // Few rows make a sequential scan cheapest; without it, the index must serve the order.
    const plan = (from: Parameters<typeof selectMessagesFrom>[3]) =>
      t.database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = await selectMessagesFrom(trx, ws.workspaceId, longId, from, 26).explain();
        return rows.map((r) => Object.values(r)[0]).join('\n');
      });
    for (const from of [
      { direction: 'older' as const, id: nth(200), inclusive: true },
      { direction: 'newer' as const, id: nth(200) },
    ]) {
      const text = await plan(from);
      expect(text, text).toContain('messages_conversation_idx');
      expect(text, text).not.toMatch(/\bSort\b/);
      // Author names are looked up per row: a join let PostgreSQL read every newer message.
      expect(text, text).not.toMatch(/\bJoin\b/);
    }
  });
});

describe('refusals', () => {
  it("is not found for a message not of this conversation or workspace, or another workspace's conversation", async () => {
    const elsewhere = await open(agent, 'another conversation');
    const elsewhereMessage = (await page('', agent, elsewhere.id)).items[0]!.id;
    const theirs = await open(other.admin, 'theirs');
    const theirMessage = (await page('', other.admin, theirs.id)).items[0]!.id;
    for (const [caller, conversationId, around, what] of [
      [agent, longId, '9000000000000000000', 'message'],
      [agent, longId, elsewhereMessage, 'message'],
      [agent, longId, theirMessage, 'message'],
      [agent, theirs.id, theirMessage, 'conversation'],
      [other.admin, longId, nth(100), 'conversation'],
    ] as const) {
      const res = await list(caller, conversationId, `around=${around}`);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', message: `${what} not found` });
    }
  });

  it('names the field on bad input', async () => {
    const cursor = (await page('')).next_cursor!;
    const garbled = Buffer.from(JSON.stringify(['later', nth(3)])).toString('base64url');
    for (const [query, field] of [
      ['around=abc', 'around'],
      ['around=0', 'around'],
      ['around=', 'around'],
      [`around=${nth(5)}&cursor=${cursor}`, 'around'],
      [`around=${nth(5)}&limit=0`, 'limit'],
      ['cursor=abc', 'cursor'],
      [`cursor=${garbled}`, 'cursor'],
    ] as const) {
      const res = await list(agent, longId, query);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json().error.fields, query).toHaveProperty([field]);
    }
  });

  it('needs credentials; every role of the workspace reads every conversation', async () => {
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${longId}/messages?around=${nth(10)}`,
    });
    expect(anonymous.statusCode).toBe(401);
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const caller = role === 'admin' ? ws.admin : await ws.addUser(role);
      expect((await page(`around=${nth(10)}`, caller)).items[25]!.id).toBe(nth(10));
    }
  });
});
