// The public FAQ's pages through HTTP on a real database: what each page says
// to readers and search engines, what it never shows (internal articles,
// drafts, another workspace's articles, unescaped text), the sitemap and
// robots.txt, and conditional requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { DEFAULT_PAGE_CACHE } from './faq-cache.ts';
import { listFaqSitemapPage, listFaqSitemapPageStarts } from './faq.service.ts';
import { headOf, newArticle, newCategory, slugOf, squash } from './faq.testkit.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let empty: TestWorkspace;
let slug: string;
let otherSlug: string;
let emptySlug: string;
let base: string;
const ids = { courier: '', nasty: '', internal: '', draft: '', foreign: '' };
const ORIGIN = 'http://localhost';
const NASTY = '<script>alert("t")</script> & returns';

/** GETs a URL; an HTML page's whitespace is squashed, so tests read it as a browser shows it. */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  const isHtml = String(res.headers['content-type']).startsWith('text/html');
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: isHtml ? squash(res.body) : res.body,
  };
}

beforeAll(async () => {
  // The app's clock stands still unless a test moves it (the page cache's seconds).
  t = await startTestApp({ now: new Date() });
  ws = await newWorkspace(t, { name: 'Casa Verde' });
  other = await newWorkspace(t);
  empty = await newWorkspace(t);
  slug = await slugOf(t, ws.workspaceId);
  otherSlug = await slugOf(t, other.workspaceId);
  emptySlug = await slugOf(t, empty.workspaceId);
  base = `/help/${slug}`;
  const shipping = await newCategory(ws, {
    en: { name: 'Shipping', description: 'Where your parcel is and when it arrives.' },
    ru: { name: 'Доставка' },
  });
  const secrets = await newCategory(ws, { en: { name: 'Agents only' } });
  ids.courier = await newArticle(
    ws,
    { category_id: shipping.id, visibility: 'public', slug: 'courier' },
    {
      en: {
        title: 'When does the courier come?',
        body_markdown: 'The courier calls an hour before arriving with your parcel.',
        meta_description: 'The courier calls an hour before.',
        state: 'published',
      },
      ru: {
        title: 'Когда приедет курьер?',
        body_markdown: 'Курьер звонит за час до приезда и привозит посылку.',
        state: 'published',
      },
      hu: { title: 'Mikor jön a futár?', body_markdown: 'Piszkozat.', state: 'draft' },
    },
  );
  ids.nasty = await newArticle(
    ws,
    { category_id: shipping.id, visibility: 'public', slug: 'free-returns' },
    {
      en: {
        title: NASTY,
        body_markdown: 'Returns are free <script>alert(1)</script> within 30 days.',
        state: 'published',
      },
    },
  );
  ids.internal = await newArticle(
    ws,
    { category_id: secrets.id, visibility: 'internal', slug: 'courier-contracts' },
    {
      en: {
        title: 'Courier contracts',
        body_markdown: 'Our courier discount is 12%.',
        state: 'published',
      },
    },
  );
  ids.draft = await newArticle(
    ws,
    { category_id: shipping.id, visibility: 'public', slug: 'courier-strike' },
    { en: { title: 'Courier strike', body_markdown: 'Not yet.', state: 'draft' } },
  );
  const elsewhere = await newCategory(other, { en: { name: 'Elsewhere' } });
  ids.foreign = await newArticle(
    other,
    { category_id: elsewhere.id, visibility: 'public', slug: 'foreign-courier' },
    {
      en: {
        title: 'Another shop’s courier',
        body_markdown: 'The courier of another shop.',
        state: 'published',
      },
    },
  );
});
afterAll(() => t.close());

describe('the pages', () => {
  it('the home page lists the topics and articles in the language, with its head for search engines', async () => {
    const res = await get(`${base}/en/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = res.body;
    expect(headOf(page)).toEqual({
      title: 'How can we help? · Casa Verde',
      lang: 'en',
      description: 'Answers to common questions from Casa Verde: search them or browse by topic.',
      robots: undefined,
      canonical: `${ORIGIN}${base}/en/`,
      alternates: {
        en: `${ORIGIN}${base}/en/`,
        ru: `${ORIGIN}${base}/ru/`,
        'x-default': `${ORIGIN}${base}/`,
      },
    });
    expect(page).toContain(`href="${base}/en/categories/shipping">Shipping</a>`);
    expect(page).toContain(`href="${base}/en/articles/courier">When does the courier come?</a>`);
    expect(page).not.toContain('Agents only');
    expect(page).not.toContain('courier-contracts');
    expect(page).not.toContain('courier-strike');
    // The language switch offers the languages the help centre exists in; the portal is linked.
    expect(page).toContain(`<a href="${base}/ru/" lang="ru" hreflang="ru">Русский</a>`);
    expect(page).not.toContain('hreflang="hu"');
    expect(page).toContain(`href="/portal/${slug}/?lang=en"`);
    expect(page).toContain('Follow my requests');
    // The FAQ runs no script, and its CSP allows none.
    expect(page).not.toMatch(/<script/i);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
  });

  it('speaks the language of the URL', async () => {
    const res = await get(`${base}/ru/`);
    expect(res.statusCode).toBe(200);
    expect(headOf(res.body)).toMatchObject({
      title: 'Чем мы можем помочь? · Casa Verde',
      lang: 'ru',
      canonical: `${ORIGIN}${base}/ru/`,
    });
    expect(res.body).toContain('Доставка');
    expect(res.body).toContain('Когда приедет курьер?');
    expect(res.body).not.toContain('When does the courier come?');
    expect(res.body).toContain('Следить за обращениями');
  });

  it('a language without articles says so, offers the others, and is not indexed', async () => {
    const res = await get(`${base}/hu/`);
    expect(res.statusCode).toBe(200);
    expect(headOf(res.body)).toMatchObject({ robots: 'noindex, follow', canonical: undefined });
    expect(res.body).toContain('Ezen a nyelven még nincsenek cikkek.');
    expect(res.body).toContain(`href="${base}/en/"`);
  });

  it('a topic lists its articles with their descriptions, in the languages it exists in', async () => {
    const res = await get(`${base}/en/categories/shipping`);
    expect(res.statusCode).toBe(200);
    expect(headOf(res.body)).toEqual({
      title: 'Shipping · Casa Verde',
      lang: 'en',
      description: 'Where your parcel is and when it arrives.',
      robots: undefined,
      canonical: `${ORIGIN}${base}/en/categories/shipping`,
      alternates: {
        en: `${ORIGIN}${base}/en/categories/shipping`,
        ru: `${ORIGIN}${base}/ru/categories/shipping`,
        'x-default': `${ORIGIN}${base}/en/categories/shipping`,
      },
    });
    expect(res.body).toContain('The courier calls an hour before.');
    expect(res.body).toContain('2 articles');
    expect((await get(`${base}/en/categories/agents-only`)).statusCode).toBe(404);
    expect((await get(`${base}/hu/categories/shipping`)).statusCode).toBe(404);
  });

  it('an article has its title, description, canonical link and hreflang to each published language', async () => {
    const res = await get(`${base}/ru/articles/courier`);
    expect(res.statusCode).toBe(200);
    expect(headOf(res.body)).toEqual({
      title: 'Когда приедет курьер? · Casa Verde',
      lang: 'ru',
      description: 'Курьер звонит за час до приезда и привозит посылку.',
      robots: undefined,
      canonical: `${ORIGIN}${base}/ru/articles/courier`,
      alternates: {
        en: `${ORIGIN}${base}/en/articles/courier`,
        ru: `${ORIGIN}${base}/ru/articles/courier`,
        'x-default': `${ORIGIN}${base}/en/articles/courier`,
      },
    });
    expect(res.body).toContain('<p>Курьер звонит за час до приезда и привозит посылку.</p>');
    expect(res.body).toContain(`action="${base}/ru/articles/courier/vote"`);
    expect(res.body).toContain('Эта статья была полезной?');
    expect(res.body).toContain(`href="${base}/ru/categories/shipping">Доставка</a>`);
    // The switch offers English, not Hungarian (only a draft there).
    expect(res.body).toContain(`href="${base}/en/articles/courier" lang="en"`);
    expect(res.body).not.toContain(`${base}/hu/articles/courier`);
  });

  it('an article not published in the language is a 404 that links to its languages', async () => {
    const res = await get(`${base}/hu/articles/courier`);
    expect(res.statusCode).toBe(404);
    expect(headOf(res.body).robots).toBe('noindex, follow');
    expect(res.body).toContain('Ez a cikk ezen a nyelven nem érhető el');
    expect(res.body).toContain(`href="${base}/ru/articles/courier" lang="ru" hreflang="ru"`);
    expect(res.body).not.toContain('Piszkozat');
  });

  it('internal articles, drafts and another workspace’s articles are 404', async () => {
    for (const url of [
      `${base}/en/articles/courier-contracts`,
      `${base}/en/articles/courier-strike`,
      `${base}/en/articles/foreign-courier`,
      `/help/${otherSlug}/en/articles/courier`,
      `${base}/en/articles/no-such-article`,
      `${base}/en/articles/Not_A_Slug`,
      `${base}/de/articles/courier`,
      `${base}/en/nothing-here`,
      '/help/no-such-workspace/en/',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('12%');
      expect(res.body, url).not.toContain('Not yet.');
      expect(res.body, url).not.toContain('another shop');
    }
    const page = (await get(`${base}/en/articles/courier-contracts`)).body;
    expect(page).toContain('Page not found');
    expect(page).toContain(`href="${base}/en/">Go to the help centre</a>`);
    // The other workspace's article is there, in its own help centre.
    expect((await get(`/help/${otherSlug}/en/articles/foreign-courier`)).statusCode).toBe(200);
  });

  it('the bare root sends the reader to their language among those written; a workspace id to its slug', async () => {
    const to = async (acceptLanguage: string) =>
      (await get(`${base}/`, { 'accept-language': acceptLanguage })).headers.location;
    expect(await to('ru-RU,ru;q=0.9,en;q=0.5')).toBe(`${base}/ru/`);
    expect(await to('hu, ru;q=0.5')).toBe(`${base}/ru/`);
    expect(await to('de-DE')).toBe(`${base}/en/`);
    const root = await get(base, { 'accept-language': 'ru' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.vary).toContain('Accept-Language');
    const byId = await get(`/help/${ws.workspaceId}/en/articles/courier`);
    expect(byId.statusCode).toBe(301);
    expect(byId.headers.location).toBe(`${base}/en/articles/courier`);
  });
});

describe('search', () => {
  it('finds an inflected form and marks the matched words', async () => {
    const res = await get(`${base}/ru/search?q=${encodeURIComponent('курьера посылки')}`);
    expect(res.statusCode).toBe(200);
    expect(headOf(res.body).robots).toBe('noindex, follow');
    expect(res.body).toContain('Найдена 1 статья.');
    expect(res.body).toContain(`href="${base}/ru/articles/courier"`);
    expect(res.body).toContain('<mark>Курьер</mark>');
    expect(res.body).toContain('<mark>посылку</mark>');
    // Never an internal article, a draft or another workspace's.
    const en = await get(`${base}/en/search?q=courier`);
    expect(en.body).toContain('1 article found.');
    expect(en.body).not.toContain('Courier contracts');
    expect(en.body).not.toContain('Courier strike');
    expect(en.body).not.toContain('another shop');
  });

  it('says when nothing matches, and asks for words when none were given', async () => {
    const none = await get(`${base}/es/search?q=helicóptero`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No se ha encontrado ningún artículo.');
    const blank = await get(`${base}/en/search?q=`);
    expect(blank.body).toContain('Type a few words about your question.');
    const long = await get(`${base}/en/search?q=${'a'.repeat(201)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Your search is too long: at most 200 characters.');
  });

  it('a <script> in an article title, its text or the query never comes out unescaped', async () => {
    const q = '<script>alert(1)</script> returns';
    const pages = [
      await get(`${base}/en/search?q=${encodeURIComponent(q)}`),
      await get(`${base}/en/search?q=returns`),
      await get(`${base}/en/articles/free-returns`),
      await get(`${base}/en/`),
      await get(`${base}/en/categories/shipping`),
    ];
    for (const res of pages) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toMatch(/<script/i);
    }
    const [withQuery, results, article] = pages;
    expect(withQuery!.body).toContain(
      'Results for “&lt;script&gt;alert(1)&lt;/script&gt; returns”',
    );
    expect(withQuery!.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt; returns"');
    expect(results!.body).toContain(
      '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; <mark>returns</mark>',
    );
    expect(article!.body).toContain(
      '<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; returns · Casa Verde</title>',
    );
  });
});

describe('for search engines', () => {
  it('the sitemap lists exactly the public, published articles in each language, with lastmod and hreflang', async () => {
    const res = await get(`${base}/sitemap.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    expect(locs).toEqual(
      [
        `${ORIGIN}${base}/en/articles/courier`,
        `${ORIGIN}${base}/ru/articles/courier`,
        `${ORIGIN}${base}/en/articles/free-returns`,
      ].sort(),
    );
    expect(res.body.match(/<lastmod>\d{4}-\d\d-\d\dT[\d:.]+Z<\/lastmod>/g)).toHaveLength(3);
    expect(res.body).toContain(
      `<xhtml:link rel="alternate" hreflang="ru" href="${ORIGIN}${base}/ru/articles/courier"/>`,
    );
    expect(res.body).toContain(
      `<xhtml:link rel="alternate" hreflang="x-default" href="${ORIGIN}${base}/en/articles/courier"/>`,
    );
    const none = await get(`/help/${emptySlug}/sitemap.xml`);
    expect(none.body).not.toContain('<url>');
  });

  it('a large help centre’s sitemap is an index of pages that together list every article', async () => {
    const first = await listFaqSitemapPage(ws.ctx, { limit: 1 });
    expect(first.items.map((i) => i.slug)).toEqual(['courier']);
    const starts = await listFaqSitemapPageStarts(ws.ctx, {
      firstNextAfterId: first.nextAfterId!,
      limit: 1,
    });
    expect(starts).toEqual([ids.courier]);
    const page = await get(`${base}/sitemap.xml?after=${starts[0]}`);
    expect(page.body).toContain(`<loc>${ORIGIN}${base}/en/articles/free-returns</loc>`);
    expect(page.body).not.toContain('/articles/courier<');
    expect((await get(`${base}/sitemap.xml?after=x`)).statusCode).toBe(400);
  });

  it('robots.txt opens the help centres, closes the rest and names each sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('Allow: /help/\n');
    expect(res.body).toContain('Disallow: /help/*/search\n');
    expect(res.body).toContain('Disallow: /\n');
    expect(res.body).toContain(`Sitemap: ${ORIGIN}${base}/sitemap.xml\n`);
    expect(res.body).toContain(`Sitemap: ${ORIGIN}/help/${otherSlug}/sitemap.xml\n`);
    expect(res.body).not.toContain(`/help/${emptySlug}/`);
  });

  it('a repeat visit with the ETag or the date costs a 304; a change is a new page once the page cache’s seconds are over', async () => {
    const url = `${base}/en/articles/courier`;
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers['last-modified']).toBeDefined();
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const byDate = await get(url, {
      'if-modified-since': first.headers['last-modified'] as string,
    });
    expect(byDate.statusCode).toBe(304);
    expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
    for (const page of [`${base}/en/`, `${base}/sitemap.xml`, '/robots.txt']) {
      const tag = (await get(page)).headers.etag as string;
      expect((await get(page, { 'if-none-match': tag })).statusCode, page).toBe(304);
    }

    const put = await ws.admin.put(`/api/v1/knowledge/articles/${ids.courier}/versions/en`, {
      title: 'When does the courier arrive?',
      body_markdown: 'The courier calls an hour before arriving with your parcel.',
      state: 'published',
    });
    expect(put.statusCode, put.body).toBeLessThan(300);
    // For a few seconds the page is the one rendered a moment ago (as a browser's copy is for a minute)…
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get(url)).body).toContain('When does the courier come?');
    // …then the new one.
    t.clock.now = new Date(t.clock.now.getTime() + DEFAULT_PAGE_CACHE.ttlMs);
    const changed = await get(url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('When does the courier arrive?');
    expect(changed.headers.etag).not.toBe(etag);
  });
});
