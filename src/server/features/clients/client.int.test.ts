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
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor');
  stranger = await other.addUser('supervisor');
});
afterAll(() => t.close());

let seq = 0;
const unique = (name: string) => `${name}.${++seq}.${Date.now()}`;

async function createClient(by: Caller, body: Record<string, unknown>) {
  const res = await by.post('/api/v1/clients', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function eventsOf(clientId: string) {
  const rows = await t.database.db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', ws.workspaceId)
    .where('client_id', '=', clientId)
    .orderBy('id')
    .execute();
  return rows;
}

describe('POST /clients', () => {
  it('creates a person with normalised identities, tags, language, tier and time zone', async () => {
    const email = `${unique('Georgina')}@Example.ES`;
    const client = await createClient(agent, {
      name: 'Georgina Pérez López',
      emails: [` ${email} `, email.toLowerCase()],
      phones: ['+34 (91) 123-4567'],
      language: 'es',
      tier: 'premium',
      is_vip: true,
      tags: ['Wholesale', 'wholesale', 'madrid'],
      time_zone: 'Europe/Madrid',
    });
    expect(client).toMatchObject({
      kind: 'person',
      name: 'Georgina Pérez López',
      emails: [email.toLowerCase()],
      phones: ['+34911234567'],
      language: 'es',
      tier: 'premium',
      is_vip: true,
      tags: ['wholesale', 'madrid'],
      time_zone: 'Europe/Madrid',
      company: null,
      custom_fields: {},
      abilities: { update: true, delete: false, merge: false },
    });
    expect(client.identities).toHaveLength(2);
    const events = await eventsOf(client.id);
    expect(events.map((e) => e.type)).toEqual(['client.created']);
    expect(events[0]!.actor_user_id).toBe(agent.userId);
    expect((events[0]!.data as { after: { emails: string[] } }).after.emails).toEqual([
      email.toLowerCase(),
    ]);
  });

  it('links a person to a company of the same workspace and shows it', async () => {
    const company = await createClient(agent, { name: 'Kertész Kft.', kind: 'company' });
    const person = await createClient(agent, { name: 'Nagy Eszter', company_id: company.id });
    expect(person.company).toEqual({ id: company.id, name: 'Kertész Kft.' });
    const res = await agent.get(`/api/v1/clients?company_id=${company.id}`);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([person.id]);
  });

  it("refuses another workspace's company, a person as company, and a company inside a company", async () => {
    const foreign = await createClient(stranger, { name: 'Foreign SRL', kind: 'company' });
    const person = await createClient(agent, { name: 'Ioana Popescu' });
    for (const body of [
      { name: 'X', company_id: foreign.id },
      { name: 'X', company_id: person.id },
      { name: 'X', kind: 'company', company_id: foreign.id },
    ]) {
      const res = await agent.post('/api/v1/clients', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('company_id');
    }
  });

  it('names each bad field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'name'],
      [{ name: '  ' }, 'name'],
      [{ name: 'A', emails: ['not-an-email'] }, 'emails.0'],
      [{ name: 'A', phones: ['12'] }, 'phones.0'],
      [{ name: 'A', phones: ['call me'] }, 'phones.0'],
      [{ name: 'A', language: 'de' }, 'language'],
      [{ name: 'A', tier: 'gold' }, 'tier'],
      [{ name: 'A', kind: 'robot' }, 'kind'],
      [{ name: 'A', time_zone: 'Mars/Olympus' }, 'time_zone'],
      [{ name: 'A', tags: ['no spaces'] }, 'tags.0'],
      [{ name: 'A', company_id: 'abc' }, 'company_id'],
      [{ name: 'A', surprise: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await agent.post('/api/v1/clients', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      if (field)
        expect(Object.keys(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
  });

  it('refuses an email another client has with 409 naming the field, writing nothing', async () => {
    const email = `${unique('dup')}@example.hu`;
    const first = await createClient(agent, { name: 'First', emails: [email] });
    const before = await t.database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    const res = await agent.post('/api/v1/clients', {
      name: 'Second',
      emails: [`fresh-${email}`, email.toUpperCase()],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    expect(res.json().error.fields).toHaveProperty('emails.1');
    expect(res.json().error.fields['emails.1']).toContain(first.id);
    const after = await t.database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // the fresh email of the refused request was not kept either
    const again = await agent.post('/api/v1/clients', {
      name: 'Third',
      emails: [`fresh-${email}`],
    });
    expect(again.statusCode).toBe(201);
  });

  it('gives an email to one of two clients created at the same moment', async () => {
    const email = `${unique('race')}@example.kz`;
    const results = await Promise.all(
      ['One', 'Two', 'Three'].map((name) =>
        agent.post('/api/v1/clients', { name, emails: [email] }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json().error.fields).toHaveProperty('emails.0');
    const owners = await t.database.db
      .selectFrom('client_identities')
      .select('client_id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('value', '=', email)
      .execute();
    expect(owners).toHaveLength(1);
  });

  it('lets the same email exist in two workspaces', async () => {
    const email = `${unique('shared')}@example.ro`;
    await createClient(agent, { name: 'Here', emails: [email] });
    await createClient(stranger, { name: 'There', emails: [email] });
  });
});

describe('API document', () => {
  it('describes every client route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/clients',
      '/api/v1/clients/{id}',
      '/api/v1/clients/{id}/identities',
      '/api/v1/clients/{id}/identities/{identityId}',
      '/api/v1/clients/{id}/merge',
      '/api/v1/clients/{id}/notes',
      '/api/v1/clients/{id}/timeline',
      '/api/v1/client-fields',
      '/api/v1/client-fields/{id}',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(Object.keys(doc.components.schemas)).toContain('Client');
  });
});

describe('GET /clients/{id}', () => {
  it('returns the client; another workspace gets 404 like a missing one', async () => {
    const client = await createClient(agent, { name: 'Айгүл Сейітова', language: 'kk' });
    const res = await agent.get(`/api/v1/clients/${client.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Айгүл Сейітова');
    expect((await supervisor.get(`/api/v1/clients/${client.id}`)).json().abilities).toEqual({
      update: true,
      delete: true,
      merge: true,
    });
    const foreign = await stranger.get(`/api/v1/clients/${client.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual((await agent.get('/api/v1/clients/999999999')).json());
    expect((await agent.get('/api/v1/clients/nope')).statusCode).toBe(404);
  });
});

describe('GET /clients', () => {
  it('pages newest first with keyset cursors and filters by tag, vip, tier and kind', async () => {
    const w = await newWorkspace(t);
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await createClient(w.admin, {
          name: `Client ${i}`,
          tags: i % 2 ? ['odd'] : [],
          is_vip: i === 3,
          tier: i === 4 ? 'key' : 'regular',
          kind: i === 0 ? 'company' : 'person',
        }),
      );
    }
    const ids = made.map((c) => c.id).reverse();
    const p1 = (await w.admin.get('/api/v1/clients?limit=2')).json();
    expect(p1.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    const p2 = (await w.admin.get(`/api/v1/clients?limit=2&cursor=${p1.next_cursor}`)).json();
    expect(p2.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(2, 4));
    const p3 = (await w.admin.get(`/api/v1/clients?limit=2&cursor=${p2.next_cursor}`)).json();
    expect(p3.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(4));
    expect(p3.next_cursor).toBeNull();

    const names = async (qs: string) =>
      (await w.admin.get(`/api/v1/clients?${qs}`))
        .json()
        .items.map((c: { name: string }) => c.name);
    expect(await names('tag=odd')).toEqual(['Client 3', 'Client 1']);
    expect(await names('vip=true')).toEqual(['Client 3']);
    expect(await names('tier=key')).toEqual(['Client 4']);
    expect(await names('kind=company')).toEqual(['Client 0']);
    expect(await names('vip=false&tag=odd')).toEqual(['Client 1']);
  });

  it('names bad filters and cursors', async () => {
    for (const [qs, field] of [
      ['vip=yes', 'vip'],
      ['tier=gold', 'tier'],
      ['limit=1000', 'limit'],
      ['cursor=garbage', 'cursor'],
      ['company_id=x', 'company_id'],
      ['sort=name', ''],
    ]) {
      const res = await agent.get(`/api/v1/clients?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      if (field) expect(res.json().error.fields, qs).toHaveProperty(field);
    }
  });

  it("never lists another workspace's clients", async () => {
    const mine = await createClient(agent, { name: `Solo ${unique('x')}` });
    const theirs = (await stranger.get('/api/v1/clients?limit=100')).json();
    expect(theirs.items.map((c: { id: string }) => c.id)).not.toContain(mine.id);
  });

  it('loads identities and companies of a page in a fixed number of queries', async () => {
    const w = await newWorkspace(t);
    const company = await createClient(w.admin, { name: 'Acme', kind: 'company' });
    for (let i = 0; i < 6; i++)
      await createClient(w.admin, {
        name: `P${i}`,
        company_id: company.id,
        emails: [`p${i}-${unique('n')}@example.com`],
        phones: [`+3670123456${i}`],
      });
    const queries: string[] = [];
    const db = t.database.db;
    const original = db.getExecutor().executeQuery.bind(db.getExecutor());
    const executor = db.getExecutor() as { executeQuery: typeof original };
    executor.executeQuery = (q, ...rest) => {
      queries.push(q.sql);
      return original(q, ...rest);
    };
    let res;
    try {
      res = await w.admin.get('/api/v1/clients?limit=10');
    } finally {
      executor.executeQuery = original;
    }
    expect(res.json().items).toHaveLength(7);
    expect(res.json().items[0].emails).toHaveLength(1);
    expect(res.json().items[0].company).toEqual({ id: company.id, name: 'Acme' });
    const clientQueries = queries.filter((q) => /client/.test(q));
    expect(clientQueries.length).toBeLessThanOrEqual(3);
  });
});

describe('PATCH /clients/{id}', () => {
  it('changes fields and records before/after', async () => {
    const client = await createClient(agent, { name: 'Bence Tóth', tier: 'regular' });
    const res = await agent.patch(`/api/v1/clients/${client.id}`, {
      name: 'Bence Tóth Jr.',
      tier: 'key',
      is_vip: true,
      language: 'hu',
      time_zone: 'Europe/Budapest',
      tags: ['key-account'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Bence Tóth Jr.',
      tier: 'key',
      is_vip: true,
      language: 'hu',
      time_zone: 'Europe/Budapest',
      tags: ['key-account'],
    });
    const updated = (await eventsOf(client.id)).find((e) => e.type === 'client.updated')!;
    expect(updated.data).toMatchObject({
      before: { name: 'Bence Tóth', tier: 'regular', is_vip: false },
      after: { name: 'Bence Tóth Jr.', tier: 'key', is_vip: true },
    });
  });

  it('names bad fields, refuses a foreign company, 404s across workspaces', async () => {
    const client = await createClient(agent, { name: 'Andrei Ionescu' });
    for (const [body, field] of [
      [{ time_zone: 'Europe/Nowhere' }, 'time_zone'],
      [{ name: '' }, 'name'],
      [{ emails: ['a@b.c'] }, ''],
      [{ kind: 'company', company_id: client.id }, 'company_id'],
    ] as const) {
      const res = await agent.patch(`/api/v1/clients/${client.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(res.json().error.fields).toHaveProperty(field);
    }
    const foreignCompany = await createClient(stranger, { name: 'Elsewhere', kind: 'company' });
    const linked = await agent.patch(`/api/v1/clients/${client.id}`, {
      company_id: foreignCompany.id,
    });
    expect(linked.statusCode).toBe(400);
    expect(linked.json().error.fields).toHaveProperty('company_id');
    expect((await agent.get(`/api/v1/clients/${client.id}`)).json().company).toBeNull();
    const foreign = await stranger.patch(`/api/v1/clients/${client.id}`, { name: 'Hijacked' });
    expect(foreign.statusCode).toBe(404);
    expect((await agent.get(`/api/v1/clients/${client.id}`)).json().name).toBe('Andrei Ionescu');
  });

  it('keeps a company with people from becoming a person', async () => {
    const company = await createClient(agent, { name: 'Gradina SRL', kind: 'company' });
    await createClient(agent, { name: 'Elena Stan', company_id: company.id });
    const res = await agent.patch(`/api/v1/clients/${company.id}`, { kind: 'person' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields).toHaveProperty('kind');
  });
});

describe('custom fields', () => {
  let w: TestWorkspace;
  let wAgent: Caller;
  beforeAll(async () => {
    w = await newWorkspace(t);
    wAgent = await w.addUser('agent');
    for (const body of [
      { key: 'vat_number', label: 'VAT number', type: 'text' },
      { key: 'employees', label: 'Employees', type: 'number' },
      { key: 'customer_since', label: 'Customer since', type: 'date' },
      { key: 'segment', label: 'Segment', type: 'select', options: ['retail', 'b2b'] },
    ]) {
      const res = await w.admin.post('/api/v1/client-fields', body);
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('admins define fields; everyone reads them; others may not change them', async () => {
    const list = (await wAgent.get('/api/v1/client-fields')).json();
    expect(list.items.map((f: { key: string }) => f.key)).toEqual([
      'vat_number',
      'employees',
      'customer_since',
      'segment',
    ]);
    const supervisorW = await w.addUser('supervisor');
    for (const caller of [wAgent, supervisorW]) {
      expect(
        (await caller.post('/api/v1/client-fields', { key: 'x', label: 'X', type: 'text' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await caller.patch(`/api/v1/client-fields/${list.items[0].id}`, { label: 'Y' }))
          .statusCode,
      ).toBe(403);
      expect((await caller.delete(`/api/v1/client-fields/${list.items[0].id}`)).statusCode).toBe(
        403,
      );
    }
    expect(
      (await other.admin.patch(`/api/v1/client-fields/${list.items[0].id}`, { label: 'Y' }))
        .statusCode,
    ).toBe(404);
    expect((await other.admin.delete(`/api/v1/client-fields/${list.items[0].id}`)).statusCode).toBe(
      404,
    );
    const theirs = (await other.admin.get('/api/v1/client-fields')).json();
    expect(theirs.items).toEqual([]);
  });

  it('names bad definitions and refuses a duplicate key', async () => {
    for (const [body, field] of [
      [{ key: 'Bad Key', label: 'X', type: 'text' }, 'key'],
      [{ key: 'ok', label: 'X', type: 'colour' }, 'type'],
      [{ key: 'ok', label: 'X', type: 'select' }, 'options'],
      [{ key: 'ok', label: 'X', type: 'text', options: ['a'] }, 'options'],
      [{ key: 'ok', type: 'text' }, 'label'],
    ] as const) {
      const res = await w.admin.post('/api/v1/client-fields', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields).toHaveProperty(field);
    }
    const dup = await w.admin.post('/api/v1/client-fields', {
      key: 'segment',
      label: 'Again',
      type: 'text',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toHaveProperty('key');
  });

  it('checks values against the definitions', async () => {
    const client = await createClient(wAgent, {
      name: 'Kovács Árpád',
      custom_fields: {
        vat_number: 'HU12345678',
        employees: 12,
        customer_since: '2024-02-29',
        segment: 'b2b',
      },
    });
    expect(client.custom_fields).toEqual({
      vat_number: 'HU12345678',
      employees: 12,
      customer_since: '2024-02-29',
      segment: 'b2b',
    });
    for (const [fields, key] of [
      [{ colour: 'red' }, 'colour'],
      [{ employees: 'twelve' }, 'employees'],
      [{ customer_since: '2023-02-29' }, 'customer_since'],
      [{ customer_since: 20240101 }, 'customer_since'],
      [{ segment: 'wholesale' }, 'segment'],
      [{ vat_number: 5 }, 'vat_number'],
    ] as const) {
      const res = await wAgent.patch(`/api/v1/clients/${client.id}`, { custom_fields: fields });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.json().error.fields).toHaveProperty(`custom_fields.${key}`);
    }
    const patched = await wAgent.patch(`/api/v1/clients/${client.id}`, {
      custom_fields: { employees: 15, vat_number: null },
    });
    expect(patched.json().custom_fields).toEqual({
      employees: 15,
      customer_since: '2024-02-29',
      segment: 'b2b',
    });
  });

  it('changes labels and options; deleting a field clears its values', async () => {
    const fields = (await w.admin.get('/api/v1/client-fields')).json().items;
    const segment = fields.find((f: { key: string }) => f.key === 'segment');
    const relabel = await w.admin.patch(`/api/v1/client-fields/${segment.id}`, {
      label: 'Market segment',
      options: ['retail', 'b2b', 'public'],
    });
    expect(relabel.statusCode).toBe(200);
    expect(relabel.json()).toMatchObject({ key: 'segment', options: ['retail', 'b2b', 'public'] });
    const badPatch = await w.admin.patch(`/api/v1/client-fields/${segment.id}`, { options: [] });
    expect(badPatch.statusCode).toBe(400);
    const client = await createClient(wAgent, {
      name: 'Réka Szabó',
      custom_fields: { segment: 'public' },
    });
    const employees = fields.find((f: { key: string }) => f.key === 'employees');
    const probe = await createClient(wAgent, { name: 'Probe', custom_fields: { employees: 3 } });
    expect((await w.admin.delete(`/api/v1/client-fields/${employees.id}`)).statusCode).toBe(204);
    expect((await wAgent.get(`/api/v1/clients/${probe.id}`)).json().custom_fields).toEqual({});
    expect((await wAgent.get(`/api/v1/clients/${client.id}`)).json().custom_fields).toEqual({
      segment: 'public',
    });
    const res = await wAgent.patch(`/api/v1/clients/${probe.id}`, {
      custom_fields: { employees: 4 },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('identities', () => {
  it('adds and removes emails and phones', async () => {
    const client = await createClient(agent, { name: 'Dina Smirnova' });
    const email = `${unique('dina')}@example.kz`;
    const added = await agent.post(`/api/v1/clients/${client.id}/identities`, {
      kind: 'email',
      value: email.toUpperCase(),
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().emails).toEqual([email]);
    const phone = await agent.post(`/api/v1/clients/${client.id}/identities`, {
      kind: 'phone',
      value: '8 (701) 555-12-34',
    });
    expect(phone.json().phones).toEqual(['87015551234']);
    const identity = phone.json().identities.find((i: { kind: string }) => i.kind === 'email');
    const removed = await agent.delete(`/api/v1/clients/${client.id}/identities/${identity.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await agent.get(`/api/v1/clients/${client.id}`)).json().emails).toEqual([]);
    const types = (await eventsOf(client.id)).map((e) => e.type);
    expect(types).toEqual([
      'client.created',
      'client.identity_added',
      'client.identity_added',
      'client.identity_removed',
    ]);
    // now free for someone else
    await createClient(agent, { name: 'Other Dina', emails: [email] });
  });

  it('409 for an identity another client has; 400 for a bad one; 404 across workspaces', async () => {
    const email = `${unique('owner')}@example.com`;
    const owner = await createClient(agent, { name: 'Owner', emails: [email] });
    const client = await createClient(agent, { name: 'Taker' });
    const taken = await agent.post(`/api/v1/clients/${client.id}/identities`, {
      kind: 'email',
      value: email,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields.value).toContain(owner.id);
    for (const body of [
      { kind: 'email', value: 'nope' },
      { kind: 'phone', value: '12' },
      { kind: 'fax', value: '123456' },
    ]) {
      const res = await agent.post(`/api/v1/clients/${client.id}/identities`, body);
      expect(res.statusCode).toBe(400);
    }
    const foreign = await stranger.post(`/api/v1/clients/${client.id}/identities`, {
      kind: 'email',
      value: `${unique('x')}@example.com`,
    });
    expect(foreign.statusCode).toBe(404);
    const ownerIdentity = owner.identities[0].id;
    expect(
      (await stranger.delete(`/api/v1/clients/${owner.id}/identities/${ownerIdentity}`)).statusCode,
    ).toBe(404);
    // an identity of another client of the same workspace is not this client's
    expect(
      (await agent.delete(`/api/v1/clients/${client.id}/identities/${ownerIdentity}`)).statusCode,
    ).toBe(404);
    expect((await agent.get(`/api/v1/clients/${owner.id}`)).json().emails).toEqual([email]);
  });
});

describe('DELETE /clients/{id}', () => {
  it('is for supervisors and admins; hides the client and frees its identities', async () => {
    const email = `${unique('gone')}@example.es`;
    const company = await createClient(agent, { name: 'Old Company', kind: 'company' });
    const client = await createClient(agent, {
      name: 'Javier García',
      emails: [email],
      company_id: company.id,
    });
    expect((await agent.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(403);
    expect((await stranger.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(404);
    expect((await supervisor.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(204);
    expect((await agent.get(`/api/v1/clients/${client.id}`)).statusCode).toBe(404);
    expect((await supervisor.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(404);
    const list = (await agent.get('/api/v1/clients?limit=100')).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(client.id);
    const search = (await agent.get(`/api/v1/clients?q=${encodeURIComponent(email)}`)).json();
    expect(search.items.map((c: { id: string }) => c.id)).not.toContain(client.id);
    await createClient(agent, { name: 'Javier García', emails: [email] });
    const deleted = (await eventsOf(client.id)).at(-1)!;
    expect(deleted.type).toBe('client.deleted');
    expect(deleted.data).toMatchObject({ before: { emails: [email] } });

    // a deleted company's people no longer belong to it
    const member = await createClient(agent, { name: 'Member', company_id: company.id });
    expect((await ws.admin.delete(`/api/v1/clients/${company.id}`)).statusCode).toBe(204);
    expect((await agent.get(`/api/v1/clients/${member.id}`)).json().company).toBeNull();
  });
});

describe('notes and timeline', () => {
  it('adds notes and pages them newest first', async () => {
    const client = await createClient(agent, { name: 'Olivia Brown' });
    for (const body of ['first', 'second', 'third'])
      expect((await agent.post(`/api/v1/clients/${client.id}/notes`, { body })).statusCode).toBe(
        201,
      );
    const p1 = (await agent.get(`/api/v1/clients/${client.id}/notes?limit=2`)).json();
    expect(p1.items.map((n: { body: string }) => n.body)).toEqual(['third', 'second']);
    expect(p1.items[0].author).toEqual({ id: agent.userId, name: 'Ana Agent' });
    const p2 = (
      await agent.get(`/api/v1/clients/${client.id}/notes?limit=2&cursor=${p1.next_cursor}`)
    ).json();
    expect(p2.items.map((n: { body: string }) => n.body)).toEqual(['first']);
    expect(p2.next_cursor).toBeNull();
  });

  it('refuses empty notes and other workspaces', async () => {
    const client = await createClient(agent, { name: 'Noah Wilson' });
    const empty = await agent.post(`/api/v1/clients/${client.id}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toHaveProperty('body');
    expect(
      (await stranger.post(`/api/v1/clients/${client.id}/notes`, { body: 'hi' })).statusCode,
    ).toBe(404);
    expect((await stranger.get(`/api/v1/clients/${client.id}/notes`)).statusCode).toBe(404);
    expect((await agent.get(`/api/v1/clients/${client.id}/notes`)).json().items).toEqual([]);
  });

  it('shows every change on the timeline, newest first, with before and after', async () => {
    const client = await createClient(agent, { name: 'Mateo Fernández' });
    await agent.patch(`/api/v1/clients/${client.id}`, { is_vip: true });
    await agent.post(`/api/v1/clients/${client.id}/notes`, { body: 'called back' });
    const p1 = (await agent.get(`/api/v1/clients/${client.id}/timeline?limit=2`)).json();
    expect(p1.items.map((e: { type: string }) => e.type)).toEqual([
      'client.note_added',
      'client.updated',
    ]);
    expect(p1.items[1].data).toEqual({ before: { is_vip: false }, after: { is_vip: true } });
    expect(p1.items[1].actor_user_id).toBe(agent.userId);
    const p2 = (
      await agent.get(`/api/v1/clients/${client.id}/timeline?limit=2&cursor=${p1.next_cursor}`)
    ).json();
    expect(p2.items.map((e: { type: string }) => e.type)).toEqual(['client.created']);
    expect((await stranger.get(`/api/v1/clients/${client.id}/timeline`)).statusCode).toBe(404);
    expect((await agent.get(`/api/v1/clients/${client.id}/timeline?cursor=zzz`)).statusCode).toBe(
      400,
    );
  });
});
