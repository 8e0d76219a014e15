import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import {
  buildTsQuery,
  findPublicArticle,
  listPublicArticles,
  listPublicCategories,
  listPublicSitemapEntries,
  markedToHtml,
  searchPublicArticles,
} from './public-knowledge.service.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let shipping: string;
let secrets: string;
const ids: Record<string, string> = {};

const ARTICLES = '/api/v1/knowledge/articles';

async function category(w: TestWorkspace, translations: Record<string, { name: string }>) {
  const res = await w.admin.post('/api/v1/knowledge/categories', { translations });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function article(
  w: TestWorkspace,
  key: string,
  body: { category_id: string; visibility: string; slug: string },
  versions: Record<
    string,
    { title: string; body_markdown: string; state: string; meta_description?: string }
  >,
) {
  const [head, ...rest] = Object.entries(versions);
  const [language, first] = head!;
  const res = await w.admin.post(ARTICLES, { ...body, version: { language, ...first } });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
  for (const [lang, v] of rest) {
    const put = await w.admin.put(`${ARTICLES}/${ids[key]}/versions/${lang}`, v);
    expect(put.statusCode, put.body).toBe(201);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  shipping = await category(ws, { en: { name: 'Shipping' }, ru: { name: 'Доставка' } });
  secrets = await category(ws, { en: { name: 'Agents only' } });
  await article(
    ws,
    'courier',
    { category_id: shipping, visibility: 'public', slug: 'courier' },
    {
      en: {
        title: 'When does the courier come?',
        body_markdown:
          'The courier calls an hour before arriving. Write <b>your</b> floor & door code (1 < 2) in the order notes.',
        state: 'published',
      },
      ru: {
        title: 'Когда приедет курьер?',
        body_markdown: 'Курьер звонит за час до приезда.',
        meta_description: 'Курьер предупреждает звонком.',
        state: 'published',
      },
      hu: { title: 'Mikor jön a futár?', body_markdown: 'Piszkozat.', state: 'draft' },
    },
  );
  await article(
    ws,
    'pickup',
    { category_id: shipping, visibility: 'public', slug: 'pickup-points' },
    {
      en: {
        title: 'Pick-up points',
        body_markdown: 'Collect your parcel at any pick-up point; the courier leaves it there.',
        state: 'published',
      },
    },
  );
  await article(
    ws,
    'internal',
    { category_id: secrets, visibility: 'internal', slug: 'courier-contracts' },
    {
      en: {
        title: 'Courier contracts and rates',
        body_markdown: 'Our courier discount is 12%.',
        state: 'published',
      },
    },
  );
  await article(
    ws,
    'draft',
    { category_id: shipping, visibility: 'public', slug: 'courier-strike' },
    { en: { title: 'Courier strike', body_markdown: 'Not yet announced.', state: 'draft' } },
  );
});
afterAll(() => t.close());

describe('what the public FAQ and the portal read', () => {
  it('lists the categories with public published articles in the language, named in it', async () => {
    const en = await listPublicCategories(ws.ctx, 'en');
    expect(en).toEqual([
      expect.objectContaining({
        id: shipping,
        name: 'Shipping',
        name_language: 'en',
        article_count: 2,
      }),
    ]);
    const ru = await listPublicCategories(ws.ctx, 'ru');
    expect(ru).toEqual([
      expect.objectContaining({ id: shipping, name: 'Доставка', article_count: 1 }),
    ]);
    // No Hungarian version is published: no category to show.
    expect(await listPublicCategories(ws.ctx, 'hu')).toEqual([]);
    // The default FAQ is still in draft in a new workspace.
    expect(await listPublicCategories(other.ctx, 'en')).toEqual([]);
  });

  it('lists public published articles by position, page by page, with a meta description', async () => {
    const first = await listPublicArticles(ws.ctx, { language: 'en', limit: 1 });
    expect(first.items).toEqual([
      expect.objectContaining({
        id: ids.courier,
        slug: 'courier',
        title: 'When does the courier come?',
        // Made from the text when the editor left it empty.
        meta_description:
          'The courier calls an hour before arriving. Write <b>your</b> floor & door code (1 < 2) in the order notes.',
      }),
    ]);
    const second = await listPublicArticles(ws.ctx, {
      language: 'en',
      limit: 1,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((a) => a.slug)).toEqual(['pickup-points']);
    expect(second.nextCursor).toBeNull();
    const ru = await listPublicArticles(ws.ctx, {
      language: 'ru',
      categoryId: shipping,
      limit: 10,
    });
    expect(ru.items).toEqual([
      expect.objectContaining({
        slug: 'courier',
        meta_description: 'Курьер предупреждает звонком.',
      }),
    ]);
  });

  it('finds an article by slug with its published languages for hreflang; never an internal one or a draft', async () => {
    const courier = await findPublicArticle(ws.ctx, { slug: 'courier', language: 'ru' });
    expect(courier).toMatchObject({
      id: ids.courier,
      category: { id: shipping, name: 'Доставка' },
      version: {
        language: 'ru',
        title: 'Когда приедет курьер?',
        body_html: '<p>Курьер звонит за час до приезда.</p>\n',
      },
      languages: [
        { language: 'en', title: 'When does the courier come?' },
        { language: 'ru', title: 'Когда приедет курьер?' },
      ],
    });
    // Asked in a language it is not published in: the article, without a version.
    const hu = await findPublicArticle(ws.ctx, { slug: 'courier', language: 'hu' });
    expect(hu?.version).toBeNull();
    expect(hu?.languages.map((l) => l.language)).toEqual(['en', 'ru']);
    expect(await findPublicArticle(ws.ctx, { slug: 'courier-contracts', language: 'en' })).toBe(
      undefined,
    );
    expect(await findPublicArticle(ws.ctx, { slug: 'courier-strike', language: 'en' })).toBe(
      undefined,
    );
    expect(await findPublicArticle(other.ctx, { slug: 'courier', language: 'en' })).toBe(undefined);
  });

  it('searches public published articles with marked, escaped snippets', async () => {
    const results = await searchPublicArticles(ws.ctx, { language: 'en', q: 'couriers floor' });
    expect(results.map((r) => r.slug)).toEqual(['courier']);
    expect(results[0]!.title_html).toBe('When does the <mark>courier</mark> come?');
    expect(results[0]!.snippet_html).toContain('<mark>courier</mark>');
    // Text that looks like a tag is left out of snippets; the rest is escaped.
    expect(results[0]!.snippet_html).toContain('<mark>floor</mark> &amp; door code (1 &lt; 2)');
    expect(results[0]!.snippet_html).not.toContain('<b>');
    // Any word, ranked: both public articles, the internal one and the draft never.
    const any = await searchPublicArticles(ws.ctx, {
      language: 'en',
      q: 'courier strike contracts',
      match: 'any',
    });
    expect(any.map((r) => r.slug).sort()).toEqual(['courier', 'pickup-points']);
    // The last word is matched as a prefix, as the reader types it.
    expect(
      (await searchPublicArticles(ws.ctx, { language: 'en', q: 'pick-up poi' }))[0]?.slug,
    ).toBe('pickup-points');
    // Russian stemming: "курьера" finds "Курьер".
    expect(
      (await searchPublicArticles(ws.ctx, { language: 'ru', q: 'курьера' })).map((r) => r.slug),
    ).toEqual(['courier']);
    // Query syntax cannot be injected; nothing searchable gives nothing.
    expect(
      await searchPublicArticles(ws.ctx, { language: 'en', q: "')) | !courier:* <->" }),
    ).toEqual(expect.any(Array));
    expect(await searchPublicArticles(ws.ctx, { language: 'en', q: '!!! ???' })).toEqual([]);
    expect(await searchPublicArticles(other.ctx, { language: 'en', q: 'courier' })).toEqual([]);
  });

  it('lists sitemap entries: public articles with their published languages', async () => {
    const page = await listPublicSitemapEntries(ws.ctx, { limit: 1 });
    expect(page.items).toEqual([
      {
        id: ids.courier,
        slug: 'courier',
        category_slug: 'shipping',
        languages: [
          { language: 'en', updated_at: expect.any(Date) },
          { language: 'ru', updated_at: expect.any(Date) },
        ],
      },
    ]);
    const next = await listPublicSitemapEntries(ws.ctx, { limit: 10, afterId: page.nextAfterId! });
    expect(next.items.map((i) => i.slug)).toEqual(['pickup-points']);
    expect(next.nextAfterId).toBeNull();
  });
});

describe('query and snippet helpers', () => {
  it('builds a to_tsquery expression from words only', () => {
    expect(buildTsQuery('Where is my parcel', 'all')).toBe("'where' & 'is' & 'my' & 'parcel':*");
    expect(buildTsQuery("a' | b:* & !c", 'any')).toBe("'a' | 'b' | 'c':*");
    expect(buildTsQuery('Жеңілдік бар ма', 'all')).toBe("'жеңілдік' & 'бар' & 'ма':*");
    expect(buildTsQuery(' -- ', 'all')).toBeUndefined();
  });

  it('turns ts_headline markers into <mark> and escapes everything else', () => {
    expect(markedToHtml('a \uE000b\uE001 <i>c</i> \uE000d')).toBe(
      'a <mark>b</mark> &lt;i&gt;c&lt;/i&gt; d',
    );
  });
});
