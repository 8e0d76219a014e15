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

const randomPhone = () => `+36 30 ${Math.floor(1e6 + Math.random() * 8e6)}`;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  colleague = await ws.addUser('agent', 'Bence Kovács');
  supervisor = await ws.addUser('supervisor', 'Sofia Supervisor');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function open(caller: Caller, phone = randomPhone()) {
  const res = await caller.post('/api/v1/conversations', {
    client: { phone, name: 'Nagy Eszter' },
    subject: 'Where is my order?',
    channel: 'phone',
    direction: 'inbound',
    message: { body_text: 'Please call me back' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number; client: { id: string } };
}

async function logged(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post('/api/v1/calls', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('logging a call', () => {
  it("joins the client's open phone conversation, found by the number; both timelines show it", async () => {
    const phone = randomPhone();
    const c = await open(agent, phone);
    const call = await logged(agent, {
      direction: 'inbound',
      phone,
      duration_seconds: 185,
      outcome: 'answered',
      notes: 'Asked about the delivery',
    });
    expect(call).toMatchObject({
      direction: 'inbound',
      phone: phone.replace(/\s/g, ''),
      duration_seconds: 185,
      outcome: 'answered',
      notes: 'Asked about the delivery',
      client: { id: c.client.id, name: 'Nagy Eszter' },
      conversation: { id: c.id, number: c.number },
      agent: { id: agent.userId, name: 'Ana Agent' },
      callback_id: null,
      external_id: null,
      abilities: { update: true },
    });
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[0]).toMatchObject({
      type: 'call.logged',
      data: { call_id: call.id, outcome: 'answered', duration_seconds: 185 },
    });
    const timeline = (await agent.get(`/api/v1/clients/${c.client.id}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain(call.id);
    expect((await agent.get(`/api/v1/calls/${call.id}`)).json().id).toBe(call.id);
  });

  it('creates a client for a new number, and a phone conversation when asked', async () => {
    const phone = randomPhone();
    const without = await logged(agent, {
      direction: 'outbound',
      phone,
      outcome: 'no_answer',
      client_name: 'Popescu Ion',
    });
    expect(without).toMatchObject({ client: { name: 'Popescu Ion' }, conversation: null });
    const withConversation = await logged(agent, {
      direction: 'inbound',
      phone,
      outcome: 'answered',
      duration_seconds: 60,
      notes: 'Wants a quote',
      create_conversation: true,
    });
    expect(withConversation.client.id).toBe(without.client.id);
    expect(withConversation.conversation).not.toBeNull();
    const conv = (
      await agent.get(`/api/v1/conversations/${withConversation.conversation.id}`)
    ).json();
    expect(conv).toMatchObject({ channel: 'phone', client: { id: without.client.id } });
  });

  it('from a PBX with an API token: the same external_id twice stores one call', async () => {
    const pbx = await ws.addUser('agent', 'PBX');
    const phone = randomPhone();
    const body = {
      direction: 'inbound',
      phone,
      outcome: 'answered',
      duration_seconds: 42,
      agent_id: colleague.userId,
      external_id: `pbx-${Math.random()}`,
      started_at: new Date(Date.now() - 60_000).toISOString(),
    };
    const results = await Promise.all([
      pbx.post('/api/v1/calls', body),
      pbx.post('/api/v1/calls', body),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[1], results.map((r) => r.body).join('\n')).toBe(201);
    expect([200, 201]).toContain(codes[0]);
    expect(results[0]!.json().id).toBe(results[1]!.json().id);
    const again = await pbx.post('/api/v1/calls', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      id: results[0]!.json().id,
      agent: { id: colleague.userId },
      created_by: { id: pbx.userId },
    });
    const list = (await agent.get(`/api/v1/calls?client_id=${again.json().client.id}`)).json();
    expect(list.items).toHaveLength(1);
    // Another workspace's PBX may use the same id: it is per workspace.
    const theirs = await other.admin.post('/api/v1/calls', { ...body, agent_id: undefined });
    expect(theirs.statusCode).toBe(201);
    // The same number there is their own client: nothing links across workspaces.
    expect(theirs.json().client.id).not.toBe(again.json().client.id);
    expect((await other.admin.get(`/api/v1/calls/${again.json().id}`)).statusCode).toBe(404);
    expect((await pbx.get(`/api/v1/calls/${theirs.json().id}`)).statusCode).toBe(404);
    expect((await pbx.get(`/api/v1/clients/${theirs.json().client.id}`)).statusCode).toBe(404);
  });

  it('answers 400 naming the field', async () => {
    const c = await open(agent);
    const theirs = await open(other.admin);
    const ok = { direction: 'inbound', phone: randomPhone(), outcome: 'answered' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, direction: 'sideways' }, 'direction'],
      [{ ...ok, phone: 'call me' }, 'phone'],
      [{ ...ok, phone: '12' }, 'phone'],
      [{ ...ok, outcome: 'maybe' }, 'outcome'],
      [{ ...ok, duration_seconds: -1 }, 'duration_seconds'],
      [{ ...ok, started_at: 'yesterday' }, 'started_at'],
      [{ ...ok, started_at: new Date(Date.now() + 3_600_000).toISOString() }, 'started_at'],
      [{ ...ok, client_id: theirs.client.id }, 'client_id'],
      [{ ...ok, conversation_id: theirs.id }, 'conversation_id'],
      [{ ...ok, conversation_id: c.id, client_id: theirs.client.id }, 'client_id'],
      [{ ...ok, agent_id: other.admin.userId }, 'agent_id'],
      [{ ...ok, notes: 'x'.repeat(5001) }, 'notes'],
      [{ ...ok, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.post('/api/v1/calls', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error), JSON.stringify(body)).toContain(field);
    }
    expect((await agent.get(`/api/v1/calls?conversation_id=${c.id}`)).json().items).toEqual([]);
  });
});

describe('the call log', () => {
  it('pages newest first and filters; another workspace sees nothing', async () => {
    const lw = await newWorkspace(t);
    const a = await lw.addUser('agent', 'Lia');
    const b = await lw.addUser('agent', 'Mo');
    const phone = randomPhone();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const call = await logged(a, {
        direction: i % 2 ? 'outbound' : 'inbound',
        phone,
        outcome: i === 3 ? 'busy' : 'answered',
        agent_id: i === 4 ? b.userId : a.userId,
        started_at: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
      });
      ids.push(call.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await a.get(`/api/v1/calls?limit=2${query}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const ofB = (await a.get(`/api/v1/calls?agent_id=${b.userId}`)).json().items;
    expect(ofB.map((i: { id: string }) => i.id)).toEqual([ids[4]]);
    const busy = (await a.get('/api/v1/calls?outcome=busy&direction=outbound')).json().items;
    expect(busy.map((i: { id: string }) => i.id)).toEqual([ids[3]]);
    const theirs = (await other.admin.get('/api/v1/calls')).json().items;
    expect(theirs.filter((i: { id: string }) => ids.includes(i.id))).toEqual([]);
    expect((await other.admin.get(`/api/v1/calls/${ids[0]}`)).statusCode).toBe(404);
    expect((await a.get('/api/v1/calls?outcome=maybe')).json().error.fields).toHaveProperty(
      'outcome',
    );
    expect((await a.get('/api/v1/calls?cursor=nonsense')).json().error.fields).toHaveProperty(
      'cursor',
    );
  });
});

describe('correcting a call', () => {
  it('by its agent or a supervisor (another agent gets 403); an event says what changed', async () => {
    const c = await open(agent);
    const call = await logged(agent, {
      direction: 'outbound',
      phone: randomPhone(),
      outcome: 'answered',
      conversation_id: c.id,
    });
    expect((await colleague.patch(`/api/v1/calls/${call.id}`, { notes: 'x' })).statusCode).toBe(
      403,
    );
    expect((await colleague.get(`/api/v1/calls/${call.id}`)).json().abilities.update).toBe(false);
    let res = await agent.patch(`/api/v1/calls/${call.id}`, {
      outcome: 'voicemail',
      duration_seconds: 30,
      notes: 'Left a message',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'voicemail', duration_seconds: 30 });
    res = await supervisor.patch(`/api/v1/calls/${call.id}`, { notes: 'Checked' });
    expect(res.json().notes).toBe('Checked');
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events[1]).toMatchObject({
      type: 'call.updated',
      data: { before: { outcome: 'answered' }, after: { outcome: 'voicemail' } },
    });
    expect((await other.admin.patch(`/api/v1/calls/${call.id}`, { notes: 'x' })).statusCode).toBe(
      404,
    );
    const bad = await agent.patch(`/api/v1/calls/${call.id}`, { outcome: 'great' });
    expect(bad.json().error.fields).toHaveProperty('outcome');
  });
});

describe('merging clients', () => {
  it('moves calls and callbacks to the surviving client', async () => {
    const phoneA = randomPhone();
    const phoneB = randomPhone();
    const a = await open(agent, phoneA);
    const b = await open(agent, phoneB);
    await logged(agent, { direction: 'inbound', phone: phoneB, outcome: 'answered' });
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const cb = await agent.post('/api/v1/callbacks', {
      conversation_id: b.id,
      phone: phoneB,
      window_start: start,
    });
    expect(cb.statusCode, cb.body).toBe(201);
    // The survivor already has the same callback: the duplicate is cancelled, not kept twice.
    await agent.post('/api/v1/callbacks', {
      client_id: a.client.id,
      phone: phoneB,
      window_start: start,
    });
    const res = await supervisor.post(`/api/v1/clients/${a.client.id}/merge`, {
      source_id: b.client.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const calls = (await agent.get(`/api/v1/calls?client_id=${a.client.id}`)).json().items;
    expect(calls).toHaveLength(1);
    expect((await agent.get(`/api/v1/calls?client_id=${b.client.id}`)).json().items).toEqual([]);
    const callbacks = (await agent.get(`/api/v1/callbacks?client_id=${a.client.id}`)).json().items;
    expect(callbacks.map((x: { status: string }) => x.status).sort()).toEqual([
      'cancelled',
      'scheduled',
    ]);
  });
});
