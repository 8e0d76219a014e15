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
let categoryId: string;

const URL = '/api/v1/knowledge/articles';

async function newCategory(caller: Caller, name: string) {
  const res = await caller.post('/api/v1/knowledge/categories', {
    translations: { en: { name } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function create(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post(URL, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor');
  categoryId = await newCategory(ws.admin, 'Orders');
});
afterAll(() => t.close());

describe('knowledge articles: writing them', () => {
  it('an admin writes one with its first version: internal draft by default, slug from the title', async () => {
    const created = await create(ws.admin, {
      category_id: categoryId,
      version: {
        language: 'en',
        title: 'Where is my parcel?',
        body_markdown: 'Check the **tracking link** in your email.',
      },
    });
    expect(created).toMatchObject({
      category_id: categoryId,
      visibility: 'internal',
      slug: 'where-is-my-parcel',
      position: 1,
      abilities: { update: true, delete: true },
      versions: [
        {
          language: 'en',
          title: 'Where is my parcel?',
          state: 'draft',
          published_at: null,
          meta_description: '',
          body_markdown: 'Check the **tracking link** in your email.',
          body_html: '<p>Check the <strong>tracking link</strong> in your email.</p>\n',
          updated_by: { id: ws.admin.userId },
        },
      ],
    });
    expect(created.versions[0].revision_id).toMatch(/^\d+$/);

    // Agents read internal drafts too, without the right to change them.
    const shown = await agent.get(`${URL}/${created.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      id: created.id,
      abilities: { update: false, delete: false },
      versions: [{ state: 'draft' }],
    });
    const second = await create(supervisor, {
      category_id: categoryId,
      visibility: 'public',
      version: { language: 'hu', title: 'Hol a csomagom?', body_markdown: 'Nézze meg.' },
    });
    expect(second).toMatchObject({ visibility: 'public', position: 2, slug: 'hol-a-csomagom' });

    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('workspace_id', '=', ws.workspaceId)
      .where('type', 'like', 'knowledge_article.%')
      .execute();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['knowledge_article.created', 'knowledge_article.version_saved']),
    );
  });

  it('moves an article to another category, changes its visibility, position and slug', async () => {
    const a = await create(ws.admin, {
      category_id: categoryId,
      version: { language: 'en', title: 'Gift cards', body_markdown: 'Yes.' },
    });
    const target = await newCategory(ws.admin, 'Payments');
    const res = await supervisor.patch(`${URL}/${a.id}`, {
      category_id: target,
      visibility: 'public',
      position: 7,
      slug: 'gift-cards-and-vouchers',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      category_id: target,
      visibility: 'public',
      position: 7,
      slug: 'gift-cards-and-vouchers',
      versions: [{ language: 'en', title: 'Gift cards' }],
    });
    const taken = await ws.admin.patch(`${URL}/${a.id}`, { slug: 'where-is-my-parcel' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toEqual({ slug: 'is taken' });
    // The default FAQ's slugs are taken too.
    const dup = await ws.admin.post(URL, {
      category_id: categoryId,
      slug: 'bulk-discounts',
      version: { language: 'en', title: 'x', body_markdown: 'y' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('deletes an article with its versions', async () => {
    const a = await create(ws.admin, {
      category_id: categoryId,
      version: { language: 'ro', title: 'De șters', body_markdown: 'Text' },
    });
    expect((await supervisor.delete(`${URL}/${a.id}`)).statusCode).toBe(204);
    expect((await ws.admin.get(`${URL}/${a.id}`)).statusCode).toBe(404);
    const left = await t.database.db
      .selectFrom('knowledge_article_versions')
      .select('language')
      .where('workspace_id', '=', ws.workspaceId)
      .where('article_id', '=', a.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses agents every write (403)', async () => {
    const a = await create(ws.admin, {
      category_id: categoryId,
      version: { language: 'en', title: 'Read only', body_markdown: 'Text' },
    });
    const write = await agent.post(URL, {
      category_id: categoryId,
      version: { language: 'en', title: 'Mine', body_markdown: 'Text' },
    });
    expect(write.statusCode).toBe(403);
    expect((await agent.patch(`${URL}/${a.id}`, { visibility: 'public' })).statusCode).toBe(403);
    expect((await agent.delete(`${URL}/${a.id}`)).statusCode).toBe(403);
    expect((await agent.get(`${URL}/${a.id}`)).json().visibility).toBe('internal');
  });

  it("answers 404 for another workspace's article or category", async () => {
    const theirCategory = await newCategory(other.admin, 'Theirs');
    const theirs = await create(other.admin, {
      category_id: theirCategory,
      version: { language: 'en', title: 'Their secret', body_markdown: 'Hidden' },
    });
    expect((await ws.admin.get(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    expect((await ws.admin.patch(`${URL}/${theirs.id}`, { position: 1 })).statusCode).toBe(404);
    expect((await ws.admin.delete(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    // Their category can be neither the home of a new article nor a move target.
    const into = await ws.admin.post(URL, {
      category_id: theirCategory,
      version: { language: 'en', title: 'Sneaky', body_markdown: 'x' },
    });
    expect(into.statusCode).toBe(404);
    const mine = await create(ws.admin, {
      category_id: categoryId,
      version: { language: 'en', title: 'Mine to move', body_markdown: 'x' },
    });
    const moved = await ws.admin.patch(`${URL}/${mine.id}`, { category_id: theirCategory });
    expect(moved.statusCode).toBe(404);
    const search = (await ws.admin.get(`${URL}?q=secret`)).json();
    expect(search.items).toEqual([]);
    expect((await other.admin.get(`${URL}/${theirs.id}`)).statusCode).toBe(200);
  });

  it('answers bad input with 400 naming the field', async () => {
    const version = { language: 'en', title: 'T', body_markdown: 'B' };
    const cases: [Record<string, unknown>, string][] = [
      [{ version }, 'category_id'],
      [{ category_id: 'abc', version }, 'category_id'],
      [{ category_id: categoryId, visibility: 'secret', version }, 'visibility'],
      [{ category_id: categoryId, version: { ...version, title: ' ' } }, 'version.title'],
      [{ category_id: categoryId, version: { ...version, language: 'de' } }, 'version.language'],
      [
        { category_id: categoryId, version: { ...version, body_markdown: '' } },
        'version.body_markdown',
      ],
      [{ category_id: categoryId, version: { ...version, state: 'live' } }, 'version.state'],
      [
        { category_id: categoryId, version: { ...version, body_markdown: 'x'.repeat(100_001) } },
        'version.body_markdown',
      ],
      [{ category_id: categoryId, slug: 'Bad Slug', version }, 'slug'],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(URL, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(Object.keys(res.json().error.fields), field).toContain(field);
    }
    for (const [query, field] of [
      ['language=de', 'language'],
      ['state=live', 'state'],
      ['sort=title', 'sort'],
      ['category_id=x', 'category_id'],
      ['cursor=nonsense', 'cursor'],
    ]) {
      const res = await ws.admin.get(`${URL}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(Object.keys(res.json().error.fields), query).toContain(field);
    }
  });
});

describe('knowledge articles: finding them', () => {
  let w: TestWorkspace;
  let catA: string;
  let catB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await newWorkspace(t);
    catA = await newCategory(w.admin, 'A');
    catB = await newCategory(w.admin, 'B');
    const mk = async (
      key: string,
      category: string,
      visibility: string,
      version: Record<string, unknown>,
    ) => {
      ids[key] = (await create(w.admin, { category_id: category, visibility, version })).id;
    };
    await mk('hu', catA, 'public', {
      language: 'hu',
      title: 'Szállítási határidők',
      body_markdown: 'A csomagokat két munkanapon belül kézbesítjük a házakba.',
      state: 'published',
    });
    await mk('ru', catA, 'internal', {
      language: 'ru',
      title: 'Возврат денег',
      body_markdown: 'Деньги возвращаются на карту покупателя за пять дней.',
    });
    await mk('es', catB, 'public', {
      language: 'es',
      title: 'Devoluciones',
      body_markdown: 'Puede devolver los artículos en treinta días.',
      state: 'published',
    });
    await mk('en', catB, 'internal', {
      language: 'en',
      title: 'Delivery notes for agents',
      body_markdown: 'Couriers call before delivering.',
    });
    // The Spanish article also gets an English draft.
    const put = await w.admin.put(`${URL}/${ids.es}/versions/en`, {
      title: 'Returns',
      body_markdown: 'You can return items within thirty days.',
      state: 'draft',
    });
    expect(put.statusCode, put.body).toBe(201);
  });

  const slugsOf = async (caller: Caller, query: string) =>
    (await caller.get(`${URL}?limit=100&${query}`))
      .json()
      .items.filter((i: { category_id: string }) => [catA, catB].includes(i.category_id))
      .map((i: { id: string }) => Object.keys(ids).find((k) => ids[k] === i.id));

  it('filters by category, visibility, language and state', async () => {
    expect(await slugsOf(w.admin, `category_id=${catA}`)).toEqual(['hu', 'ru']);
    expect(await slugsOf(w.admin, 'visibility=internal')).toEqual(['ru', 'en']);
    expect(await slugsOf(w.admin, 'language=en')).toEqual(['es', 'en']);
    expect(await slugsOf(w.admin, 'state=published')).toEqual(['hu', 'es']);
    // The English version of the Spanish article is a draft.
    expect(await slugsOf(w.admin, 'state=published&language=en')).toEqual([]);
    expect(await slugsOf(w.admin, 'state=draft&language=en')).toEqual(['es', 'en']);
    const list = (await w.admin.get(`${URL}?category_id=${catB}`)).json();
    expect(list.items[0].versions).toEqual([
      expect.objectContaining({ language: 'en', title: 'Returns', state: 'draft' }),
      expect.objectContaining({ language: 'es', title: 'Devoluciones', state: 'published' }),
    ]);
    expect(list.items[0]).not.toHaveProperty('versions.0.body_markdown');
  });

  it('finds words in their other forms, in each language, and part of a title', async () => {
    // Hungarian: "csomag" (parcel) finds "csomagokat"; "házak" finds "házakba".
    expect(await slugsOf(w.admin, `q=${encodeURIComponent('csomag')}`)).toEqual(['hu']);
    expect(await slugsOf(w.admin, `q=${encodeURIComponent('házak')}`)).toEqual(['hu']);
    // Russian: "деньгами" finds "Деньги"; "возврата" finds "Возврат".
    expect(await slugsOf(w.admin, `q=${encodeURIComponent('деньгами')}`)).toEqual(['ru']);
    expect(await slugsOf(w.admin, `q=${encodeURIComponent('возврата')}`)).toEqual(['ru']);
    // Spanish: "devolución" finds "devolver" / "Devoluciones".
    expect(await slugsOf(w.admin, `q=${encodeURIComponent('devoluciones')}`)).toEqual(['es']);
    // English: "courier" finds "Couriers"; and the English draft of the Spanish article.
    expect(await slugsOf(w.admin, 'q=courier')).toEqual(['en']);
    expect(await slugsOf(w.admin, 'q=returning')).toEqual(['es']);
    // Part of a title, as an agent types it.
    expect(await slugsOf(w.admin, 'q=Deliv')).toEqual(['en']);
    // Words and language together: the Hungarian word is not in the Russian versions.
    expect(await slugsOf(w.admin, 'q=csomag&language=ru')).toEqual([]);
    // Agents search internal drafts too.
    expect(await slugsOf(agent, 'q=courier')).toEqual([]);
    const wAgent = await w.addUser('agent');
    expect(await slugsOf(wAgent, 'q=courier')).toEqual(['en']);
  });

  it('pages by position and by last change, newest first', async () => {
    const page = async (query: string) => (await w.admin.get(`${URL}?${query}`)).json();
    const first = await page(`category_id=${catA}&limit=1`);
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([ids.hu]);
    const second = await page(`category_id=${catA}&limit=1&cursor=${first.next_cursor}`);
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([ids.ru]);
    expect(second.next_cursor).toBeNull();

    // The Spanish article changed last (its English version was saved after).
    const recent = await page(`sort=updated&limit=2&category_id=${catB}`);
    expect(recent.items.map((i: { id: string }) => i.id)).toEqual([ids.es, ids.en]);
    const byUpdate = await page('sort=updated&limit=3');
    const next = await page(`sort=updated&limit=3&cursor=${byUpdate.next_cursor}`);
    const all = [...byUpdate.items, ...next.items];
    const times = all.map((i: { updated_at: string }) => i.updated_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(all.map((i: { id: string }) => i.id)).size).toBe(all.length);
  });
});
