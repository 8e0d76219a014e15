// What the client dossier of the agent app reads: the timeline with the names
// of who acted, and every conversation of a client whatever its status,
// following a merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { addClientNote } from './client-note.service.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let supervisor: Caller;
let stranger: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor', 'Sara Supervisor');
  stranger = await (await newWorkspace(t)).addUser('admin');
});
afterAll(() => t.close());

async function createClient(body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/clients', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

async function createConversation(clientId: string, subject: string) {
  const res = await agent.post('/api/v1/conversations', {
    client_id: clientId,
    subject,
    channel: 'email',
    direction: 'inbound',
    message: { body_text: `About ${subject}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
}

const ALL_STATUSES = 'new,open,pending,on_hold,resolved,closed';

describe('GET /clients/{id}/timeline for the dossier', () => {
  it('names the user who acted; the system and clients have no name', async () => {
    const client = await createClient({ name: 'Olga Petrova', language: 'ru' });
    await supervisor.patch(`/api/v1/clients/${client.id}`, { language: 'kk' });
    await agent.post(`/api/v1/clients/${client.id}/notes`, { body: 'prefers phone calls' });
    await ws.admin.post(`/api/v1/clients/${client.id}/identities`, {
      kind: 'email',
      value: 'olga@example.kz',
    });

    const res = await agent.get(`/api/v1/clients/${client.id}/timeline`);
    expect(res.statusCode).toBe(200);
    const events = (res.json() as { items: { type: string; actor_name: string | null }[] }).items;
    expect(events.map((e) => [e.type, e.actor_name])).toEqual([
      ['client.identity_added', expect.any(String)],
      ['client.note_added', 'Ana Agent'],
      ['client.updated', 'Sara Supervisor'],
      ['client.created', 'Ana Agent'],
    ]);

    // What the system does (ingestion, jobs) has no name.
    await addClientNote(ws.ctx, client.id, 'imported from the old CRM');
    const latest = (await agent.get(`/api/v1/clients/${client.id}/timeline?limit=1`)).json() as {
      items: { type: string; actor_kind: string; actor_name: string | null }[];
    };
    expect(latest.items[0]).toMatchObject({
      type: 'client.note_added',
      actor_kind: 'system',
      actor_name: null,
    });
  });

  it('never names a user of another workspace, and keeps the 404 and 400 answers', async () => {
    const client = await createClient({ name: 'Erik Svensson' });
    expect((await stranger.get(`/api/v1/clients/${client.id}/timeline`)).statusCode).toBe(404);
    const bad = await agent.get(`/api/v1/clients/${client.id}/timeline?limit=0`);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('limit');
  });
});

describe('GET /conversations?client_id= for the dossier', () => {
  it('lists every conversation of a client with all statuses, and they follow a merge', async () => {
    const keep = await createClient({ name: 'Lena Fischer', emails: ['lena@example.de'] });
    const dup = await createClient({ name: 'Lena Fisher', emails: ['l.fischer@example.de'] });
    const first = await createConversation(keep.id, 'Order 1');
    const second = await createConversation(dup.id, 'Order 2');
    const closed = await createConversation(dup.id, 'Order 3');
    await agent.patch(`/api/v1/conversations/${closed.id}`, { status: 'resolved' });

    const of = async (clientId: string) =>
      (
        (
          await agent.get(`/api/v1/conversations?client_id=${clientId}&status=${ALL_STATUSES}`)
        ).json() as { items: { id: string; status: string }[] }
      ).items;
    expect((await of(dup.id)).map((c) => c.id).sort()).toEqual([second.id, closed.id].sort());
    // Without the statuses, the list keeps to the active ones.
    expect(
      (
        (await agent.get(`/api/v1/conversations?client_id=${dup.id}`)).json() as {
          items: unknown[];
        }
      ).items,
    ).toHaveLength(1);

    // An agent may not merge; a supervisor may, and the duplicate's conversations move.
    expect(
      (await agent.post(`/api/v1/clients/${keep.id}/merge`, { source_id: dup.id })).statusCode,
    ).toBe(403);
    const merged = await supervisor.post(`/api/v1/clients/${keep.id}/merge`, {
      source_id: dup.id,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await of(keep.id)).map((c) => c.id).sort()).toEqual(
      [first.id, second.id, closed.id].sort(),
    );
    expect(await of(dup.id)).toEqual([]);
    expect((await agent.get(`/api/v1/clients/${dup.id}`)).statusCode).toBe(404);

    // The survivor's timeline shows the merge by its user, and the duplicate's past.
    const timeline = (await agent.get(`/api/v1/clients/${keep.id}/timeline?limit=100`)).json() as {
      items: { type: string; client_id: string; actor_name: string | null }[];
    };
    expect(timeline.items[0]).toMatchObject({
      type: 'client.merged',
      actor_name: 'Sara Supervisor',
    });
    expect(timeline.items.some((e) => e.client_id === dup.id)).toBe(true);
  });
});
