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
  });
});
