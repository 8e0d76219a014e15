import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { formatCannedDate } from '../../../shared/canned/variables.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let agent: Caller;
let supervisor: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t, { timeZone: 'Europe/Budapest', name: 'Kert Bolt' });
  other = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ioana Popescu');
  supervisor = await ws.addUser('supervisor', 'Bence Kovács');
});
afterAll(() => t.close());

const URL = '/api/v1/canned-responses';
let counter = 0;

async function create(caller: Caller, extra: Record<string, unknown> = {}) {
  counter += 1;
  const res = await caller.post(URL, {
    title: `Late delivery ${counter}`,
    shortcut: `late-${counter}`,
    language: 'en',
    folder: 'Delivery',
    body: 'Hello {{client.first_name}}, this is {{agent.name}}.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function openConversation(caller: Caller, client: Record<string, unknown>) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, ...client },
    subject: 'Where is my order?',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'My parcel is late.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('canned responses: writing them', () => {
  it('an admin writes one: folder cleaned, variables listed, abilities, an audit event', async () => {
    const res = await ws.admin.post(URL, {
      title: '  Greeting ',
      shortcut: 'Hello',
      language: 'es',
      folder: ' Saludos / Primer contacto/ ',
      body: 'Hola {{client.first_name}}, soy {{agent.name}} del equipo {{agent.team}}.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      title: 'Greeting',
      shortcut: 'hello',
      language: 'es',
      folder: 'Saludos/Primer contacto',
      variables: ['client.first_name', 'agent.name', 'agent.team'],
      usage_count: 0,
      abilities: { update: true, delete: true },
    });
    const shown = await agent.get(`${URL}/${created.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ id: created.id, abilities: { update: false } });
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('workspace_id', '=', ws.workspaceId)
      .where('type', 'like', 'canned_response.%')
      .execute();
    expect(events.map((e) => e.type)).toContain('canned_response.created');
  });

  it('a supervisor writes and edits them too; an agent may not (403)', async () => {
    const mine = await create(supervisor);
    const patched = await supervisor.patch(`${URL}/${mine.id}`, { title: 'Delay apology' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().title).toBe('Delay apology');

    const denied = await agent.post(URL, {
      title: 'Mine',
      shortcut: 'mine',
      language: 'en',
      body: 'Hi',
    });
    expect(denied.statusCode).toBe(403);
    expect((await agent.patch(`${URL}/${mine.id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await agent.delete(`${URL}/${mine.id}`)).statusCode).toBe(403);
    expect((await agent.get(`${URL}/${mine.id}`)).json().title).toBe('Delay apology');
  });

  it('refuses an unknown variable at save time, naming it, and stores nothing', async () => {
    const res = await ws.admin.post(URL, {
      title: 'Typo',
      shortcut: 'typo',
      language: 'en',
      body: 'Hi {{client.firstname}}, {{ agent.name }} here, {{order.total}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation_failed',
      fields: { body: 'unknown variable {{client.firstname}}, {{order.total}}' },
    });
    const list = (await ws.admin.get(`${URL}?q=typo`)).json();
    expect(list.items).toEqual([]);

    const existing = await create(ws.admin);
    const patch = await ws.admin.patch(`${URL}/${existing.id}`, { body: 'Bye {{agent.nickname}}' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.fields.body).toBe('unknown variable {{agent.nickname}}');
    expect((await ws.admin.get(`${URL}/${existing.id}`)).json().body).toBe(existing.body);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', shortcut: 'has space', language: 'en', body: 'b' }, 'shortcut'],
      [{ title: 'x', shortcut: 'ok', language: 'de', body: 'b' }, 'language'],
      [{ title: '   ', shortcut: 'ok', language: 'en', body: 'b' }, 'title'],
      [{ title: 'x', shortcut: 'ok', language: 'en', body: '' }, 'body'],
      [{ title: 'x', shortcut: 'ok', language: 'en', body: 'b', usage_count: 9 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(URL, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys(res.json().error.fields)).toContain(field);
    }
    const list = await ws.admin.get(`${URL}?language=xx`);
    expect(list.statusCode).toBe(400);
    expect(list.json().error.fields).toHaveProperty('language');
  });

  it('keeps one shortcut per language: a duplicate is a 409, the same shortcut in another language is fine', async () => {
    await create(ws.admin, { shortcut: 'return', language: 'ro' });
    const dup = await ws.admin.post(URL, {
      title: 'Other',
      shortcut: 'RETURN',
      language: 'ro',
      body: 'x',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toEqual({ shortcut: 'is taken' });
    await create(ws.admin, { shortcut: 'return', language: 'hu' });
    const ru = await create(ws.admin, { shortcut: 'return-x', language: 'ru' });
    const clash = await ws.admin.patch(`${URL}/${ru.id}`, { shortcut: 'return', language: 'ro' });
    expect(clash.statusCode).toBe(409);
    // Another workspace has its own shortcuts.
    await create(other.admin, { shortcut: 'return', language: 'ro' });
  });

  it('deletes one; it is gone afterwards', async () => {
    const gone = await create(ws.admin);
    const res = await supervisor.delete(`${URL}/${gone.id}`);
    expect(res.statusCode).toBe(204);
    expect((await ws.admin.get(`${URL}/${gone.id}`)).statusCode).toBe(404);
    expect((await ws.admin.delete(`${URL}/${gone.id}`)).statusCode).toBe(404);
  });

  it("answers 404 for another workspace's canned response on every route", async () => {
    const theirs = await create(other.admin);
    const conversation = await openConversation(ws.admin, { name: 'Ann Lee' });
    expect((await ws.admin.get(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    expect((await ws.admin.patch(`${URL}/${theirs.id}`, { title: 'Mine now' })).statusCode).toBe(
      404,
    );
    expect((await ws.admin.delete(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    const render = await ws.admin.post(`${URL}/${theirs.id}/render`, {
      conversation_id: conversation.id,
    });
    expect(render.statusCode).toBe(404);
    expect((await other.admin.get(`${URL}/${theirs.id}`)).json().title).toBe(theirs.title);
    expect(
      (await ws.admin.get(`${URL}?q=${encodeURIComponent(theirs.title)}`)).json().items,
    ).toEqual([]);
  });
});

describe('canned responses: finding them', () => {
  it('searches title, shortcut and body; filters by language and folder; pages by title', async () => {
    const w = await newWorkspace(t);
    const mk = (title: string, shortcut: string, language: string, folder: string, body: string) =>
      w.admin.post(URL, { title, shortcut, language, folder, body });
    await mk('Apology', 'sorry', 'en', 'Complaints', 'We are sorry.');
    await mk('Bonjour', 'hello', 'en', 'Greetings', 'Welcome to 50% off week.');
    await mk('Csomag késik', 'kesik', 'hu', 'Delivery/Late', 'Elnézést a késésért.');
    await mk('Delivery times', 'terms', 'en', 'Delivery', 'Two days.');
    await mk('Deliveryman', 'courier', 'en', 'Deliveryman', 'Our courier.');

    const titles = async (query: string) =>
      (await w.admin.get(`${URL}${query}`)).json().items.map((i: { title: string }) => i.title);
    expect(await titles('?q=sorry')).toEqual(['Apology']);
    expect(await titles('?q=50%25')).toEqual(['Bonjour']);
    expect(await titles('?q=COURIER')).toEqual(['Deliveryman']);
    expect(await titles('?language=hu')).toEqual(['Csomag késik']);
    expect(await titles('?folder=Delivery')).toEqual(['Csomag késik', 'Delivery times']);
    expect(await titles('?folder=Delivery/Late')).toEqual(['Csomag késik']);

    const first = (await w.admin.get(`${URL}?limit=2`)).json();
    expect(first.items.map((i: { title: string }) => i.title)).toEqual(['Apology', 'Bonjour']);
    const second = (await w.admin.get(`${URL}?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.items.map((i: { title: string }) => i.title)).toEqual([
      'Csomag késik',
      'Delivery times',
    ]);
    const third = (await w.admin.get(`${URL}?limit=2&cursor=${second.next_cursor}`)).json();
    expect(third).toEqual({
      items: [expect.objectContaining({ title: 'Deliveryman' })],
      next_cursor: null,
    });
    expect((await w.admin.get(`${URL}?cursor=nonsense`)).statusCode).toBe(400);
  });
});

describe('canned responses: rendering for a conversation', () => {
  it('fills the variables for the conversation in the client’s language and the workspace’s time zone, counting a use', async () => {
    const team = await ws.admin.post('/api/v1/teams', { name: 'Ügyfélszolgálat' });
    expect(team.statusCode, team.body).toBe(201);
    await ws.admin.put(`/api/v1/teams/${team.json().id}/members`, { user_ids: [agent.userId] });
    const c = await openConversation(agent, { name: 'Nagy Eszter', language: 'hu' });
    const script = await create(ws.admin, {
      language: 'hu',
      body:
        'Kedves {{client.first_name}}! {{agent.first_name}} vagyok ({{agent.team}}), ügyszám: {{conversation.number}}, ' +
        'tárgy: {{conversation.subject}}, határidő: {{sla.first_response_due}}. {{workspace.name}}',
    });
    const res = await agent.post(`${URL}/${script.id}/render`, { conversation_id: c.id });
    expect(res.statusCode, res.body).toBe(200);
    const target = await t.database.db
      .selectFrom('sla_targets')
      .select('due_at')
      .where('workspace_id', '=', ws.workspaceId)
      .where('conversation_id', '=', c.id)
      .where('kind', '=', 'first_response')
      .executeTakeFirstOrThrow();
    const due = formatCannedDate(target.due_at!, 'hu', 'Europe/Budapest');
    expect(res.json()).toEqual({
      body_text:
        `Kedves Eszter! Ioana vagyok (Ügyfélszolgálat), ügyszám: ${c.number}, ` +
        `tárgy: Where is my order?, határidő: ${due}. Kert Bolt`,
      language: 'hu',
      usage_count: 1,
    });
    await agent.post(`${URL}/${script.id}/render`, { conversation_id: c.id });
    expect((await agent.get(`${URL}/${script.id}`)).json().usage_count).toBe(2);
  });

  it('leaves a variable without a value empty (no SLA running, no team)', async () => {
    const c = await openConversation(ws.admin, { name: 'James Wilson' });
    await ws.admin.patch(`/api/v1/conversations/${c.id}`, { status: 'resolved' });
    const script = await create(ws.admin, {
      body: '{{client.first_name}}|{{sla.first_response_due}}|',
    });
    const res = await ws.admin.post(`${URL}/${script.id}/render`, { conversation_id: c.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().body_text).toBe('James||');
  });

  it("refuses another workspace's conversation (404) and bad input (400 naming the field)", async () => {
    const script = await create(ws.admin);
    const theirs = await openConversation(other.admin, { name: 'Olga' });
    const res = await agent.post(`${URL}/${script.id}/render`, { conversation_id: theirs.id });
    expect(res.statusCode).toBe(404);
    expect((await agent.get(`${URL}/${script.id}`)).json().usage_count).toBe(0);
    const bad = await agent.post(`${URL}/${script.id}/render`, { conversation_id: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('conversation_id');
  });
});
