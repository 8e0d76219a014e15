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

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor');
});
afterAll(() => t.close());

const URL = '/api/v1/knowledge/categories';

async function create(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post(URL, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('knowledge categories', () => {
  it('an admin adds one named in several languages; the slug comes from the English name; agents read it', async () => {
    const created = await create(ws.admin, {
      translations: {
        hu: { name: ' Számlázás és fizetés ', description: 'Minden a számlákról.' },
        en: { name: 'Billing' },
      },
    });
    expect(created).toMatchObject({
      slug: 'billing',
      translations: {
        hu: { name: 'Számlázás és fizetés', description: 'Minden a számlákról.' },
        en: { name: 'Billing', description: '' },
      },
      article_count: 0,
      abilities: { update: true, delete: true },
    });
    // After the three default categories.
    expect(created.position).toBe(4);

    const shown = await agent.get(`${URL}/${created.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      id: created.id,
      abilities: { update: false, delete: false },
    });
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('workspace_id', '=', ws.workspaceId)
      .where('type', '=', 'knowledge_category.created')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('accents fold and Cyrillic transliterates into the slug; a taken slug gets a number, an explicit one is a 409', async () => {
    const hu = await create(supervisor, {
      translations: { hu: { name: 'Számlázás és fizetés' }, ro: { name: 'Facturare' } },
    });
    expect(hu.slug).toBe('szamlazas-es-fizetes');
    const a = await create(supervisor, { translations: { ru: { name: 'Оплата' } } });
    expect(a.slug).toBe('oplata');
    const b = await create(supervisor, { translations: { kk: { name: 'Оплата' } } });
    expect(b.slug).toBe('oplata-2');
    const dup = await ws.admin.post(URL, { slug: 'oplata', translations: { en: { name: 'x' } } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toEqual({ slug: 'is taken' });
    // The same slug in another workspace is free.
    await create(other.admin, { slug: 'oplata', translations: { en: { name: 'Payment' } } });
  });

  it('lists categories in their order, page by page', async () => {
    const w = await newWorkspace(t);
    await create(w.admin, { position: 0, translations: { en: { name: 'First' } } });
    const page1 = (await w.admin.get(`${URL}?limit=2`)).json();
    expect(page1.items.map((c: { slug: string }) => c.slug)).toEqual(['first', 'buying']);
    const page2 = (await w.admin.get(`${URL}?limit=2&cursor=${page1.next_cursor}`)).json();
    expect(page2.items.map((c: { slug: string }) => c.slug)).toEqual([
      'delivery-and-returns',
      'help-and-support',
    ]);
    expect(page2.next_cursor).toBeNull();
    expect(page1.items[1].article_count).toBe(3);
    expect((await w.admin.get(`${URL}?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('patches names per language (null removes one), position and slug; keeps one name at least', async () => {
    const c = await create(ws.admin, {
      translations: { en: { name: 'Shipping' }, es: { name: 'Envíos' } },
    });
    const res = await supervisor.patch(`${URL}/${c.id}`, {
      position: 40,
      slug: 'shipping-info',
      translations: { es: null, ro: { name: 'Livrare', description: 'Totul despre livrare.' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      position: 40,
      slug: 'shipping-info',
      translations: {
        en: { name: 'Shipping', description: '' },
        ro: { name: 'Livrare', description: 'Totul despre livrare.' },
      },
    });
    expect(res.json().translations).not.toHaveProperty('es');
    const none = await ws.admin.patch(`${URL}/${c.id}`, { translations: { en: null, ro: null } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields).toEqual({
      translations: 'needs a name in at least one language',
    });
  });

  it('deletes an empty category; one holding articles is a 409', async () => {
    const empty = await create(ws.admin, { translations: { en: { name: 'Temporary' } } });
    expect((await supervisor.delete(`${URL}/${empty.id}`)).statusCode).toBe(204);
    expect((await ws.admin.get(`${URL}/${empty.id}`)).statusCode).toBe(404);

    const full = await create(ws.admin, { translations: { en: { name: 'Full' } } });
    const article = await ws.admin.post('/api/v1/knowledge/articles', {
      category_id: full.id,
      version: { language: 'en', title: 'Inside', body_markdown: 'Text' },
    });
    expect(article.statusCode, article.body).toBe(201);
    const refused = await ws.admin.delete(`${URL}/${full.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.fields).toEqual({ id: 'holds 1 articles' });
  });

  it('refuses agents every write (403)', async () => {
    const c = await create(ws.admin, { translations: { en: { name: 'Agents read only' } } });
    expect((await agent.post(URL, { translations: { en: { name: 'x' } } })).statusCode).toBe(403);
    expect((await agent.patch(`${URL}/${c.id}`, { position: 1 })).statusCode).toBe(403);
    expect((await agent.delete(`${URL}/${c.id}`)).statusCode).toBe(403);
    expect((await agent.get(URL)).statusCode).toBe(200);
  });

  it("answers 404 for another workspace's category on every route", async () => {
    const theirs = await create(other.admin, { translations: { en: { name: 'Theirs' } } });
    expect((await ws.admin.get(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    expect((await ws.admin.patch(`${URL}/${theirs.id}`, { position: 1 })).statusCode).toBe(404);
    expect((await ws.admin.delete(`${URL}/${theirs.id}`)).statusCode).toBe(404);
    const list = (await ws.admin.get(`${URL}?limit=100`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(theirs.id);
    expect((await other.admin.get(`${URL}/${theirs.id}`)).json().translations.en.name).toBe(
      'Theirs',
    );
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ translations: {} }, 'translations'],
      [{ translations: { de: { name: 'Versand' } } }, 'translations'],
      [{ translations: { en: { name: '   ' } } }, 'translations.en.name'],
      [{ slug: 'Not a slug!', translations: { en: { name: 'x' } } }, 'slug'],
      [{ position: 1.5, translations: { en: { name: 'x' } } }, 'position'],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(URL, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
  });
});
