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
let other: TestWorkspace;
let agent: Caller;
let supervisor: Caller;
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor');
  stranger = await other.addUser('admin');
});
afterAll(() => t.close());

let seq = 0;
async function createClient(by: Caller, body: Record<string, unknown>) {
  const res = await by.post('/api/v1/clients', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A conversation straight in the table: the conversations feature is not needed to test a merge. */
async function addConversation(workspaceId: string, clientId: string) {
  const row = await t.database.db
    .insertInto('conversations')
    .values({
      workspace_id: workspaceId,
      number: 100_000 + ++seq,
      subject: 'Pedido retrasado',
      client_id: clientId,
      channel: 'email',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('POST /clients/{id}/merge', () => {
  it('moves the duplicate’s callbacks and calls; a callback both had at the same time is kept once', async () => {
    const stamp = Date.now();
    const phone = `+3670${String(stamp).slice(-7)}`;
    const target = await createClient(agent, { name: 'Kiss Anna', phones: [phone] });
    const source = await createClient(agent, {
      name: 'Kiss Anna (2)',
      emails: [`kiss-${stamp}@example.hu`],
    });
    const at = new Date(Date.now() + 3 * 3600_000).toISOString();
    const later = new Date(Date.now() + 5 * 3600_000).toISOString();
    const callback = async (clientId: string, windowStart: string) => {
      const res = await agent.post('/api/v1/callbacks', {
        client_id: clientId,
        phone,
        window_start: windowStart,
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const kept = await callback(target.id, at);
    const twin = await callback(source.id, at);
    const moved = await callback(source.id, later);
    const call = await agent.post('/api/v1/calls', {
      direction: 'inbound',
      phone,
      outcome: 'answered',
      client_id: source.id,
    });
    expect(call.statusCode, call.body).toBe(201);

    const res = await supervisor.post(`/api/v1/clients/${target.id}/merge`, {
      source_id: source.id,
    });
    expect(res.statusCode, res.body).toBe(200);

    const list = (await agent.get(`/api/v1/callbacks?client_id=${target.id}&limit=50`)).json() as {
      items: { id: string; status: string }[];
    };
    const byId = new Map(list.items.map((c) => [c.id, c.status]));
    expect(byId.get(kept)).toBe('scheduled');
    expect(byId.get(moved)).toBe('scheduled');
    expect(byId.get(twin)).toBe('cancelled');
    const calls = (await agent.get(`/api/v1/calls?client_id=${target.id}`)).json() as {
      items: { id: string }[];
    };
    expect(calls.items.map((c) => c.id)).toEqual([(call.json() as { id: string }).id]);
  });

  it('moves identities, conversations, notes and people, and records client.merged on both', async () => {
    const target = await createClient(agent, {
      name: 'Lucía Martínez',
      emails: [`lucia-${Date.now()}@example.es`],
      tags: ['madrid'],
      custom_fields: {},
    });
    const source = await createClient(agent, {
      name: 'Lucia Martinez',
      emails: [`lmartinez-${Date.now()}@example.es`],
      phones: ['+34 600 123 456'],
      tags: ['wholesale'],
      tier: 'premium',
      is_vip: true,
      language: 'es',
    });
    await agent.post(`/api/v1/clients/${source.id}/notes`, { body: 'prefers phone calls' });
    const conversationId = await addConversation(ws.workspaceId, source.id);

    expect(
      (await agent.post(`/api/v1/clients/${target.id}/merge`, { source_id: source.id })).statusCode,
    ).toBe(403);
    const res = await supervisor.post(`/api/v1/clients/${target.id}/merge`, {
      source_id: source.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged.emails.sort()).toEqual([...target.emails, ...source.emails].sort());
    expect(merged.phones).toEqual(['+34600123456']);
    expect(merged).toMatchObject({
      tier: 'premium',
      is_vip: true,
      language: 'es',
      tags: ['madrid', 'wholesale'],
    });

    const conversation = await t.database.db
      .selectFrom('conversations')
      .select('client_id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(conversation.client_id).toBe(target.id);
    const notes = (await agent.get(`/api/v1/clients/${target.id}/notes`)).json();
    expect(notes.items.map((n: { body: string }) => n.body)).toEqual(['prefers phone calls']);

    expect((await agent.get(`/api/v1/clients/${source.id}`)).statusCode).toBe(404);
    const sourceRow = await t.database.db
      .selectFrom('clients')
      .select(['merged_into_id', 'deleted_at'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(sourceRow.merged_into_id).toBe(target.id);
    expect(sourceRow.deleted_at).not.toBeNull();

    // The target's timeline shows the merge, and the source's history with it.
    const timeline = (await agent.get(`/api/v1/clients/${target.id}/timeline?limit=100`)).json();
    const mergedEvents = timeline.items.filter((e: { type: string }) => e.type === 'client.merged');
    expect(mergedEvents.map((e: { client_id: string }) => e.client_id).sort()).toEqual(
      [target.id, source.id].sort(),
    );
    const onTarget = mergedEvents.find((e: { client_id: string }) => e.client_id === target.id);
    expect(onTarget.actor_user_id).toBe(supervisor.userId);
    expect(onTarget.data).toMatchObject({
      source_id: source.id,
      target_id: target.id,
      moved: { identities: 2, conversations: 1, notes: 1 },
      before: { tier: 'regular', is_vip: false },
      after: { tier: 'premium', is_vip: true },
    });
    expect(
      timeline.items.some(
        (e: { type: string; client_id: string }) =>
          e.type === 'client.note_added' && e.client_id === source.id,
      ),
    ).toBe(true);
    // The duplicate is gone from lists.
    const list = (await agent.get('/api/v1/clients?limit=100')).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(source.id);
  });

  it('moves the people of a merged company', async () => {
    const target = await createClient(agent, { name: 'Gradina Verde SRL', kind: 'company' });
    const source = await createClient(agent, { name: 'Grădina Verde', kind: 'company' });
    const person = await createClient(agent, { name: 'Andrei Dumitru', company_id: source.id });
    const res = await ws.admin.post(`/api/v1/clients/${target.id}/merge`, { source_id: source.id });
    expect(res.statusCode).toBe(200);
    expect((await agent.get(`/api/v1/clients/${person.id}`)).json().company).toEqual({
      id: target.id,
      name: 'Gradina Verde SRL',
    });
  });

  it('refuses itself, an already merged client, another kind, and bad bodies', async () => {
    const a = await createClient(agent, { name: 'Дмитрий Смирнов' });
    const b = await createClient(agent, { name: 'Дмитрий Смирнов (2)' });
    const c = await createClient(agent, { name: 'Смирнов и партнёры', kind: 'company' });
    const self = await supervisor.post(`/api/v1/clients/${a.id}/merge`, { source_id: a.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields).toHaveProperty('source_id');
    const kind = await supervisor.post(`/api/v1/clients/${a.id}/merge`, { source_id: c.id });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.fields).toHaveProperty('source_id');
    for (const body of [{}, { source_id: 'x' }, { source_id: b.id, extra: 1 }]) {
      const res = await supervisor.post(`/api/v1/clients/${a.id}/merge`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await supervisor.post(`/api/v1/clients/${a.id}/merge`, { source_id: b.id })).statusCode,
    ).toBe(200);
    const again = await supervisor.post(`/api/v1/clients/${a.id}/merge`, { source_id: b.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields).toHaveProperty('source_id');
    // merging into a client that was merged away: it is gone
    const intoMerged = await supervisor.post(`/api/v1/clients/${b.id}/merge`, { source_id: a.id });
    expect(intoMerged.statusCode).toBe(404);
  });

  it("never links another workspace's client", async () => {
    const mine = await createClient(agent, {
      name: 'Carmen López',
      emails: [`carmen-${Date.now()}@example.es`],
    });
    const theirs = await createClient(stranger, {
      name: 'Carmen López',
      emails: [`carmen-${Date.now()}@other.es`],
    });
    const conversationId = await addConversation(other.workspaceId, theirs.id);
    const pull = await supervisor.post(`/api/v1/clients/${mine.id}/merge`, {
      source_id: theirs.id,
    });
    expect(pull.statusCode).toBe(400);
    expect(pull.json().error.fields).toHaveProperty('source_id');
    const push = await stranger.post(`/api/v1/clients/${mine.id}/merge`, { source_id: theirs.id });
    expect(push.statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/clients/${theirs.id}`)).json().emails).toEqual(
      theirs.emails,
    );
    expect((await agent.get(`/api/v1/clients/${mine.id}`)).json().emails).toEqual(mine.emails);
    const conversation = await t.database.db
      .selectFrom('conversations')
      .select('client_id')
      .where('workspace_id', '=', other.workspaceId)
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(conversation.client_id).toBe(theirs.id);
  });
});
