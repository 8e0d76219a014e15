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

const ARTICLES = '/api/v1/knowledge/articles';

async function newArticle(caller: Caller, category: string, title = 'Delivery times') {
  const res = await caller.post(ARTICLES, {
    category_id: category,
    visibility: 'public',
    version: { language: 'en', title, body_markdown: 'First text.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor', 'Bence Kovács');
  const c = await ws.admin.post('/api/v1/knowledge/categories', {
    translations: { en: { name: 'Orders' } },
  });
  categoryId = c.json().id;
});
afterAll(() => t.close());

describe('language versions', () => {
  it('saves a new language as a draft (201), publishes it, edits it live, and unpublishes it', async () => {
    const a = await newArticle(ws.admin, categoryId);
    const url = `${ARTICLES}/${a.id}/versions/ro`;
    const draft = await supervisor.put(url, {
      title: 'Termene de livrare',
      body_markdown: 'Livrăm în **2 zile**.',
      meta_description: 'Cât durează livrarea.',
      state: 'draft',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({
      article_id: a.id,
      language: 'ro',
      state: 'draft',
      published_at: null,
      body_html: '<p>Livrăm în <strong>2 zile</strong>.</p>\n',
      meta_description: 'Cât durează livrarea.',
      updated_by: { id: supervisor.userId, name: 'Bence Kovács' },
    });

    const published = await supervisor.put(url, {
      title: 'Termene de livrare',
      body_markdown: 'Livrăm în **2 zile**.',
      state: 'published',
    });
    expect(published.statusCode).toBe(200);
    const firstPublishedAt = published.json().published_at;
    expect(firstPublishedAt).toEqual(expect.any(String));
    expect(published.json().meta_description).toBe('');

    // Editing while published keeps the first publication time.
    const edited = await ws.admin.put(url, {
      title: 'Termene de livrare',
      body_markdown: 'Livrăm în **1–2 zile**.',
      state: 'published',
    });
    expect(edited.json()).toMatchObject({
      state: 'published',
      published_at: firstPublishedAt,
      updated_by: { id: ws.admin.userId },
    });

    const unpublished = await ws.admin.put(url, {
      title: 'Termene de livrare',
      body_markdown: 'Livrăm în **1–2 zile**.',
      state: 'draft',
    });
    expect(unpublished.json()).toMatchObject({ state: 'draft', published_at: null });

    const article = (await agent.get(`${ARTICLES}/${a.id}`)).json();
    expect(article.versions.map((v: { language: string }) => v.language)).toEqual(['en', 'ro']);
    expect((await agent.get(url)).json().body_markdown).toBe('Livrăm în **1–2 zile**.');
  });

  it('keeps every save as a revision, newest first, page by page', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Revisions');
    const url = `${ARTICLES}/${a.id}/versions/en`;
    for (const n of [2, 3, 4]) {
      const res = await ws.admin.put(url, {
        title: `Revisions ${n}`,
        body_markdown: `Text ${n}.`,
        state: n === 4 ? 'published' : 'draft',
      });
      expect(res.statusCode).toBe(200);
    }
    const first = (await agent.get(`${url}/revisions?limit=3`)).json();
    expect(first.items.map((r: { title: string }) => r.title)).toEqual([
      'Revisions 4',
      'Revisions 3',
      'Revisions 2',
    ]);
    expect(first.items[0]).toMatchObject({
      state: 'published',
      author: { id: ws.admin.userId },
      restored_from_id: null,
    });
    expect(first.items[0]).not.toHaveProperty('body_markdown');
    const rest = (await agent.get(`${url}/revisions?limit=3&cursor=${first.next_cursor}`)).json();
    expect(rest).toEqual({
      items: [expect.objectContaining({ title: 'Revisions' })],
      next_cursor: null,
    });
    const one = await agent.get(`${url}/revisions/${rest.items[0].id}`);
    expect(one.json()).toMatchObject({ title: 'Revisions', body_markdown: 'First text.' });
    expect((await agent.get(`${url}/revisions?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('restores a revision as a new revision; the version keeps its state', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Restore me');
    const url = `${ARTICLES}/${a.id}/versions/en`;
    await ws.admin.put(url, {
      title: 'Restore me',
      body_markdown: 'Good text.',
      meta_description: 'Good meta.',
      state: 'draft',
    });
    const good = (await ws.admin.get(`${url}/revisions?limit=1`)).json().items[0];
    await ws.admin.put(url, {
      title: 'Broken',
      body_markdown: 'Oops, wrong text.',
      state: 'published',
    });
    const published = (await ws.admin.get(url)).json();

    const restored = await supervisor.post(`${url}/revisions/${good.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({
      title: 'Restore me',
      body_markdown: 'Good text.',
      body_html: '<p>Good text.</p>\n',
      meta_description: 'Good meta.',
      state: 'published',
      published_at: published.published_at,
    });
    expect(restored.json().revision_id).not.toBe(published.revision_id);
    const history = (await ws.admin.get(`${url}/revisions`)).json().items;
    expect(history.map((r: { title: string }) => r.title)).toEqual([
      'Restore me',
      'Broken',
      'Restore me',
      'Restore me',
    ]);
    expect(history[0]).toMatchObject({
      restored_from_id: good.id,
      author: { id: supervisor.userId },
      state: 'published',
    });
    // The revision restored is still there, unchanged.
    expect(history[2].id).toBe(good.id);
    expect((await ws.admin.post(`${url}/revisions/999999/restore`)).statusCode).toBe(404);
    expect((await agent.post(`${url}/revisions/${good.id}/restore`)).statusCode).toBe(403);
  });

  it('refuses a save over someone else’s newer save when base_revision_id is given (409)', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Two editors');
    const url = `${ARTICLES}/${a.id}/versions/en`;
    const opened = (await ws.admin.get(url)).json();
    const mine = await supervisor.put(url, {
      title: 'Supervisor wins',
      body_markdown: 'A',
      state: 'draft',
      base_revision_id: opened.revision_id,
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const late = await ws.admin.put(url, {
      title: 'Admin was slower',
      body_markdown: 'B',
      state: 'draft',
      base_revision_id: opened.revision_id,
    });
    expect(late.statusCode).toBe(409);
    expect(Object.keys(late.json().error.fields)).toEqual(['base_revision_id']);
    expect((await ws.admin.get(url)).json().title).toBe('Supervisor wins');
  });

  it('never stores a script or a javascript: link from the Markdown', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Hostile');
    const url = `${ARTICLES}/${a.id}/versions/en`;
    const res = await ws.admin.put(url, {
      title: 'Hostile <script>',
      body_markdown: [
        '<script>alert(1)</script>',
        '[click me](javascript:alert(document.cookie))',
        '<img src=x onerror="alert(1)">',
        '[ok](https://example.com/help)',
      ].join('\n\n'),
      state: 'published',
    });
    expect(res.statusCode, res.body).toBe(200);
    const html: string = res.json().body_html;
    expect(html).not.toMatch(/<script|<img|<[a-z][^>]*\son\w+=/i);
    expect(html).not.toMatch(/href\s*=\s*"?\s*javascript:/i);
    expect(html).toContain('<a href="https://example.com/help" rel="noopener noreferrer">ok</a>');
    const stored = await t.database.db
      .selectFrom('knowledge_article_versions')
      .select('body_html')
      .where('workspace_id', '=', ws.workspaceId)
      .where('article_id', '=', a.id)
      .where('language', '=', 'en')
      .executeTakeFirstOrThrow();
    expect(stored.body_html).toBe(html);
  });

  it('deletes a language version, but not the last one (409)', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Two languages');
    const base = `${ARTICLES}/${a.id}/versions`;
    await ws.admin.put(`${base}/kk`, { title: 'Екі тіл', body_markdown: 'Мәтін', state: 'draft' });
    expect((await agent.delete(`${base}/kk`)).statusCode).toBe(403);
    expect((await supervisor.delete(`${base}/kk`)).statusCode).toBe(204);
    expect((await ws.admin.get(`${base}/kk`)).statusCode).toBe(404);
    expect((await ws.admin.get(`${base}/kk/revisions`)).statusCode).toBe(404);
    const last = await ws.admin.delete(`${base}/en`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.fields).toEqual({ language: 'is the only version' });
  });

  it('refuses agents to save (403)', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Agent tries');
    const res = await agent.put(`${ARTICLES}/${a.id}/versions/en`, {
      title: 'Changed',
      body_markdown: 'x',
      state: 'published',
    });
    expect(res.statusCode).toBe(403);
    expect((await agent.get(`${ARTICLES}/${a.id}/versions/en`)).json().title).toBe('Agent tries');
  });

  it("answers 404 for another workspace's article on every version route", async () => {
    const c = await other.admin.post('/api/v1/knowledge/categories', {
      translations: { en: { name: 'Theirs' } },
    });
    const theirs = await newArticle(other.admin, c.json().id, 'Theirs');
    const url = `${ARTICLES}/${theirs.id}/versions/en`;
    const revision = (await other.admin.get(`${url}/revisions`)).json().items[0].id;
    const body = { title: 'Mine now', body_markdown: 'x', state: 'published' };
    expect((await ws.admin.get(url)).statusCode).toBe(404);
    expect((await ws.admin.put(url, body)).statusCode).toBe(404);
    expect((await ws.admin.put(`${ARTICLES}/${theirs.id}/versions/hu`, body)).statusCode).toBe(404);
    expect((await ws.admin.delete(url)).statusCode).toBe(404);
    expect((await ws.admin.get(`${url}/revisions`)).statusCode).toBe(404);
    expect((await ws.admin.get(`${url}/revisions/${revision}`)).statusCode).toBe(404);
    expect((await ws.admin.post(`${url}/revisions/${revision}/restore`)).statusCode).toBe(404);
    // A revision id of theirs under my article is not found either.
    const mine = await newArticle(ws.admin, categoryId, 'Mine');
    const cross = await ws.admin.post(
      `${ARTICLES}/${mine.id}/versions/en/revisions/${revision}/restore`,
    );
    expect(cross.statusCode).toBe(404);
    expect((await other.admin.get(url)).json().title).toBe('Theirs');
  });

  it('answers bad input with 400 naming the field', async () => {
    const a = await newArticle(ws.admin, categoryId, 'Bad input');
    const url = `${ARTICLES}/${a.id}/versions/en`;
    const ok = { title: 'T', body_markdown: 'B', state: 'draft' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, title: '' }, 'title'],
      [{ ...ok, title: 'x'.repeat(201) }, 'title'],
      [{ ...ok, state: undefined }, 'state'],
      [{ ...ok, state: 'archived' }, 'state'],
      [{ ...ok, meta_description: 'x'.repeat(301) }, 'meta_description'],
      [{ ...ok, base_revision_id: 'latest' }, 'base_revision_id'],
      [{ ...ok, language: 'hu' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.put(url, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
      if (field) expect(Object.keys(res.json().error.fields)).toContain(field);
    }
    // A language outside the six is no such version.
    expect((await ws.admin.put(`${ARTICLES}/${a.id}/versions/de`, ok)).statusCode).toBe(404);
  });
});
