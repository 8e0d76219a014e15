import type { Ctx } from '../../context.ts';
import { DEFAULT_ARTICLES, DEFAULT_CATEGORIES, DEFAULT_TEXTS } from './default-content/index.ts';
import * as repo from './default-knowledge.repo.ts';
import { renderArticleBody } from './markdown.ts';

let rendered: repo.SeedArticle[] | undefined;

/** The default articles with their bodies rendered, once per process. */
function defaultArticles(): repo.SeedArticle[] {
  rendered ??= DEFAULT_ARTICLES.map((a) => ({
    categorySlug: DEFAULT_CATEGORIES.find((c) => c.key === a.category)!.slug,
    slug: a.slug,
    position: a.position,
    versions: DEFAULT_TEXTS.map((t) => {
      const text = t.articles[a.key];
      const body = renderArticleBody(text.body_markdown);
      return {
        language: t.language,
        title: text.title,
        body_markdown: text.body_markdown,
        body_html: body.html,
        body_text: body.text,
        meta_description: text.meta_description,
      };
    }),
  }));
  return rendered;
}

/**
 * Gives a new workspace the default FAQ in the six languages, in the
 * caller's transaction (ctx.workspaceId is the new workspace). A new
 * workspace gets it as drafts: its return period, discounts and answer times
 * are promises, and the seeds ask to promise only what the business keeps,
 * so an admin reads, adjusts and publishes. The demo workspace publishes it.
 */
export async function seedDefaultKnowledge(ctx: Ctx, options: { publish: boolean }) {
  await repo.insertKnowledgeBase(ctx.db, ctx.workspaceId, {
    categories: DEFAULT_CATEGORIES.map((c) => ({
      slug: c.slug,
      position: c.position,
      translations: DEFAULT_TEXTS.map((t) => ({ language: t.language, ...t.categories[c.key] })),
    })),
    articles: defaultArticles(),
    state: options.publish ? 'published' : 'draft',
    now: ctx.now(),
  });
}
