import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
const ids = new Map<string, string>();

// A mixed client base: the names people here really have, plus near misses.
const CLIENTS: { name: string; emails?: string[]; phones?: string[]; kind?: string }[] = [
  { name: 'Georgina Pérez López', emails: ['georgina.perez@example.es'] },
  { name: 'Regina Gómez' },
  { name: 'Gina Ortega' },
  { name: 'José García Fernández', phones: ['+34 91 555 0101'] },
  { name: 'Lucía Martínez' },
  { name: 'Nagy Eszter', emails: ['nagy.eszter@example.hu'], phones: ['+36 1 234 5678'] },
  { name: 'Kovács Árpád', emails: ['arpad@kovacs.hu'] },
  { name: 'Szabó Zsófia' },
  { name: 'Ioana Popescu' },
  { name: 'Нұрсұлтанов Ерлан', emails: ['erlan@example.kz'], phones: ['+7 701 555 1234'] },
  { name: 'Айгүл Сейітова' },
  { name: 'Иванова Мария' },
  { name: 'Иван Петров' },
  { name: 'Kertész és Társa Kft.', kind: 'company' },
  // Named in the search by an address alone: its local part or its domain.
  { name: 'Sergio Ramos', emails: ['compras@fabrikam.es'] },
];

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  for (const c of CLIENTS) {
    const res = await ws.admin.post('/api/v1/clients', c);
    expect(res.statusCode, res.body).toBe(201);
    ids.set(c.name, res.json().id);
  }
  // Another workspace has a perfect match for everything: it must never show.
  for (const c of CLIENTS.slice(0, 6)) await other.admin.post('/api/v1/clients', { name: c.name });
});
afterAll(() => t.close());

async function search(q: string, extra = '') {
  const res = await ws.admin.get(`/api/v1/clients?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; name: string }[]; next_cursor: string | null };
}

describe('client search', () => {
  it.each([
    // Spanish: a transposition, missing accents, a misspelt surname
    ['Gerogina', 'Georgina Pérez López'],
    ['gerogina perez', 'Georgina Pérez López'],
    ['Jose Garsia', 'José García Fernández'],
    ['Lucia Martines', 'Lucía Martínez'],
    // Hungarian: without accents, swapped letters
    ['Kovacs Arpad', 'Kovács Árpád'],
    ['Nagy Ezster', 'Nagy Eszter'],
    ['Szabo Zsofia', 'Szabó Zsófia'],
    // Romanian
    ['Popesku', 'Ioana Popescu'],
    // Kazakh typed on a Russian keyboard, Russian with a letter missing
    ['Нурсултанов', 'Нұрсұлтанов Ерлан'],
    ['Айгуль Сейтова', 'Айгүл Сейітова'],
    ['Иванва', 'Иванова Мария'],
    ['ерлан нурсултанов', 'Нұрсұлтанов Ерлан'],
    // emails and phones, exact, partial and mistyped
    ['nagy.eszter@exmaple.hu', 'Nagy Eszter'],
    ['nagy.eszter', 'Nagy Eszter'],
    ['GEORGINA.PEREZ@example.es', 'Georgina Pérez López'],
    ['+36 1 234 5679', 'Nagy Eszter'],
    ['234 5678', 'Nagy Eszter'],
    ['0036 1 234 5678', 'Nagy Eszter'],
    ['8 701 555 1234', 'Нұрсұлтанов Ерлан'],
    ['Kertesz', 'Kertész és Társa Kft.'],
    // a word of an address, not of the name: its local part (also mistyped), its domain
    ['compras', 'Sergio Ramos'],
    ['compars', 'Sergio Ramos'],
    ['fabrikam', 'Sergio Ramos'],
    ['fabrik', 'Sergio Ramos'],
  ])('%s finds %s first', async (q, name) => {
    const result = await search(q);
    expect(result.items[0]?.name, JSON.stringify(result.items.map((c) => c.name))).toBe(name);
    expect(result.next_cursor).toBeNull();
  });

  it('does not find what is not there', async () => {
    expect((await search('Wilson')).items).toEqual([]);
    expect((await search('zzzzzzzz@nowhere.test')).items).toEqual([]);
  });

  it('applies the list filters to the matches', async () => {
    expect((await search('Kertesz', '&kind=person')).items).toEqual([]);
    expect((await search('Kertesz', '&kind=company')).items).toHaveLength(1);
  });

  it('stays in the workspace and leaves out deleted clients', async () => {
    const theirs = (await other.admin.get('/api/v1/clients?q=Georgina')).json();
    expect(theirs.items.map((c: { id: string }) => c.id)).not.toContain(
      ids.get('Georgina Pérez López'),
    );
    const mine = await search('Georgina');
    expect(mine.items.every((c) => [...ids.values()].includes(c.id))).toBe(true);
    const gone = await ws.admin.post('/api/v1/clients', { name: 'Zsófia Törölt' });
    await ws.admin.delete(`/api/v1/clients/${gone.json().id}`);
    expect((await search('Zsofia Torolt')).items.map((c) => c.id)).not.toContain(gone.json().id);
  });

  it("corrects a typo to the words of the workspace's own names, also a renamed client's", async () => {
    const created = await ws.admin.post('/api/v1/clients', { name: 'Zebulon Quixote' });
    const id = created.json().id as string;
    expect((await search('Zebluon Quixote')).items[0]?.id).toBe(id);
    const renamed = await ws.admin.patch(`/api/v1/clients/${id}`, { name: 'Zebulon Quartermaine' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await search('Zebulon Quartermiane')).items[0]?.id).toBe(id);
    // The other workspace has no such names: its search neither finds him nor corrects to them.
    const theirs = await other.admin.get(`/api/v1/clients?q=${encodeURIComponent('Zebluon')}`);
    expect(theirs.json().items).toEqual([]);
    // Only this test's two workspaces: a database kept from an earlier run holds others.
    const words = await t.database.query<{ workspace_id: string }>(
      `select distinct workspace_id::text from client_name_words
        where word = 'quartermaine' and workspace_id in ($1, $2)`,
      [ws.workspaceId, other.workspaceId],
    );
    expect(words.rows.map((r) => r.workspace_id)).toEqual([ws.workspaceId]);
  });

  it('finds a client by an address typed with one letter swapped, wrong or left out, in its own workspace only', async () => {
    const mine = await ws.admin.post('/api/v1/clients', {
      name: 'Bartholomew Quince',
      emails: ['b.quince@orchard-farm.example'],
    });
    expect(mine.statusCode, mine.body).toBe(201);
    // The other workspace has the same address, and each typo below as an address of its own.
    const typos = [
      'b.qiunce@orchard-farm.example', // swapped
      'b.quinve@orchard-farm.example', // wrong
      'b.quice@orchard-farm.example', // left out
      'b.quince@orchard-frm.example', // left out, in the domain
      'bq.uince@orchard-farm.example', // swapped across the dot
    ];
    for (const [n, email] of ['b.quince@orchard-farm.example', ...typos].entries()) {
      const theirs = await other.admin.post('/api/v1/clients', {
        name: `Quince ${n}`,
        emails: [email],
      });
      expect(theirs.statusCode, theirs.body).toBe(201);
    }
    for (const typo of typos) {
      const found = await search(typo);
      expect(
        found.items.map((c) => c.id),
        typo,
      ).toEqual([mine.json().id]);
    }
    // Two typos away (one in each part) is still found, by the trigram pass over local parts.
    expect((await search('b.quincee@orchard-farm.exmaple')).items[0]?.id).toBe(mine.json().id);
  });

  it('respects the limit', async () => {
    expect((await search('a', '&limit=2')).items.length).toBeLessThanOrEqual(2);
  });

  it('uses the trigram indexes', async () => {
    // A workspace big enough that reading it whole costs more than the indexes.
    const big = await newWorkspace(t);
    await t.database.query(
      `insert into clients (workspace_id, name, custom_fields)
       select $1, (array['Ana','Eszter','Ioana','Дина','Javier'])[1 + i % 5] || ' ' ||
                  (array['García','Nagy','Popescu','Иванова','Tóth'])[1 + (i / 5) % 5] || ' ' || i, '{}'
       from generate_series(1, 5000) i`,
      [big.workspaceId],
    );
    await t.database.query(
      `insert into client_identities (workspace_id, client_id, kind, value)
       select workspace_id, id, 'email', 'client' || id || '@example.com' from clients where workspace_id = $1`,
      [big.workspaceId],
    );
    // New rows wait in the GIN pending lists, which the planner prices as a slow read.
    await t.database.exec(
      `select gin_clean_pending_list('clients_search_name_trgm_idx');
       select gin_clean_pending_list('client_identities_value_trgm_idx');
       select gin_clean_pending_list('clients_search_words_idx');
       select gin_clean_pending_list('client_identities_email_local_trgm_idx');
       analyze clients; analyze client_identities`,
    );
    // At this size reading the workspace is still cheaper; forbid a sequential scan and
    // leave the workspace out to see that the trigram indexes serve the search predicates
    // (at 100k clients PostgreSQL picks them by itself).
    const plan = (query: RawBuilder<unknown>) =>
      t.database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = await sql<Record<string, string>>`explain ${query}`.execute(trx);
        return rows.rows.map((r) => Object.values(r)[0]).join('\n');
      });
    const byName = await plan(
      sql`select id from clients where deleted_at is null and search_fold(${'gerogina'}) <% search_name`,
    );
    expect(byName, byName).toContain('clients_search_name_trgm_idx');
    const byValue = await plan(
      sql`select client_id from client_identities where ${'clinet4321@exmaple.com'} <% value`,
    );
    expect(byValue).toContain('client_identities_value_trgm_idx');
    // Names spelt right are found by their words, mistyped emails by their local part.
    const byWords = await plan(
      sql`select id from clients where deleted_at is null
          and to_tsvector('simple', search_name) @@ to_tsquery('simple', search_fold(${'javier:* & garcía:*'}))`,
    );
    expect(byWords, byWords).toContain('clients_search_words_idx');
    const byLocalPart = await plan(
      sql`select client_id from client_identities
          where kind = 'email' and ${'clinet4321'} <% split_part(value, '@', 1)`,
    );
    expect(byLocalPart, byLocalPart).toContain('client_identities_email_local_trgm_idx');
    const sample = await t.database.query<{ value: string }>(
      `select value from client_identities where workspace_id = $1 order by id limit 1 offset 4321`,
      [big.workspaceId],
    );
    const email = sample.rows[0]!.value;
    const found = await big.admin.get(
      `/api/v1/clients?q=${encodeURIComponent(email.replace('client', 'clinet'))}`,
    );
    expect(found.json().items[0].emails).toEqual([email]);
    // Among 5,000 addresses that differ only in their digits, each kind of typo finds it.
    for (const typo of [
      email.replace('client', 'clent'),
      email.replace('client', 'clienr'),
      email.replace('client', 'cliennt'),
    ]) {
      const res = await big.admin.get(`/api/v1/clients?q=${encodeURIComponent(typo)}`);
      expect(res.json().items[0]?.emails, typo).toEqual([email]);
    }
  });
});

describe('client search among many clients sharing a word', () => {
  let crowd: TestWorkspace;
  let neighbour: TestWorkspace;
  const insert = (w: TestWorkspace, names: string, kind = 'person') =>
    t.database.query<{ id: string }>(
      `insert into clients (workspace_id, name, kind, custom_fields)
       select $1, ${names}, $2, '{}' from generate_series(1, $3::int) i order by i returning id::text`,
      [w.workspaceId, kind, names.includes('Holdings') ? 6 : names.includes('Anastasia') ? 5 : 40],
    );
  const idsOf = async (w: TestWorkspace, q: string, extra = '') => {
    const res = await w.admin.get(`/api/v1/clients?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string; name: string; kind: string }[]).map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
    }));
  };
  const newestFirst = (ids: string[]) => [...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
  let mateos: string[];

  beforeAll(async () => {
    crowd = await newWorkspace(t);
    neighbour = await newWorkspace(t);
    // Oldest first: a rare name, then more clients than search looks through newest first.
    const quentin = await crowd.admin.post('/api/v1/clients', { name: 'Quentin Marsh' });
    expect(quentin.statusCode, quentin.body).toBe(201);
    await t.database.query(
      `insert into clients (workspace_id, name, custom_fields)
       select $1, 'Filler Person ' || i, '{}' from generate_series(1, 2100) i`,
      [crowd.workspaceId],
    );
    mateos = (await insert(crowd, `'Mateo Brown ' || i`)).rows.map((r) => r.id);
    await insert(crowd, `'Ana Petrova ' || i`);
    await insert(crowd, `'Anastasia Brown ' || i`);
    await insert(crowd, `'Mateo Holdings ' || i`, 'company');
    // The neighbour's Mateos are the newest of all.
    await insert(neighbour, `'Mateo Brown ' || i`);
  });

  it('lists the newest clients holding a word many share, spelt right or misspelt', async () => {
    const people = newestFirst(mateos).slice(0, 5);
    for (const q of ['Mateo Brown', 'Mateox', 'Mateo Bronw']) {
      const found = await idsOf(crowd, q, '&limit=5&kind=person');
      expect(
        found.map((c) => c.id),
        q,
      ).toEqual(people);
    }
    // Companies are newer still; without the filter they come first.
    const all = await idsOf(crowd, 'Mateo', '&limit=3');
    expect(all.map((c) => c.name)).toEqual([
      'Mateo Holdings 6',
      'Mateo Holdings 5',
      'Mateo Holdings 4',
    ]);
    expect((await idsOf(crowd, 'Mateo', '&limit=8&kind=company')).map((c) => c.kind)).toEqual(
      Array(6).fill('company'),
    );
  });

  it('puts names holding the word typed before newer names it only begins', async () => {
    const found = await idsOf(crowd, 'Ana', '&limit=5');
    expect(found.map((c) => c.name)).toEqual([
      'Ana Petrova 40',
      'Ana Petrova 39',
      'Ana Petrova 38',
      'Ana Petrova 37',
      'Ana Petrova 36',
    ]);
  });

  it("never lists another workspace's clients, however new", async () => {
    const mine = await idsOf(crowd, 'Mateox', '&limit=40&kind=person');
    expect(mine.map((c) => c.id)).toEqual(newestFirst(mateos));
    const theirs = await idsOf(neighbour, 'Mateox', '&limit=5');
    expect(theirs).toHaveLength(5);
    expect(theirs.some((c) => mateos.includes(c.id))).toBe(false);
  });

  it('leaves out a deleted client and still finds a name older than the newest clients', async () => {
    const newest = newestFirst(mateos)[0]!;
    expect((await crowd.admin.delete(`/api/v1/clients/${newest}`)).statusCode).toBe(204);
    const found = await idsOf(crowd, 'Mateox', '&limit=5&kind=person');
    expect(found.map((c) => c.id)).toEqual(newestFirst(mateos).slice(1, 6));
    expect((await idsOf(crowd, 'Quentin')).map((c) => c.name)).toEqual(['Quentin Marsh']);
    expect((await idsOf(crowd, 'Qeuntin Marsh'))[0]?.name).toBe('Quentin Marsh');
  });
});
