import type { Language } from '../../../shared/api/common.ts';
import type { Ctx } from '../../context.ts';
import { invalid } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../pagination.ts';
import { assertCanKnowledge } from './knowledge.policy.ts';
import { excerpt } from './markdown.ts';
import * as repo from './public-knowledge.repo.ts';

// The markers ts_headline is asked to put around matches, for other searches
// whose snippets markedToHtml turns into HTML (features/search).
export { MARK_END, MARK_START } from './public-knowledge.repo.ts';

// What the public FAQ and the customer portal read: public articles with a
// published version, nothing else. ctx is the workspace's system ctx (the
// caller found the workspace by its slug); these functions never reveal
// internal articles or drafts, so they need no user.

type Translations = Record<string, { name: string; description: string }>;

/** A category's name in the language, else in English, else in its first language. */
function nameIn(translations: Translations, language: string) {
  const chosen =
    translations[language] ??
    translations.en ??
    Object.entries(translations).sort(([a], [b]) => a.localeCompare(b))[0]?.[1];
  return {
    name: chosen?.name ?? '',
    description: chosen?.description ?? '',
    name_language: (Object.entries(translations).find(([, t]) => t === chosen)?.[0] ??
      language) as Language,
  };
}

/** The meta description, or the first words of the text when the editor left it empty. */
const metaOf = (v: { meta_description: string; body_text: string }) =>
  v.meta_description || excerpt(v.body_text, 160);

/** Categories with at least one public article published in the language, in order. */
export async function listPublicCategories(ctx: Ctx, language: string) {
  assertCanKnowledge(ctx.actor, 'read');
  const rows = await repo.listCategoriesWithPublicCounts(ctx.db, ctx.workspaceId, language);
  return rows
    .filter((c) => c.article_count > 0)
    .map((c) => ({
      id: c.id,
      slug: c.slug,
      position: c.position,
      article_count: c.article_count,
      ...nameIn(c.translations, language),
    }));
}

/**
 * A page of public articles published in the language (of one category when
 * given), by position: title, meta description and dates; nextCursor is null
 * on the last page.
 */
export async function listPublicArticles(
  ctx: Ctx,
  input: { language: string; categoryId?: string; cursor?: string; limit: number },
) {
  assertCanKnowledge(ctx.actor, 'read');
  let after: [number, string] | undefined;
  if (input.cursor) {
    const [position, id] = decodeCursor(input.cursor, 2);
    if (!Number.isInteger(position) || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [position as number, id];
  }
  const rows = await repo.listPublicArticles(ctx.db, ctx.workspaceId, {
    language: input.language,
    categoryId: input.categoryId,
    after,
    limit: input.limit,
  });
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      slug: r.slug,
      category_id: r.category_id,
      title: r.title,
      meta_description: metaOf(r),
      published_at: r.published_at!,
      updated_at: r.updated_at,
    })),
    nextCursor: more && last ? encodeCursor([last.position, last.id]) : null,
  };
}

/**
 * A public article by its slug: the version in the language (null when it is
 * not published in it), every published language (for hreflang and the
 * language switch) and its category's name. undefined when there is no such
 * public article with a published version: the FAQ answers 404.
 */
export async function findPublicArticle(ctx: Ctx, input: { slug: string; language: string }) {
  assertCanKnowledge(ctx.actor, 'read');
  const rows = await repo.findPublicArticleRows(
    ctx.db,
    ctx.workspaceId,
    input.slug,
    input.language,
  );
  const article = rows[0];
  if (!article) return undefined;
  const version = rows.find((v) => v.language === input.language);
  return {
    id: article.id,
    slug: article.slug,
    category: {
      id: article.category_id,
      slug: article.category_slug,
      ...nameIn(article.category_names ?? {}, input.language),
    },
    version: version
      ? {
          language: version.language as Language,
          title: version.title,
          meta_description: metaOf({
            meta_description: version.meta_description ?? '',
            body_text: version.body_text ?? '',
          }),
          body_html: version.body_html ?? '',
          published_at: version.published_at!,
          updated_at: version.updated_at,
        }
      : null,
    languages: rows.map((v) => ({
      language: v.language as Language,
      title: v.title,
      updated_at: v.updated_at,
    })),
  };
}

function escapeHtml(text: string) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** HTML from ts_headline's output: the text escaped, the matches in <mark>. */
export function markedToHtml(marked: string) {
  const start = repo.MARK_START;
  const end = repo.MARK_END;
  const pair = new RegExp(`${start}([^${start}${end}]*)${end}`, 'g');
  return escapeHtml(marked)
    .replace(pair, '<mark>$1</mark>')
    .replace(new RegExp(`[${start}${end}]`, 'g'), '');
}

const MAX_QUERY_WORDS = 12;

/**
 * The words of a reader's query as a to_tsquery expression: each word quoted
 * (only letters and digits reach it, so no operator can be smuggled in), the
 * last one also matching as a prefix (the reader is still typing it); all
 * words must match, or any of them (ranked), for the portal's suggestions
 * while a client describes a problem.
 */
export function buildTsQuery(q: string, match: 'all' | 'any'): string | undefined {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length <= 60)
    .slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return undefined;
  const terms = words.map((w, i) => (i === words.length - 1 ? `'${w}':*` : `'${w}'`));
  return terms.join(match === 'all' ? ' & ' : ' | ');
}

/**
 * Public articles published in the language that match the reader's words,
 * best first, with the title and a snippet in HTML (matches in <mark>, the
 * rest escaped). Words are stemmed with the language's configuration, so
 * "devoluciones" finds "devolver". At most `limit` (≤ 50) results.
 */
export async function searchPublicArticles(
  ctx: Ctx,
  input: { language: string; q: string; limit?: number; match?: 'all' | 'any' },
) {
  assertCanKnowledge(ctx.actor, 'read');
  const tsquery = buildTsQuery(input.q, input.match ?? 'all');
  if (!tsquery) return [];
  const rows = await repo.searchPublicArticles(ctx.db, ctx.workspaceId, {
    language: input.language,
    tsquery,
    limit: Math.min(Math.max(input.limit ?? 10, 1), 50),
  });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    category_id: r.category_id,
    title: r.title,
    title_html: markedToHtml(r.title_marked),
    snippet_html: markedToHtml(r.snippet_marked),
    meta_description: r.meta_description,
    rank: Number(r.rank),
  }));
}

/**
 * A page of sitemap entries (by article id): each public article with a
 * published version, its category's slug and its published languages with
 * their last change (lastmod, hreflang).
 */
export async function listPublicSitemapEntries(
  ctx: Ctx,
  input: { afterId?: string; limit: number },
) {
  assertCanKnowledge(ctx.actor, 'read');
  const rows = await repo.listSitemapArticles(ctx.db, ctx.workspaceId, input);
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const languages = await repo.listPublishedLanguages(
    ctx.db,
    ctx.workspaceId,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => ({
      id: r.id,
      slug: r.slug,
      category_slug: r.category_slug,
      languages: languages
        .filter((l) => l.article_id === r.id)
        .map((l) => ({ language: l.language as Language, updated_at: l.updated_at })),
    })),
    nextAfterId: more ? items[items.length - 1]!.id : null,
  };
}
