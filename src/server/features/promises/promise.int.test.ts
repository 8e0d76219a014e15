import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { extractPromises } from '../../../shared/promises/index.ts';
import { runPromiseSweep } from './promise.jobs.ts';

// Wednesday 9 December 2026, 10:15 in Madrid (the workspace's time zone).
const NOW = new Date('2026-12-09T09:15:00.000Z');
const MIN = 60_000;
const after = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let colleague: Caller;
let lead: Caller;
let outsider: Caller;
let other: TestWorkspace;
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  ws = await newWorkspace(t, { timeZone: 'Europe/Madrid' });
  agent = await ws.addUser('agent', 'Ana Agent');
  colleague = await ws.addUser('agent', 'Bence Colleague');
  lead = await ws.addUser('supervisor', 'Sofia Lead');
  outsider = await ws.addUser('supervisor', 'Otto Outsider');
  const team = await ws.admin.post('/api/v1/teams', { name: 'Phones', supervisor_id: lead.userId });
  expect(team.statusCode, team.body).toBe(201);
  const members = await ws.admin.put(`/api/v1/teams/${team.json().id}/members`, {
    user_ids: [agent.userId, lead.userId],
  });
  expect(members.statusCode, members.body).toBeLessThan(300);
  other = await newWorkspace(t);
  stranger = await other.addUser('supervisor', 'Somebody Else');
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = new Date(NOW);
});

interface Promised {
  id: string;
  state: string;
  kind: string;
  text: string;
  due_at: string;
  message_id: string;
  conversation: { id: string; number: number };
  range: { start: number; end: number };
  client: { id: string; language: string; time_zone: string };
  agent: { id: string };
  redates: { from: string; to: string; message_id: string | null; by: { id: string } | null }[];
  abilities: Record<string, boolean>;
}

/** Opens a conversation (a client writes in), then the caller replies with `reply`. */
async function replyWith(caller: Caller, reply: string, client: { language?: string } = {}) {
  const conv = await caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Lucía', ...client },
    subject: 'My order',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Where is my order?' },
  });
  expect(conv.statusCode, conv.body).toBe(201);
  const { id, client: c } = conv.json() as { id: string; client: { id: string } };
  const sent = await caller.post(`/api/v1/conversations/${id}/messages`, {
    direction: 'outbound',
    body_text: reply,
  });
  expect(sent.statusCode, sent.body).toBe(201);
  return { conversationId: id, clientId: c.id, messageId: sent.json().id as string };
}

async function promisesOf(caller: Caller, conversationId: string): Promise<Promised[]> {
  const res = await caller.get(`/api/v1/promises?conversation_id=${conversationId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** A reply with one promise, proposed; returns it. */
async function proposed(caller: Caller, reply = "I'll call you back in 10 minutes.") {
  const c = await replyWith(caller, reply);
  const [p] = await promisesOf(caller, c.conversationId);
  expect(p, 'a proposed promise').toBeDefined();
  return { ...c, promise: p! };
}

/** A reply with one promise, confirmed by its agent. */
async function tracked(caller: Caller, reply?: string) {
  const c = await proposed(caller, reply);
  const res = await caller.post(`/api/v1/promises/${c.promise.id}/confirm`, {});
  expect(res.statusCode, res.body).toBe(200);
  return { ...c, promise: res.json() as Promised };
}

const eventsOf = async (caller: Caller, conversationId: string) =>
  (await caller.get(`/api/v1/conversations/${conversationId}/events?limit=100`)).json().items as {
    type: string;
    data: Record<string, unknown>;
  }[];

describe('a reply that makes a promise', () => {
  it.each([
    [
      'en',
      "Thanks for waiting. I'll call you back in 10 minutes.",
      "I'll call you back in 10 minutes",
    ],
    ['es', 'Gracias por esperar. Le llamo en 10 minutos.', 'Le llamo en 10 minutos'],
    ['hu', 'Köszönöm a türelmét, 10 percen belül visszahívom.', '10 percen belül visszahívom'],
    [
      'ro',
      'Vă mulțumesc pentru răbdare. Vă sun înapoi în 10 minute.',
      'Vă sun înapoi în 10 minute',
    ],
    [
      'kk',
      'Күткеніңізге рахмет. 10 минуттан кейін қайта хабарласамын.',
      '10 минуттан кейін қайта хабарласамын',
    ],
    ['ru', 'Спасибо за ожидание. Перезвоню вам через 10 минут.', 'Перезвоню вам через 10 минут'],
  ])('in %s proposes a callback due in 10 minutes', async (_language, reply, words) => {
    const c = await replyWith(agent, reply);
    const [p, ...rest] = await promisesOf(agent, c.conversationId);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      state: 'proposed',
      kind: 'callback',
      text: words,
      due_at: after(10 * MIN),
      due: { basis: 'duration' },
      message_id: c.messageId,
      agent: { id: agent.userId, name: 'Ana Agent' },
      client: { id: c.clientId },
      confirmed_at: null,
      remind_at: null,
      redates: [],
      abilities: { confirm: true, dismiss: true, keep: false, delay: false },
    });
    expect(reply.slice(p!.range.start, p!.range.end)).toBe(words);
  });

  it('dates "by Friday" at the end of Friday in the business calendar of the workspace', async () => {
    const c = await replyWith(agent, "You'll have the signed contract by Friday.");
    const [p] = await promisesOf(agent, c.conversationId);
    // Friday 11 December, 18:00 in Madrid: the default calendar closes at 18:00.
    expect(p).toMatchObject({ kind: 'delivery', due_at: '2026-12-11T17:00:00.000Z' });

    // A workspace in another zone whose Fridays close at 14:00.
    const early = await newWorkspace(t, { timeZone: 'Asia/Almaty' });
    await t.database.db
      .updateTable('business_calendars')
      .set({
        hours: JSON.stringify({
          mon: [['09:00', '18:00']],
          tue: [['09:00', '18:00']],
          wed: [['09:00', '18:00']],
          thu: [['09:00', '18:00']],
          fri: [['09:00', '14:00']],
        }),
      })
      .where('workspace_id', '=', early.workspaceId)
      .execute();
    const almaty = await early.addUser('agent');
    const k = await replyWith(almaty, "You'll have the signed contract by Friday.");
    const [q] = await promisesOf(almaty, k.conversationId);
    // 14:00 in Almaty (UTC+5).
    expect(q?.due_at).toBe('2026-12-11T09:00:00.000Z');
  });

  it('proposes nothing for a note, a client’s message, or a reply without a promise', async () => {
    const c = await replyWith(
      agent,
      'Thank you, I have checked your order: it left the warehouse.',
    );
    await agent.post(`/api/v1/conversations/${c.conversationId}/messages`, {
      direction: 'note',
      body_text: "I'll call her back in 10 minutes.",
    });
    await agent.post(`/api/v1/conversations/${c.conversationId}/messages`, {
      direction: 'inbound',
      body_text: "I'll call you back in 10 minutes.",
    });
    expect(await promisesOf(agent, c.conversationId)).toEqual([]);
  });
});

describe('the clock a composer reads a draft’s promises by', () => {
  it('is the one the server proposes by: the same due time before and after sending', async () => {
    const early = await newWorkspace(t, { timeZone: 'Asia/Almaty' });
    await t.database.db
      .updateTable('business_calendars')
      .set({
        hours: JSON.stringify({ mon: [['09:00', '18:00']], fri: [['09:00', '14:00']] }),
        holidays: JSON.stringify([{ date: '2026-12-16', name: 'Independence Day' }]),
      })
      .where('workspace_id', '=', early.workspaceId)
      .execute();
    const almaty = await early.addUser('agent');
    const draft = "You'll have the signed contract by Friday, and I'll call you back in 2 hours.";
    const k = await replyWith(almaty, draft);
    const res = await almaty.get(`/api/v1/promises/clock?conversation_id=${k.conversationId}`);
    expect(res.statusCode, res.body).toBe(200);
    const clock = res.json() as {
      time_zone: string;
      business_hours: { hours: Record<string, [string, string][]>; holidays: string[] } | null;
    };
    expect(clock).toEqual({
      time_zone: 'Asia/Almaty',
      business_hours: {
        hours: { mon: [['09:00', '18:00']], fri: [['09:00', '14:00']] },
        holidays: ['2026-12-16'],
      },
    });
    const previewed = extractPromises(draft, {
      now: NOW,
      timeZone: clock.time_zone,
      businessHours: { timeZone: clock.time_zone, ...clock.business_hours! },
    });
    const proposedOnSend = await promisesOf(almaty, k.conversationId);
    expect(previewed.map((f) => [f.kind, f.dueAt]).sort()).toEqual(
      proposedOnSend.map((p) => [p.kind, p.due_at]).sort(),
    );
    // A new conversation (none yet): the workspace's zone and calendar.
    const fresh = await almaty.get('/api/v1/promises/clock');
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json()).toEqual(clock);
  });

  it('is not found for another workspace’s conversation, and names a bad field', async () => {
    const c = await replyWith(agent, 'Thank you for writing.');
    expect(
      (await stranger.get(`/api/v1/promises/clock?conversation_id=${c.conversationId}`)).statusCode,
    ).toBe(404);
    expect(
      (await agent.get(`/api/v1/promises/clock?conversation_id=${c.conversationId}`)).json(),
    ).toMatchObject({
      time_zone: 'Europe/Madrid',
    });
    for (const [query, field] of [
      ['conversation_id=abc', 'conversation_id'],
      ['zone=UTC', ''],
    ] as const) {
      const res = await agent.get(`/api/v1/promises/clock?${query}`);
      expect(res.statusCode, query).toBe(400);
      if (field) expect(res.json().error.fields, query).toHaveProperty([field]);
    }
  });
});

describe('confirming, dismissing, keeping', () => {
  it('confirm: proposed → open with a reminder time and an event on the timeline', async () => {
    const { conversationId, promise } = await proposed(agent);
    const res = await agent.post(`/api/v1/promises/${promise.id}/confirm`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'open',
      due_at: after(10 * MIN),
      // A 10-minute promise is reminded halfway.
      remind_at: after(5 * MIN),
      confirmed_at: NOW.toISOString(),
      confirmed_by: { id: agent.userId },
      abilities: { confirm: false, dismiss: false, keep: true, delay: true },
    });
    const [event] = await eventsOf(agent, conversationId);
    expect(event).toMatchObject({
      type: 'promise.confirmed',
      data: { promise_id: promise.id, kind: 'callback', due_at: after(10 * MIN) },
    });
    // Twice is a conflict: it is open now.
    const again = await agent.post(`/api/v1/promises/${promise.id}/confirm`, {});
    expect(again.statusCode).toBe(409);
  });

  it('confirm with a due time of the agent’s own; a passed time must be replaced', async () => {
    const { promise } = await proposed(agent, 'I will send you the invoice by tomorrow.');
    const dueAt = after(26 * 60 * MIN);
    const res = await agent.post(`/api/v1/promises/${promise.id}/confirm`, { due_at: dueAt });
    expect(res.json()).toMatchObject({
      state: 'open',
      due_at: dueAt,
      remind_at: after(24 * 60 * MIN), // a promise over a day away: 2 hours before
    });

    const late = await proposed(agent);
    t.clock.now = new Date(NOW.getTime() + 11 * MIN);
    const passed = await agent.post(`/api/v1/promises/${late.promise.id}/confirm`);
    expect(passed.statusCode).toBe(400);
    expect(passed.json().error.fields).toHaveProperty('due_at');
    const past = await agent.post(`/api/v1/promises/${late.promise.id}/confirm`, {
      due_at: after(5 * MIN),
    });
    expect(past.json().error.fields).toEqual({ due_at: 'must be in the future' });
    const ok = await agent.post(`/api/v1/promises/${late.promise.id}/confirm`, {
      due_at: after(60 * MIN),
    });
    // Confirmed at 10:26 for 11:15: a short promise, reminded 15 minutes before.
    expect(ok.json()).toMatchObject({ state: 'open', remind_at: after(45 * MIN) });
  });

  it('dismiss: "not a promise" (proposed only)', async () => {
    const { conversationId, promise } = await proposed(agent);
    const res = await agent.post(`/api/v1/promises/${promise.id}/dismiss`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'dismissed',
      settled_by: { id: agent.userId },
      abilities: { confirm: false, dismiss: false, keep: false, delay: false },
    });
    expect((await eventsOf(agent, conversationId))[0]?.type).toBe('promise.dismissed');
    const open = await tracked(agent);
    const refused = await agent.post(`/api/v1/promises/${open.promise.id}/dismiss`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.fields).toEqual({ state: 'is open' });
  });

  it('keep: open → kept, also after the reminder; a proposal cannot be kept', async () => {
    const { conversationId, promise } = await tracked(agent);
    t.clock.now = new Date(NOW.getTime() + 8 * MIN);
    const res = await agent.post(`/api/v1/promises/${promise.id}/keep`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'kept',
      settled_at: after(8 * MIN),
      settled_by: { id: agent.userId },
    });
    expect((await eventsOf(agent, conversationId))[0]).toMatchObject({
      type: 'promise.kept',
      data: { promise_id: promise.id },
    });
    const fresh = await proposed(agent);
    expect((await agent.post(`/api/v1/promises/${fresh.promise.id}/keep`)).statusCode).toBe(409);
  });
});

describe('telling the client about a delay', () => {
  it("sends the default notice in the client's language and re-dates the promise", async () => {
    const c = await replyWith(agent, 'Le llamo en 10 minutos.', { language: 'es' });
    const [p] = await promisesOf(agent, c.conversationId);
    await agent.post(`/api/v1/promises/${p!.id}/confirm`);
    t.clock.now = new Date(NOW.getTime() + 6 * MIN);
    // Friday 11 December, 12:00 in Madrid.
    const res = await agent.post(`/api/v1/promises/${p!.id}/delay`, {
      due_at: '2026-12-11T11:00:00.000Z',
    });
    expect(res.statusCode, res.body).toBe(200);
    const { promise, message_id } = res.json() as { promise: Promised; message_id: string };
    expect(promise).toMatchObject({
      state: 'open',
      due_at: '2026-12-11T11:00:00.000Z',
      reminded_at: null,
      // Over a day away: 2 hours before.
      remind_at: '2026-12-11T09:00:00.000Z',
      client: { language: 'es', time_zone: 'Europe/Madrid' },
      redates: [
        {
          from: after(10 * MIN),
          to: '2026-12-11T11:00:00.000Z',
          at: after(6 * MIN),
          by: { id: agent.userId, name: 'Ana Agent' },
          message_id,
        },
      ],
    });
    const [notice] = (await agent.get(`/api/v1/conversations/${c.conversationId}/messages`)).json()
      .items;
    expect(notice).toMatchObject({
      id: message_id,
      direction: 'outbound',
      channel: 'email',
      author: { kind: 'user', id: agent.userId },
    });
    expect(notice.body_text).toBe(
      'Disculpe la espera: necesito un poco más de tiempo antes de poder llamarle. ' +
        'Le llamaré, como muy tarde, el viernes 11 de diciembre a las 12:00. Gracias por su paciencia.',
    );
    // The notice restates the promise; it proposes no new one.
    expect((await promisesOf(agent, c.conversationId)).map((x) => x.id)).toEqual([p!.id]);
    const events = await eventsOf(agent, c.conversationId);
    expect(events.find((e) => e.type === 'promise.delayed')).toMatchObject({
      data: {
        promise_id: p!.id,
        before: { due_at: after(10 * MIN) },
        after: { due_at: '2026-12-11T11:00:00.000Z' },
        message_id,
      },
    });
  });

  it("sends the agent's own words when given", async () => {
    const { conversationId, promise } = await tracked(agent);
    const res = await agent.post(`/api/v1/promises/${promise.id}/delay`, {
      due_at: after(60 * MIN),
      body_text: '  Sorry, the warehouse is slow today: I will ring you within the hour.  ',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [notice] = (await agent.get(`/api/v1/conversations/${conversationId}/messages`)).json()
      .items;
    expect(notice.body_text).toBe(
      'Sorry, the warehouse is slow today: I will ring you within the hour.',
    );
    expect(res.json().promise).toMatchObject({
      due_at: after(60 * MIN),
      remind_at: after(45 * MIN),
    });
  });

  it('is refused once the deadline has passed (409), and for a promise not open', async () => {
    const { conversationId, promise } = await tracked(agent);
    t.clock.now = new Date(NOW.getTime() + 10 * MIN);
    const res = await agent.post(`/api/v1/promises/${promise.id}/delay`, {
      due_at: after(120 * MIN),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      fields: { due_at: 'the deadline has passed' },
    });
    expect(res.json().error.message).toMatch(/before the deadline/);
    // Nothing was sent.
    const messages = (await agent.get(`/api/v1/conversations/${conversationId}/messages`)).json();
    expect(messages.items).toHaveLength(2);

    const fresh = await proposed(agent);
    const notOpen = await agent.post(`/api/v1/promises/${fresh.promise.id}/delay`, {
      due_at: after(120 * MIN),
    });
    expect(notOpen.statusCode).toBe(409);
  });

  it('needs a new due time later than the current one (400 naming due_at)', async () => {
    const { promise } = await tracked(agent);
    for (const body of [
      {},
      { due_at: 'next Friday' },
      { due_at: after(5 * MIN) },
      { due_at: after(-5 * MIN) },
      { due_at: after(400 * 24 * 60 * MIN) },
    ]) {
      const res = await agent.post(`/api/v1/promises/${promise.id}/delay`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json().error.fields)).toEqual(['due_at']);
    }
    const empty = await agent.post(`/api/v1/promises/${promise.id}/delay`, {
      due_at: after(60 * MIN),
      body_text: '   ',
    });
    expect(empty.json().error.fields).toHaveProperty('body_text');
  });
});

describe('who may act on a promise', () => {
  it("an agent acts on their own promises only; their team's supervisor and admins on theirs", async () => {
    const a = await tracked(agent);
    for (const action of ['keep', 'delay']) {
      const res = await colleague.post(`/api/v1/promises/${a.promise.id}/${action}`, {
        due_at: after(60 * MIN),
      });
      expect(res.statusCode, action).toBe(403);
      const notTheirTeam = await outsider.post(`/api/v1/promises/${a.promise.id}/${action}`, {
        due_at: after(60 * MIN),
      });
      expect(notTheirTeam.statusCode, action).toBe(403);
    }
    const seen = (
      await colleague.get(`/api/v1/promises?conversation_id=${a.conversationId}`)
    ).json().items[0];
    expect(seen.abilities).toEqual({ confirm: false, dismiss: false, keep: false, delay: false });
    const byLead = await lead.post(`/api/v1/promises/${a.promise.id}/delay`, {
      due_at: after(60 * MIN),
    });
    expect(byLead.statusCode, byLead.body).toBe(200);
    expect(byLead.json().promise.redates[0].by).toEqual({ id: lead.userId, name: 'Sofia Lead' });
    const kept = await lead.post(`/api/v1/promises/${a.promise.id}/keep`);
    expect(kept.json()).toMatchObject({ state: 'kept', settled_by: { id: lead.userId } });

    const b = await proposed(agent);
    expect((await colleague.post(`/api/v1/promises/${b.promise.id}/confirm`)).statusCode).toBe(403);
    expect((await colleague.post(`/api/v1/promises/${b.promise.id}/dismiss`)).statusCode).toBe(403);
    expect((await ws.admin.post(`/api/v1/promises/${b.promise.id}/dismiss`)).statusCode).toBe(200);
  });

  it("another workspace's promise is not found", async () => {
    const { promise } = await tracked(agent);
    for (const action of ['confirm', 'dismiss', 'keep', 'delay']) {
      const res = await stranger.post(`/api/v1/promises/${promise.id}/${action}`, {
        due_at: after(60 * MIN),
      });
      expect(res.statusCode, action).toBe(404);
    }
    const list = await stranger.get(`/api/v1/promises?conversation_id=${promise.conversation.id}`);
    expect(list.json().items).toEqual([]);
    expect((await stranger.get('/api/v1/promises?view=team')).json().items).toEqual([]);
  });

  it('bad lists are 400 naming the field; a malformed id is 404', async () => {
    // A path that names no promise is not found, like a missing one.
    expect((await agent.post('/api/v1/promises/abc/keep')).statusCode).toBe(404);
    const { promise } = await proposed(agent);
    const bad = await agent.post(`/api/v1/promises/${promise.id}/confirm`, { due_at: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('due_at');
    const extra = await agent.post(`/api/v1/promises/${promise.id}/confirm`, { state: 'kept' });
    expect(extra.statusCode).toBe(400);
    for (const [query, field] of [
      ['view=mine&state=lost', 'state'],
      ['view=everyone', 'view'],
      ['', 'view'],
      ['view=mine&due_after=soon', 'due_after'],
      ['view=mine&limit=1000', 'limit'],
      ['view=mine&cursor=nonsense', 'cursor'],
    ] as const) {
      const res = await agent.get(`/api/v1/promises?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields, query).toHaveProperty(field);
    }
  });
});

describe('lists', () => {
  it("a conversation's, a client's, mine and my team's, by due time, filtered, a page at a time", async () => {
    const mine = await replyWith(
      agent,
      "I'll call you back in 30 minutes, and you'll have the invoice by tomorrow.",
    );
    const [call, invoice] = await promisesOf(agent, mine.conversationId);
    expect([call?.kind, invoice?.kind]).toEqual(['callback', 'delivery']);
    await agent.post(`/api/v1/promises/${call!.id}/confirm`);

    const byClient = (await agent.get(`/api/v1/promises?client_id=${mine.clientId}`)).json();
    expect(byClient.items.map((p: Promised) => p.id)).toEqual([call!.id, invoice!.id]);

    const firstPage = (
      await agent.get(`/api/v1/promises?conversation_id=${mine.conversationId}&limit=1`)
    ).json();
    expect(firstPage.items.map((p: Promised) => p.id)).toEqual([call!.id]);
    const secondPage = (
      await agent.get(
        `/api/v1/promises?conversation_id=${mine.conversationId}&limit=1&cursor=${firstPage.next_cursor}`,
      )
    ).json();
    expect(secondPage.items.map((p: Promised) => p.id)).toEqual([invoice!.id]);
    expect(secondPage.next_cursor).toBeNull();

    const open = (await agent.get(`/api/v1/promises?client_id=${mine.clientId}&state=open`)).json();
    expect(open.items.map((p: Promised) => p.id)).toEqual([call!.id]);
    const soon = (
      await agent.get(
        `/api/v1/promises?client_id=${mine.clientId}&state=proposed,open&due_before=${after(60 * MIN)}`,
      )
    ).json();
    expect(soon.items.map((p: Promised) => p.id)).toEqual([call!.id]);

    const theirs = await replyWith(colleague, "I'll call you back in 20 minutes.");
    const [colleagues] = await promisesOf(colleague, theirs.conversationId);
    const ids = async (caller: Caller, query: string) =>
      (await caller.get(`/api/v1/promises?${query}&limit=100`))
        .json()
        .items.map((p: Promised) => p.id);
    expect(await ids(agent, 'view=mine')).toEqual(expect.arrayContaining([call!.id, invoice!.id]));
    expect(await ids(agent, 'view=mine')).not.toContain(colleagues!.id);
    // The lead's team holds the agent, not the colleague; an admin's team is everyone.
    expect(await ids(lead, 'view=team')).toEqual(expect.arrayContaining([call!.id]));
    expect(await ids(lead, 'view=team')).not.toContain(colleagues!.id);
    expect(await ids(ws.admin, 'view=team')).toEqual(
      expect.arrayContaining([call!.id, colleagues!.id]),
    );
    expect(await ids(lead, `agent_id=${colleague.userId}`)).toEqual([colleagues!.id]);
    // Agents have no team view, and see a colleague's promises only by conversation or client.
    expect((await agent.get('/api/v1/promises?view=team')).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/promises?agent_id=${colleague.userId}`)).statusCode).toBe(403);
  });
});

describe('per-agent figures', () => {
  it('counts tracked, kept, broken and delayed promises per agent in the period', async () => {
    const figures = await newWorkspace(t, { timeZone: 'Europe/Bucharest' });
    const ioana = await figures.addUser('agent', 'Ioana Popescu');
    const mihai = await figures.addUser('agent', 'Mihai Ionescu');
    const boss = await figures.addUser('supervisor', 'Elena Șef');
    const team = await figures.admin.post('/api/v1/teams', {
      name: 'Vânzări',
      supervisor_id: boss.userId,
    });
    await figures.admin.put(`/api/v1/teams/${team.json().id}/members`, {
      user_ids: [ioana.userId],
    });
    const one = await tracked(ioana);
    const two = await tracked(ioana);
    await tracked(mihai);
    await ioana.post(`/api/v1/promises/${one.promise.id}/delay`, { due_at: after(30 * MIN) });
    await ioana.post(`/api/v1/promises/${one.promise.id}/keep`);
    // The sweep breaks the other two at their due time.
    await runPromiseSweep(t.database.db, new Date(NOW.getTime() + 11 * MIN), {
      workspaceId: figures.workspaceId,
    });
    expect(
      (await ioana.get(`/api/v1/promises?conversation_id=${two.conversationId}`)).json(),
    ).toMatchObject({ items: [{ state: 'broken' }] });

    const period = `from=${after(-60 * MIN)}&to=${after(60 * MIN)}`;
    const all = await figures.admin.get(`/api/v1/promises/stats?${period}`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items).toEqual([
      {
        agent: { id: ioana.userId, name: 'Ioana Popescu' },
        confirmed: 2,
        kept: 1,
        broken: 1,
        delayed: 1,
        kept_ratio: 0.5,
      },
      {
        agent: { id: mihai.userId, name: 'Mihai Ionescu' },
        confirmed: 1,
        kept: 0,
        broken: 1,
        delayed: 0,
        kept_ratio: 0,
      },
    ]);
    // A supervisor sees their team; an agent has no figures; another period is empty.
    const team2 = (await boss.get(`/api/v1/promises/stats?${period}`)).json();
    expect(team2.items.map((i: { agent: { id: string } }) => i.agent.id)).toEqual([ioana.userId]);
    expect((await ioana.get(`/api/v1/promises/stats?${period}`)).statusCode).toBe(403);
    const later = (
      await figures.admin.get(
        `/api/v1/promises/stats?from=${after(24 * 60 * MIN)}&to=${after(48 * 60 * MIN)}`,
      )
    ).json();
    expect(later.items).toEqual([]);
    expect((await stranger.get(`/api/v1/promises/stats?${period}`)).json().items).toEqual([]);

    const missing = await figures.admin.get(`/api/v1/promises/stats?to=${after(0)}`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toHaveProperty('from');
    const backwards = await figures.admin.get(
      `/api/v1/promises/stats?from=${after(0)}&to=${after(-MIN)}`,
    );
    expect(backwards.json().error.fields).toHaveProperty('to');
  });
});

describe('a client merged into another', () => {
  it('takes its promises along', async () => {
    const a = await tracked(agent);
    const b = await replyWith(agent, 'Thanks!');
    const res = await ws.admin.post(`/api/v1/clients/${b.clientId}/merge`, {
      source_id: a.clientId,
    });
    expect(res.statusCode, res.body).toBe(200);
    const moved = (await agent.get(`/api/v1/promises?client_id=${b.clientId}`)).json().items;
    expect(moved.map((p: Promised) => p.id)).toEqual([a.promise.id]);
  });
});
