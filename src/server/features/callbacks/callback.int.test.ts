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
let colleague: Caller;
let supervisor: Caller;
let other: TestWorkspace;

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  colleague = await ws.addUser('agent', 'Bence Kovács');
  supervisor = await ws.addUser('supervisor', 'Sofia Supervisor');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function open(caller: Caller) {
  const res = await caller.post('/api/v1/conversations', {
    client: { phone: `+36 1 ${Math.floor(1e6 + Math.random() * 8e6)}`, name: 'Nagy Eszter' },
    subject: 'Where is my order?',
    channel: 'phone',
    direction: 'inbound',
    message: { body_text: 'Please call me back' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; client: { id: string } };
}

const offer = (caller: Caller, body: Record<string, unknown>) =>
  caller.post('/api/v1/callbacks', body);

async function offered(caller: Caller, body: Record<string, unknown>) {
  const res = await offer(caller, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; attempts: number; status: string };
}

describe('offering a callback', () => {
  it('in a conversation: the client, the normalised number, me as responsible, an event', async () => {
    const c = await open(agent);
    const start = inHours(2);
    const end = inHours(3);
    const res = await offer(agent, {
      conversation_id: c.id,
      phone: '+36 (1) 234-5678',
      window_start: start,
      window_end: end,
      note: 'About the late delivery',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      client: { id: c.client.id, name: 'Nagy Eszter' },
      conversation_id: c.id,
      phone: '+3612345678',
      window_start: start,
      window_end: end,
      responsible: { id: agent.userId, name: 'Ana Agent' },
      status: 'scheduled',
      attempts: 0,
      outcome: '',
      note: 'About the late delivery',
      created_by: { id: agent.userId },
      abilities: { update: true },
    });
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[0]).toMatchObject({
      type: 'callback.offered',
      data: {
        callback_id: res.json().id,
        phone: '+3612345678',
        window_start: start,
        responsible: { id: agent.userId, name: 'Ana Agent' },
      },
    });
  });

  it('for a colleague: they are responsible and notified', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3612345679',
      window_start: inHours(1),
      responsible_id: colleague.userId,
    });
    const notes = (await colleague.get('/api/v1/notifications')).json().items;
    expect(notes[0]).toMatchObject({ kind: 'callback.assigned', data: { callback_id: cb.id } });
  });

  it('by client only, without a conversation', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      client_id: c.client.id,
      phone: '+3612345670',
      window_start: inHours(5),
    });
    expect(cb).toMatchObject({ conversation_id: null, client: { id: c.client.id } });
  });

  it('once: the same callback offered twice at once is stored once (409 for the other)', async () => {
    const c = await open(agent);
    const body = { conversation_id: c.id, phone: '+3612340000', window_start: inHours(4) };
    const results = await Promise.all([offer(agent, body), offer(agent, body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const list = (await agent.get(`/api/v1/callbacks?conversation_id=${c.id}`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('answers 400 naming the field', async () => {
    const c = await open(agent);
    const ok = { conversation_id: c.id, phone: '+3612345678', window_start: inHours(1) };
    const theirs = await open(other.admin);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, conversation_id: undefined }, 'client_id'],
      [{ ...ok, phone: 'call me' }, 'phone'],
      [{ ...ok, phone: '12' }, 'phone'],
      [{ ...ok, window_start: 'tomorrow' }, 'window_start'],
      [{ ...ok, window_start: inHours(-2) }, 'window_start'],
      [{ ...ok, window_end: inHours(0.5) }, 'window_end'],
      [{ ...ok, responsible_id: other.admin.userId }, 'responsible_id'],
      [{ ...ok, conversation_id: theirs.id }, 'conversation_id'],
      [{ ...ok, conversation_id: undefined, client_id: theirs.client.id }, 'client_id'],
      [{ ...ok, client_id: theirs.client.id }, 'client_id'],
      [{ ...ok, note: 'x'.repeat(2001) }, 'note'],
    ];
    for (const [body, field] of cases) {
      const res = await offer(agent, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
    expect((await agent.get(`/api/v1/callbacks?conversation_id=${c.id}`)).json().items).toEqual([]);
  });
});

describe('listing callbacks', () => {
  it('by window_start over keyset pages, filtered by responsible and status, one workspace', async () => {
    const lw = await newWorkspace(t);
    const a = await lw.addUser('agent', 'Lia');
    const b = await lw.addUser('agent', 'Mo');
    const c = await open(a);
    const hours = [7, 3, 5, 1, 9];
    const ids: Record<number, string> = {};
    for (const h of hours) {
      const cb = await offered(a, {
        conversation_id: c.id,
        phone: `+36123456${h}0`,
        window_start: inHours(h),
        responsible_id: h === 9 ? b.userId : a.userId,
      });
      ids[h] = cb.id;
    }
    await a.patch(`/api/v1/callbacks/${ids[5]}`, { status: 'cancelled' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await a.get(`/api/v1/callbacks?limit=2${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([1, 3, 5, 7, 9].map((h) => ids[h]));

    const mine = (
      await a.get(`/api/v1/callbacks?responsible_id=${a.userId}&status=scheduled`)
    ).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([1, 3, 7].map((h) => ids[h]));
    expect((await other.admin.get('/api/v1/callbacks')).json().items).toEqual([]);
    expect((await a.get('/api/v1/callbacks?status=maybe')).statusCode).toBe(400);
    expect((await a.get('/api/v1/callbacks?cursor=nonsense')).json().error.fields).toHaveProperty(
      'cursor',
    );
  });
});

describe('working a callback', () => {
  it('records attempts and outcomes, then done; each step is an event; done is final', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3611112222',
      window_start: inHours(1),
    });
    let res = await agent.patch(`/api/v1/callbacks/${cb.id}`, {
      attempt: { outcome: 'No answer' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attempts: 1, outcome: 'No answer', status: 'scheduled' });
    res = await agent.patch(`/api/v1/callbacks/${cb.id}`, {
      attempt: { outcome: 'Reached her, order found' },
      status: 'done',
    });
    expect(res.json()).toMatchObject({ attempts: 2, status: 'done', abilities: { update: false } });
    const types = (await agent.get(`/api/v1/conversations/${c.id}/events`))
      .json()
      .items.map((e: { type: string }) => e.type);
    expect(types.slice(0, 4)).toEqual([
      'callback.status_changed',
      'callback.attempted',
      'callback.attempted',
      'callback.offered',
    ]);
    res = await agent.patch(`/api/v1/callbacks/${cb.id}`, { window_start: inHours(3) });
    expect(res.statusCode).toBe(409);
  });

  it('re-dates a failed callback, which is scheduled again', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3611113333',
      window_start: inHours(1),
    });
    await agent.patch(`/api/v1/callbacks/${cb.id}`, { status: 'failed' });
    const start = inHours(24);
    const end = inHours(26);
    const res = await agent.patch(`/api/v1/callbacks/${cb.id}`, {
      window_start: start,
      window_end: end,
    });
    expect(res.json()).toMatchObject({ status: 'scheduled', window_start: start, window_end: end });
  });

  it('loses no attempt when two are recorded at once', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3611114444',
      window_start: inHours(1),
    });
    await Promise.all([
      agent.patch(`/api/v1/callbacks/${cb.id}`, { attempt: { outcome: 'Busy' } }),
      supervisor.patch(`/api/v1/callbacks/${cb.id}`, { attempt: { outcome: 'Voicemail' } }),
    ]);
    const list = (await agent.get(`/api/v1/callbacks?conversation_id=${c.id}`)).json();
    expect(list.items[0].attempts).toBe(2);
  });

  it('is for the responsible person, who offered it, or a supervisor: another agent gets 403', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3611115555',
      window_start: inHours(1),
    });
    const res = await colleague.patch(`/api/v1/callbacks/${cb.id}`, { status: 'cancelled' });
    expect(res.statusCode).toBe(403);
    const listed = (await colleague.get(`/api/v1/callbacks?conversation_id=${c.id}`)).json();
    expect(listed.items[0].abilities.update).toBe(false);
    expect(
      (await supervisor.patch(`/api/v1/callbacks/${cb.id}`, { responsible_id: colleague.userId }))
        .statusCode,
    ).toBe(200);
    // Now responsible, the colleague may work it.
    expect(
      (await colleague.patch(`/api/v1/callbacks/${cb.id}`, { status: 'cancelled' })).json().status,
    ).toBe('cancelled');
  });

  it('answers 404 for another workspace’s callback and 400 naming the field', async () => {
    const c = await open(agent);
    const cb = await offered(agent, {
      conversation_id: c.id,
      phone: '+3611116666',
      window_start: inHours(2),
    });
    expect(
      (await other.admin.patch(`/api/v1/callbacks/${cb.id}`, { status: 'done' })).statusCode,
    ).toBe(404);
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'later' }, 'status'],
      [{ attempt: { outcome: '' } }, 'attempt.outcome'],
      [{ window_end: inHours(1) }, 'window_end'],
      [{ window_start: inHours(-1) }, 'window_start'],
      [{ responsible_id: other.admin.userId }, 'responsible_id'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.patch(`/api/v1/callbacks/${cb.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
    const after = (await agent.get(`/api/v1/callbacks?conversation_id=${c.id}`)).json().items[0];
    expect(after).toMatchObject({ status: 'scheduled', attempts: 0 });
  });
});
