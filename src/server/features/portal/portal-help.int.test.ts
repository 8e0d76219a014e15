// FAQ suggestions in the new-request form, articles read in the portal,
// deflected requests (by the page's beacon and by the "answered" button), and
// the agents' side: the deflection report and the portal settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { newClient, signedIn, textOf, type PortalBrowser } from './portal.testkit.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let supervisor: Caller;
let agent: Caller;
let browser: PortalBrowser;
const VIEW = 'view-key-0123456789ab';

async function publish(
  w: TestWorkspace,
  slug: string,
  versions: Record<string, { title: string; body_markdown: string }>,
  visibility: 'public' | 'internal' = 'public',
) {
  const cat = await w.admin.post('/api/v1/knowledge/categories', {
    translations: { en: { name: `Help ${slug}` } },
  });
  expect(cat.statusCode, cat.body).toBe(201);
  const [head, ...rest] = Object.entries(versions);
  const [language, first] = head!;
  const res = await w.admin.post('/api/v1/knowledge/articles', {
    category_id: cat.json().id,
    visibility,
    slug,
    version: { language, ...first, state: 'published' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (const [lang, v] of rest) {
    const put = await w.admin.put(`/api/v1/knowledge/articles/${id}/versions/${lang}`, {
      ...v,
      state: 'published',
    });
    expect(put.statusCode, put.body).toBe(201);
  }
  return id;
}

let returnsId: string;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  supervisor = await ws.addUser('supervisor');
  agent = await ws.addUser('agent');
  returnsId = await publish(ws, 'returning-a-parcel', {
    en: {
      title: 'Returning a parcel',
      body_markdown:
        'You can return any parcel within **30 days**. Print the <b>label</b> & attach it.',
    },
    es: {
      title: 'Devolver un paquete',
      body_markdown: 'Puede devolver cualquier paquete en un plazo de 30 días.',
    },
  });
  await publish(
    ws,
    'secret-refund-rules',
    {
      en: { title: 'Refund rules for agents', body_markdown: 'Return parcels quietly.' },
    },
    'internal',
  );
  const client = await newClient(ws);
  browser = await signedIn(t, ws, client.id, client.email);
});
afterAll(() => t?.close());

const suggestions = (b: PortalBrowser, q: string, headers: Record<string, string> = {}) =>
  b.get(`suggestions?q=${encodeURIComponent(q)}`, { accept: 'application/json', ...headers });

const deflections = (w: TestWorkspace) =>
  t.database.db
    .selectFrom('portal_deflections')
    .select(['article_id', 'language', 'client_id', 'view_key'])
    .where('workspace_id', '=', w.workspaceId)
    .orderBy('id')
    .execute();

describe('suggestions while the client writes', () => {
  it('answers public, published articles of the language matching any word, with marked words', async () => {
    const res = await suggestions(browser, 'how do I return my parcels');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const items = res.json().items as {
      slug: string;
      url: string;
      title: { text: string; mark: boolean }[];
      snippet: { text: string; mark: boolean }[];
    }[];
    expect(items.map((i) => i.slug)).toContain('returning-a-parcel');
    expect(items.map((i) => i.slug)).not.toContain('secret-refund-rules');
    const hit = items.find((i) => i.slug === 'returning-a-parcel')!;
    expect(hit.url).toBe(`${browser.base}/articles/returning-a-parcel`);
    expect(hit.title.some((p) => p.mark)).toBe(true);
    expect(hit.snippet.map((p) => p.text).join('')).toMatch(/label\s+&\s+attach/);
  });

  it('names the field of a bad query (JSON), and needs a signed-in client', async () => {
    const missing = await browser.get('suggestions', { accept: 'application/json' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'validation_failed',
      fields: { q: expect.any(String) },
    });
    const long = await suggestions(browser, 'x'.repeat(501));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields).toHaveProperty('q');
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `${browser.base}/suggestions?q=parcel`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
  });

  it('lists them on the page after "Show matching articles" when there is no script', async () => {
    const res = await browser.post('requests', {
      action: 'search',
      subject: 'Return',
      body: 'I want to return a parcel',
      view: VIEW,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${browser.base}/articles/returning-a-parcel?view=${VIEW}"`);
    expect(res.body).toMatch(/<mark>[Rr]eturn/);
    expect(res.body).toContain('I want to return a parcel');
    // Nothing was sent: searching is not a request.
    const none = await browser.post('requests', {
      action: 'search',
      subject: 'zzzz',
      body: 'qqqq',
      view: VIEW,
    });
    expect(textOf(none.body)).toContain('No article matches these words.');
  });
});

describe('deflected requests', () => {
  it('the beacon records one per view of the form, with the article and the language', async () => {
    const view = 'beacon-view-0123456789';
    const first = await browser.post('deflections', { article: 'returning-a-parcel', view });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ recorded: true });
    const again = await browser.post('deflections', { article: 'returning-a-parcel', view });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ recorded: false });
    const spanish = await browser.post(
      'deflections',
      { article: 'returning-a-parcel', view: 'spanish-view-0123456789' },
      { cookie: `rapport_portal=${browser.cookie}; rapport_lang=es` },
    );
    expect(spanish.statusCode).toBe(201);
    const rows = (await deflections(ws)).filter((r) => r.view_key !== VIEW);
    expect(rows).toEqual(
      expect.arrayContaining([
        { article_id: returnsId, language: 'en', client_id: expect.any(String), view_key: view },
        {
          article_id: returnsId,
          language: 'es',
          client_id: expect.any(String),
          view_key: 'spanish-view-0123456789',
        },
      ]),
    );
  });

  it('the article page’s "answered" button records it too, and thanks the client', async () => {
    const view = 'answered-view-0123456789';
    const page = await browser.get(`articles/returning-a-parcel?view=${view}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>30 days</strong>');
    expect(page.body).not.toContain('<b>label</b>');
    expect(page.body).toContain(`name="view" value="${view}"`);
    const answered = await browser.post('articles/returning-a-parcel/answered', { view });
    expect(answered.statusCode).toBe(200);
    expect(textOf(answered.body)).toContain('Glad we could help');
    expect((await deflections(ws)).filter((r) => r.view_key === view)).toHaveLength(1);
    // An internal article is no page of the portal.
    expect((await browser.get('articles/secret-refund-rules')).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, a missing token (403) and another workspace’s article', async () => {
    const bad = await browser.post('deflections', { article: 'Not A Slug!', view: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      article: expect.any(String),
      view: expect.any(String),
    });
    const unknown = await browser.post('deflections', {
      article: 'secret-refund-rules',
      view: 'unknown-view-0123456789',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toHaveProperty('article');
    const forged = await browser.post('deflections', {
      _csrf: 'nope',
      article: 'returning-a-parcel',
      view: 'forged-view-0123456789',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');

    const elsewhere = await publish(other, 'only-elsewhere', {
      en: { title: 'Only elsewhere', body_markdown: 'Another workspace.' },
    });
    expect(elsewhere).toBeDefined();
    const foreign = await browser.post('deflections', {
      article: 'only-elsewhere',
      view: 'foreign-view-0123456789',
    });
    expect(foreign.statusCode).toBe(400);
    expect((await browser.get('articles/only-elsewhere')).statusCode).toBe(404);
    expect((await deflections(ws)).map((r) => r.view_key)).not.toContain('foreign-view-0123456789');
  });
});

describe('the agents’ side', () => {
  it('reports deflections per article and language in a time range (supervisors and admins)', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const res = await supervisor.get(`/api/v1/portal/deflections?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as {
      total: number;
      items: { article_id: string; slug: string; title: string; language: string; count: number }[];
    };
    const rows = await deflections(ws);
    expect(report.total).toBe(rows.length);
    expect(report.items).toContainEqual({
      article_id: returnsId,
      slug: 'returning-a-parcel',
      title: 'Devolver un paquete',
      language: 'es',
      count: rows.filter((r) => r.language === 'es').length,
    });
    expect(report.items.reduce((n, i) => n + i.count, 0)).toBe(rows.length);
    // Another workspace counts its own only; an agent may not read reports.
    const theirs = await other.admin.get(`/api/v1/portal/deflections?from=${from}&to=${to}`);
    expect(theirs.json()).toMatchObject({ total: 0, items: [] });
    expect((await agent.get(`/api/v1/portal/deflections?from=${from}&to=${to}`)).statusCode).toBe(
      403,
    );
    const backwards = await supervisor.get(`/api/v1/portal/deflections?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toHaveProperty('to');
    const noFrom = await supervisor.get(`/api/v1/portal/deflections?to=${to}`);
    expect(noFrom.statusCode).toBe(400);
    expect(noFrom.json().error.fields).toHaveProperty('from');
  });

  it('portal settings: read by supervisors, changed by admins only, audited, validated', async () => {
    const w = await newWorkspace(t);
    const sup = await w.addUser('supervisor');
    const read = await sup.get('/api/v1/portal/settings');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      share_company_requests: false,
      portal_path: expect.stringMatching(/^\/portal\/[a-z0-9-]+\/$/),
    });
    expect((await (await w.addUser('agent')).get('/api/v1/portal/settings')).statusCode).toBe(403);
    expect(
      (await sup.put('/api/v1/portal/settings', { share_company_requests: true })).statusCode,
    ).toBe(403);
    const bad = await w.admin.put('/api/v1/portal/settings', { share_company_requests: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('share_company_requests');
    const extra = await w.admin.put('/api/v1/portal/settings', {
      share_company_requests: true,
      other: 1,
    });
    expect(extra.statusCode).toBe(400);
    const on = await w.admin.put('/api/v1/portal/settings', { share_company_requests: true });
    expect(on.json()).toMatchObject({ share_company_requests: true });
    // Each workspace has its own.
    expect((await ws.admin.get('/api/v1/portal/settings')).json()).toMatchObject({
      share_company_requests: false,
    });
    const audit = await t.database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'portal.settings_changed')
      .execute();
    expect(audit).toEqual([
      {
        type: 'portal.settings_changed',
        data: {
          before: { share_company_requests: false },
          after: { share_company_requests: true },
        },
      },
    ]);
  });
});
