// The search benchmark's data set, small: its texts carry the language the
// app would store for them, their words come in several inflected forms, and
// the indexes dropped for the load are all built again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/database.ts';
import { searchLanguageOf } from '../src/server/features/search/search-language.ts';
import { openTestDatabase } from '../test/harness.ts';
import { generateDataSet, type DataSet } from './generate.ts';
import { CORPUS, LANGUAGES, isBrand, searchTexts } from './search-corpus.ts';

let database: Database;
let ds: DataSet;
let indexesBefore: string[];

const indexes = async () =>
  (
    await database.query<{ def: string }>(
      `select indexdef as def from pg_indexes
       where tablename in ('clients', 'client_identities', 'conversations', 'messages') order by indexname`,
    )
  ).rows.map((r) => r.def);

beforeAll(async () => {
  database = await openTestDatabase();
  indexesBefore = await indexes();
  ds = await generateDataSet(
    database,
    { clients: 240, conversations: 300, messages: 3000 },
    () => {},
    {
      texts: searchTexts(),
      // Never drop the indexes of the shared PostgreSQL test database.
      deferIndexes: database.kind === 'pglite',
    },
  );
}, 120_000);
afterAll(() => database.close());

describe('the search benchmark data set', () => {
  it('builds again every index it dropped for the load', async () => {
    expect(await indexes()).toEqual(indexesBefore);
    const kept = await database.query<{ t: string | null }>(
      `select to_regclass('bench_deferred_indexes')::text as t`,
    );
    expect(kept.rows[0]!.t).toBeNull();
  });

  it('stores the language detection gives each message and conversation, in all six', async () => {
    const messages = await database.query<{ body_text: string; language: string | null }>(
      `select body_text, language from messages where workspace_id = $1`,
      [ds.workspaceId],
    );
    expect(messages.rows.length).toBeGreaterThan(3000);
    const wrong = messages.rows.filter(
      (m) => (searchLanguageOf(m.body_text) ?? null) !== m.language,
    );
    expect(wrong).toEqual([]);
    expect(new Set(messages.rows.map((m) => m.language))).toEqual(new Set([...LANGUAGES, null]));

    const conversations = await database.query<{ text: string; language: string | null }>(
      `select c.subject || chr(10) || (select m.body_text from messages m
         where m.workspace_id = c.workspace_id and m.conversation_id = c.id order by m.id limit 1) as text,
         c.language
       from conversations c where c.workspace_id = $1`,
      [ds.workspaceId],
    );
    expect(
      conversations.rows.filter((c) => (searchLanguageOf(c.text) ?? null) !== c.language),
    ).toEqual([]);
  });

  it('writes words in several forms, and product names, some rare', async () => {
    const words = await database.query<{ word: string; n: string }>(
      `select lower(w) as word, count(*) as n
       from messages m, regexp_split_to_table(m.body_text, '[^[:alpha:]]+') w
       where m.workspace_id = $1 and m.language = 'hu' and lower(w) like 'rendelés%'
       group by 1`,
      [ds.workspaceId],
    );
    expect(words.rows.map((r) => r.word)).toEqual(
      expect.arrayContaining(['rendelést', 'rendeléseim', 'rendelésemet', 'rendelések']),
    );
    const bodies = await database.query<{ body_text: string }>(
      `select body_text from messages where workspace_id = $1`,
      [ds.workspaceId],
    );
    const brands = new Map<string, number>();
    for (const { body_text } of bodies.rows)
      for (const w of body_text.split(/[^\p{L}]+/u).filter(isBrand))
        brands.set(w, (brands.get(w) ?? 0) + 1);
    expect(brands.size).toBeGreaterThan(200);
    expect([...brands.values()].filter((n) => n === 1).length).toBeGreaterThan(100);
  });

  it('names clients in their language, with an email each and a phone for three in five', async () => {
    const clients = await database.query<{ name: string; language: string; kinds: string[] }>(
      `select c.name, c.language, array_agg(i.kind order by i.kind) as kinds
       from clients c join client_identities i on i.workspace_id = c.workspace_id and i.client_id = c.id
       where c.workspace_id = $1 group by c.workspace_id, c.id`,
      [ds.workspaceId],
    );
    expect(clients.rows).toHaveLength(240);
    for (const c of clients.rows) {
      const corpus = CORPUS[c.language as keyof typeof CORPUS];
      const [a, b] = c.name.split(' ');
      expect(corpus.familyNameFirst ? corpus.last : corpus.first).toContain(a);
      expect(corpus.familyNameFirst ? corpus.first : corpus.last).toContain(b);
    }
    expect(clients.rows.filter((c) => c.kinds.includes('phone')).length).toBe(144);
    expect(clients.rows.every((c) => c.kinds.includes('email'))).toBe(true);
  });
});
