import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import type { Ctx } from '../../context.ts';
import { seedDemo } from '../../demo/seed.ts';
import { DEFAULT_ARTICLES, DEFAULT_CATEGORIES, DEFAULT_TEXTS } from './default-content/index.ts';
import { searchPublicArticles } from './public-knowledge.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const LANGUAGES = ['en', 'es', 'hu', 'kk', 'ro', 'ru'];

describe('the default FAQ', () => {
  it('is written in all six languages, every category and every article, without empty texts', () => {
    expect(DEFAULT_TEXTS.map((x) => x.language).sort()).toEqual(LANGUAGES);
    for (const text of DEFAULT_TEXTS) {
      for (const c of DEFAULT_CATEGORIES) {
        expect(text.categories[c.key].name.trim(), `${text.language} ${c.key}`).not.toBe('');
      }
      for (const a of DEFAULT_ARTICLES) {
        const article = text.articles[a.key];
        expect(article.title.trim(), `${text.language} ${a.key}`).not.toBe('');
        expect(article.body_markdown.length, `${text.language} ${a.key}`).toBeGreaterThan(200);
        // Search engines show about 160 characters.
        expect(article.meta_description.length, `${text.language} ${a.key}`).toBeLessThanOrEqual(
          200,
        );
      }
      // Written for each language, not copied: no two languages share a title.
      const titles = DEFAULT_TEXTS.map((x) => x.articles.returns.title);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('every new workspace gets it, in six languages, as drafts to review', async () => {
    const ws = await newWorkspace(t);
    const categories = (await ws.admin.get('/api/v1/knowledge/categories')).json().items;
    expect(categories.map((c: { slug: string }) => c.slug)).toEqual(
      DEFAULT_CATEGORIES.map((c) => c.slug),
    );
    for (const c of categories) expect(Object.keys(c.translations).sort()).toEqual(LANGUAGES);

    const articles = (await ws.admin.get('/api/v1/knowledge/articles?limit=100')).json().items;
    expect(articles.map((a: { slug: string }) => a.slug).sort()).toEqual(
      DEFAULT_ARTICLES.map((a) => a.slug).sort(),
    );
    for (const summary of articles) {
      const article = (await ws.admin.get(`/api/v1/knowledge/articles/${summary.id}`)).json();
      expect(article.visibility).toBe('public');
      expect(article.versions.map((v: { language: string }) => v.language)).toEqual(LANGUAGES);
      for (const v of article.versions) {
        expect(v, `${article.slug} ${v.language}`).toMatchObject({
          state: 'draft',
          published_at: null,
          revision_id: expect.stringMatching(/^\d+$/),
        });
        expect(v.body_html).toMatch(/^<(p|ol|ul|h2)>/);
        const revisions = (
          await ws.admin.get(
            `/api/v1/knowledge/articles/${article.id}/versions/${v.language}/revisions`,
          )
        ).json().items;
        expect(revisions).toHaveLength(1);
        expect(revisions[0]).toMatchObject({ id: v.revision_id, author: null });
      }
    }
    // Drafts: nothing is public yet.
    expect(await searchPublicArticles(ws.ctx, { language: 'en', q: 'discount' })).toEqual([]);
  });

  it('is published in the demo workspace, and found in every language by words in another form', async () => {
    const seeded = await seedDemo(t.database, { slug: `demo-${randomUUID().slice(0, 8)}` });
    const ctx: Ctx = { ...t.app.base, workspaceId: seeded!.workspaceId, actor: { kind: 'system' } };
    const best = async (language: string, q: string) =>
      (await searchPublicArticles(ctx, { language, q }))[0]?.slug;
    // Each query uses a form of the word the article does not contain as such.
    const cases: [string, string, string][] = [
      ['en', 'discounted bulk orders', 'bulk-discounts'],
      ['en', 'refunds', 'returns-and-exchanges'],
      ['es', 'descuento mayorista', 'bulk-discounts'],
      ['es', 'devolver artículo', 'returns-and-exchanges'],
      ['hu', 'kedvezmények', 'bulk-discounts'],
      ['hu', 'aktiválást', 'activate-your-product'],
      ['ro', 'reduceri', 'bulk-discounts'],
      ['ro', 'livrarea coletului', 'delivery'],
      ['ru', 'скидку', 'bulk-discounts'],
      ['ru', 'доставкой', 'delivery'],
      ['kk', 'жеңілдік', 'bulk-discounts'],
      ['kk', 'белсенді', 'activate-your-product'],
    ];
    const found: string[] = [];
    for (const [language, q] of cases)
      found.push(`${language}: ${q} -> ${await best(language, q)}`);
    expect(found).toEqual(cases.map(([language, q, slug]) => `${language}: ${q} -> ${slug}`));
  });
});
