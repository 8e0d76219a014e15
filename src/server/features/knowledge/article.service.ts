import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { KnowledgeState, KnowledgeVisibility } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { decodeCursor, decodeTimeIdCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import * as repo from './article.repo.ts';
import * as categories from './category.repo.ts';
import { assertCanKnowledge } from './knowledge.policy.ts';
import { slugify } from './slug.ts';
import * as versions from './version.repo.ts';
import { writeVersion, type VersionContentInput } from './version.service.ts';

const SLUG_TAKEN = 'another article uses this slug';

export interface NewArticleInput {
  category_id: string;
  visibility: KnowledgeVisibility;
  slug?: string;
  position?: number;
  version: VersionContentInput & { language: string };
}

export interface ArticlePatch {
  category_id?: string;
  visibility?: KnowledgeVisibility;
  slug?: string;
  position?: number;
}

export interface ArticleListInput {
  category_id?: string;
  visibility?: KnowledgeVisibility;
  state?: KnowledgeState;
  language?: string;
  q?: string;
  sort: 'position' | 'updated';
  cursor?: string;
  limit: number;
}

/** An article of the workspace, or not_found (also for another workspace's). */
export async function getArticle(ctx: Ctx, id: string) {
  const row = await repo.findArticle(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('article');
  return row;
}

async function withSlugConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(SLUG_TAKEN, { slug: 'is taken' });
    throw err;
  }
}

/** A free slug: the one asked for (or a conflict), else one made from the title. */
async function chooseSlug(ctx: Ctx, asked: string | undefined, title: string) {
  if (asked) {
    if (await repo.isArticleSlugTaken(ctx.db, ctx.workspaceId, asked))
      throw conflict(SLUG_TAKEN, { slug: 'is taken' });
    return asked;
  }
  const base = slugify(title, 'article');
  let slug = base;
  for (let n = 2; await repo.isArticleSlugTaken(ctx.db, ctx.workspaceId, slug); n++)
    slug = `${base}-${n}`;
  return slug;
}

async function lockCategory(ctx: Ctx, categoryId: string) {
  if (!(await categories.lockCategory(ctx.db, ctx.workspaceId, categoryId)))
    throw notFound('category');
}

/**
 * A page of articles with their language versions' titles and states
 * (limit + 1 rows, for toPage); filters on category, visibility, and on the
 * versions' language, state and words.
 */
export async function listArticles(ctx: Ctx, input: ArticleListInput) {
  assertCanKnowledge(ctx.actor, 'read');
  let after: [number | string, string] | undefined;
  if (input.cursor) {
    if (input.sort === 'updated') after = decodeTimeIdCursor(input.cursor);
    else {
      const [position, id] = decodeCursor(input.cursor, 2);
      if (!Number.isInteger(position) || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
        throw invalid({ cursor: 'is not a cursor from this list' });
      after = [position as number, id];
    }
  }
  const rows = await repo.listArticles(ctx.db, ctx.workspaceId, {
    categoryId: input.category_id,
    visibility: input.visibility,
    state: input.state,
    language: input.language,
    q: input.q || undefined,
    sort: input.sort,
    after,
    limit: input.limit,
  });
  const summaries = await versions.listVersionSummaries(
    ctx.db,
    ctx.workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((article) => ({
    article,
    versions: summaries.filter((v) => v.article_id === article.id),
  }));
}

/** The keyset of a listed article in the list's order. */
export function articleCursorKey(sort: 'position' | 'updated') {
  return ({ article }: { article: repo.ArticleRow }) =>
    sort === 'updated'
      ? [article.updated_at.toISOString(), article.id]
      : [article.position, article.id];
}

/** An article with every language version in full. */
export async function showArticle(ctx: Ctx, id: string) {
  assertCanKnowledge(ctx.actor, 'read');
  const article = await getArticle(ctx, id);
  return { article, versions: await versions.listVersions(ctx.db, ctx.workspaceId, id) };
}

/** An admin or supervisor writes a new article with its first language version. */
export async function createArticle(ctx: Ctx, input: NewArticleInput) {
  assertCanKnowledge(ctx.actor, 'write');
  return withTransaction(ctx, async (tx) => {
    await lockCategory(tx, input.category_id);
    const slug = await chooseSlug(tx, input.slug, input.version.title);
    const position =
      input.position ?? (await repo.nextArticlePosition(tx.db, tx.workspaceId, input.category_id));
    const article = await withSlugConflict(() =>
      repo.insertArticle(tx.db, tx.workspaceId, {
        category_id: input.category_id,
        visibility: input.visibility,
        slug,
        position,
        created_by: actorUserId(tx),
        created_at: tx.now(),
      }),
    );
    await recordEvent(tx, {
      type: 'knowledge_article.created',
      data: {
        article_id: article.id,
        after: { slug, visibility: input.visibility, category_id: input.category_id },
      },
    });
    const { language, ...content } = input.version;
    await writeVersion(tx, article.id, language, content, undefined);
    return showArticle(tx, article.id);
  });
}

/** An admin or supervisor moves an article, changes its visibility or slug. */
export async function updateArticle(ctx: Ctx, id: string, patch: ArticlePatch) {
  assertCanKnowledge(ctx.actor, 'write');
  return withTransaction(ctx, async (tx) => {
    const before = await repo.lockArticle(tx.db, tx.workspaceId, id);
    if (!before) throw notFound('article');
    if (patch.category_id !== undefined && patch.category_id !== before.category_id)
      await lockCategory(tx, patch.category_id);
    if (patch.slug !== undefined && patch.slug !== before.slug) {
      const other = await repo.isArticleSlugTaken(tx.db, tx.workspaceId, patch.slug);
      if (other && other !== id) throw conflict(SLUG_TAKEN, { slug: 'is taken' });
    }
    const after = await withSlugConflict(() =>
      repo.updateArticle(tx.db, tx.workspaceId, id, patch, tx.now()),
    );
    if (!after) throw notFound('article');
    const keys = (Object.keys(patch) as (keyof ArticlePatch)[]).filter(
      (k) => patch[k] !== undefined && patch[k] !== before[k],
    );
    if (keys.length)
      await recordEvent(tx, {
        type: 'knowledge_article.updated',
        data: {
          article_id: id,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        },
      });
    return showArticle(tx, id);
  });
}

/** Deletes an article with all its language versions, revisions and votes. */
export async function deleteArticle(ctx: Ctx, id: string) {
  assertCanKnowledge(ctx.actor, 'write');
  await withTransaction(ctx, async (tx) => {
    const before = await repo.lockArticle(tx.db, tx.workspaceId, id);
    if (!before) throw notFound('article');
    const titles = await versions.listVersionSummaries(tx.db, tx.workspaceId, [id]);
    await repo.deleteArticle(tx.db, tx.workspaceId, id);
    await recordEvent(tx, {
      type: 'knowledge_article.deleted',
      data: {
        article_id: id,
        before: {
          slug: before.slug,
          titles: Object.fromEntries(titles.map((v) => [v.language, v.title])),
        },
      },
    });
  });
}
