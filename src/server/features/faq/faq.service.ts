// The public FAQ's use cases: what each page shows, built from the knowledge
// base's public service (public, published versions only, so an internal
// article or a draft can never be shown), and the anonymous "was this
// helpful?" vote. ctx is the workspace's system ctx: the URL named the
// workspace, and every read below is scoped to it.
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { invalid, notFound } from '../../errors.ts';
import { Language } from '../../../shared/api/common.ts';
import {
  findPublicArticle,
  listPublicArticles,
  listPublicCategories,
  listPublicSitemapEntries,
  searchPublicArticles,
} from '../knowledge/public-knowledge.service.ts';
import { castPublicVote } from '../knowledge/vote.service.ts';
import * as repo from './faq.repo.ts';

/** The workspace a FAQ URL names. */
export interface FaqWorkspace {
  id: string;
  slug: string;
  name: string;
  defaultLanguage: Language;
}

const asLanguages = (codes: string[]) =>
  codes.filter((c): c is Language => Language.safeParse(c).success);

/** The workspace of /help/<slug or id>/, or undefined (the FAQ answers 404). */
export async function findFaqWorkspace(
  db: Kysely<DB>,
  key: string,
): Promise<FaqWorkspace | undefined> {
  if (!/^[a-z0-9-]{1,100}$/.test(key)) return undefined;
  const row = await repo.unscopedFindFaqWorkspace(db, key);
  if (!row) return undefined;
  const defaultLanguage = Language.safeParse(row.default_language);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLanguage: defaultLanguage.success ? defaultLanguage.data : 'en',
  };
}

/** The languages the help centre has public, published articles in (the home page's switch). */
export async function listFaqLanguages(ctx: Ctx): Promise<Language[]> {
  return asLanguages(await repo.listFaqLanguages(ctx.db, ctx.workspaceId));
}

/** Articles listed under each category on the home page; the category page lists them all. */
export const HOME_ARTICLES_PER_CATEGORY = 6;
/** At most this many articles are read for the home page (one query). */
const HOME_ARTICLES_READ = 200;
/** Articles per page of a category. */
export const CATEGORY_PAGE_SIZE = 50;

/** The home page: the categories that have articles in the language, each with its first ones. */
export async function getFaqHome(ctx: Ctx, input: { language: Language }) {
  const categories = await listPublicCategories(ctx, input.language);
  if (categories.length === 0) return { categories: [] };
  const { items } = await listPublicArticles(ctx, {
    language: input.language,
    limit: HOME_ARTICLES_READ,
  });
  return {
    categories: categories.map((c) => ({
      ...c,
      articles: items.filter((a) => a.category_id === c.id).slice(0, HOME_ARTICLES_PER_CATEGORY),
    })),
  };
}

/**
 * A category page: the category (by slug) with a page of its articles in the
 * language and the languages it has articles in. not_found when it has none
 * in this language (or does not exist).
 */
export async function getFaqCategory(
  ctx: Ctx,
  input: { language: Language; slug: string; cursor?: string },
) {
  const categories = await listPublicCategories(ctx, input.language);
  const category = categories.find((c) => c.slug === input.slug);
  if (!category) throw notFound('category');
  const page = await listPublicArticles(ctx, {
    language: input.language,
    categoryId: category.id,
    cursor: input.cursor,
    limit: CATEGORY_PAGE_SIZE,
  });
  const languages = asLanguages(
    await repo.listCategoryLanguages(ctx.db, ctx.workspaceId, category.id),
  );
  return { category, articles: page.items, nextCursor: page.nextCursor, languages };
}

/**
 * An article page. `missing` when the article is public but not published in
 * this language (the page offers the languages it is in); not_found when
 * there is no such public, published article in this workspace.
 */
export async function getFaqArticle(ctx: Ctx, input: { language: Language; slug: string }) {
  const article = await findPublicArticle(ctx, input);
  if (!article) throw notFound('article');
  const { version, ...rest } = article;
  if (!version) return { kind: 'missing' as const, ...rest };
  return { kind: 'found' as const, ...rest, version };
}

/** Text with its matched words marked, as pieces a page renders without parsing HTML. */
export type Marked = { text: string; mark: boolean }[];

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The knowledge service's highlighted HTML (escaped text and <mark>) back
 * into text pieces. Nothing of it reaches a page as markup: the pages escape
 * every piece again and add <mark> themselves, so even a snippet that carried
 * another tag would print it as text.
 */
export function markedPieces(markup: string): Marked {
  const pieces: Marked = [];
  const unescape = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    if (m.index > at) pieces.push({ text: unescape(markup.slice(at, m.index)), mark: false });
    pieces.push({ text: unescape(m[1]!), mark: true });
    at = m.index + m[0].length;
  }
  if (at < markup.length) pieces.push({ text: unescape(markup.slice(at)), mark: false });
  return pieces.filter((p) => p.text.length > 0);
}

export const SEARCH_RESULTS = 20;
export const QUERY_MAX = 200;

/** Search results: public articles in the language matching every word, best first, marked. */
export async function searchFaq(ctx: Ctx, input: { language: Language; q: string }) {
  const results = await searchPublicArticles(ctx, {
    language: input.language,
    q: input.q.slice(0, QUERY_MAX),
    limit: SEARCH_RESULTS,
  });
  return results.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: markedPieces(r.title_html),
    snippet: markedPieces(r.snippet_html),
  }));
}

/** Articles per sitemap file: up to 6 URLs each, well under a sitemap's 50,000. */
export const SITEMAP_PAGE_SIZE = 1000;

/** One sitemap page: public articles with a published version, by id, after `afterId`. */
export function listFaqSitemapPage(ctx: Ctx, input: { afterId?: string; limit?: number } = {}) {
  return listPublicSitemapEntries(ctx, {
    afterId: input.afterId,
    limit: input.limit ?? SITEMAP_PAGE_SIZE,
  });
}

/**
 * Where each sitemap page after the first starts (the id after which it
 * lists): the pages of a sitemap index. Walks the list once; only asked for
 * when a help centre has more articles than one page holds.
 */
export async function listFaqSitemapPageStarts(
  ctx: Ctx,
  input: { firstNextAfterId: string; limit?: number },
): Promise<string[]> {
  const starts: string[] = [];
  let after: string | null = input.firstNextAfterId;
  while (after) {
    starts.push(after);
    const page = await listFaqSitemapPage(ctx, { afterId: after, limit: input.limit });
    after = page.nextAfterId;
  }
  return starts;
}

/** The longest comment a reader may leave with a vote. */
export const VOTE_COMMENT_MAX = 1000;
const FINGERPRINT = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * An anonymous reader's "was this helpful?" on an article in the language:
 * one vote per reader (their cookie's random id, which the knowledge service
 * stores hashed) and language version; voting again changes it. not_found
 * for anything but a public article published in that language.
 */
export async function voteOnFaqArticle(
  ctx: Ctx,
  input: {
    language: Language;
    slug: string;
    helpful: boolean;
    comment: string;
    fingerprint: string;
  },
) {
  if (!FINGERPRINT.test(input.fingerprint)) throw invalid({ voter: 'is not a voter id' });
  const comment = input.comment.trim();
  if (comment.length > VOTE_COMMENT_MAX)
    throw invalid({ comment: `must be at most ${VOTE_COMMENT_MAX} characters` });
  const article = await findPublicArticle(ctx, { slug: input.slug, language: input.language });
  if (!article?.version) throw notFound('article');
  return castPublicVote(ctx, {
    articleId: article.id,
    language: input.language,
    helpful: input.helpful,
    // An empty box keeps the comment of an earlier vote (changing yes to no, say).
    comment: comment || undefined,
    voter: { kind: 'anonymous', fingerprint: input.fingerprint },
  });
}

/** Slugs of the help centres for /robots.txt's Sitemap lines, at most `limit`. */
export function listFaqSlugsForRobots(db: Kysely<DB>, limit: number) {
  return repo.unscopedListFaqWorkspaceSlugs(db, limit);
}
