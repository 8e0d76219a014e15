import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import * as repo from './category.repo.ts';
import { assertCanKnowledge } from './knowledge.policy.ts';
import { slugify } from './slug.ts';

const SLUG_TAKEN = 'another category uses this slug';

type Translations = Record<string, { name: string; description: string } | undefined>;

export interface NewCategoryInput {
  slug?: string;
  position?: number;
  translations: Translations;
}

export interface CategoryPatch {
  slug?: string;
  position?: number;
  translations?: Record<string, { name: string; description: string } | null | undefined>;
}

/** A category of the workspace, or not_found (also for another workspace's). */
export async function getCategory(ctx: Ctx, id: string) {
  const row = await repo.findCategory(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('category');
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

/** A page of categories in their order; rows are limit + 1 (for toPage). */
export async function listCategories(ctx: Ctx, input: { cursor?: string; limit: number }) {
  assertCanKnowledge(ctx.actor, 'read');
  let after: [number, string] | undefined;
  if (input.cursor) {
    const [position, id] = decodeCursor(input.cursor, 2);
    if (!Number.isInteger(position) || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [position as number, id];
  }
  return repo.listCategories(ctx.db, ctx.workspaceId, { after, limit: input.limit });
}

export const categoryCursorKey = (c: repo.CategoryRow) => [c.position, c.id];

export async function showCategory(ctx: Ctx, id: string) {
  assertCanKnowledge(ctx.actor, 'read');
  return getCategory(ctx, id);
}

/** An admin or supervisor adds a category, named in one language or more. */
export async function createCategory(ctx: Ctx, input: NewCategoryInput) {
  assertCanKnowledge(ctx.actor, 'write');
  const translations = Object.fromEntries(
    Object.entries(input.translations).filter((e): e is [string, repo.TranslationRow] =>
      Boolean(e[1]),
    ),
  );
  const firstName = Object.values(translations)[0]?.name ?? '';
  return withTransaction(ctx, async (tx) => {
    let slug = input.slug;
    if (slug) {
      if (await repo.isCategorySlugTaken(tx.db, tx.workspaceId, slug))
        throw conflict(SLUG_TAKEN, { slug: 'is taken' });
    } else {
      const base = slugify(firstName, 'category');
      slug = base;
      for (let n = 2; await repo.isCategorySlugTaken(tx.db, tx.workspaceId, slug); n++)
        slug = `${base}-${n}`;
    }
    const position = input.position ?? (await repo.nextCategoryPosition(tx.db, tx.workspaceId));
    const { id } = await withSlugConflict(() =>
      repo.insertCategory(tx.db, tx.workspaceId, { slug, position, created_at: tx.now() }),
    );
    await repo.saveTranslations(tx.db, tx.workspaceId, id, translations);
    await recordEvent(tx, {
      type: 'knowledge_category.created',
      data: { category_id: id, after: { slug, name: firstName } },
    });
    return getCategory(tx, id);
  });
}

/** An admin or supervisor renames, moves or re-slugs a category; a category keeps one name at least. */
export async function updateCategory(ctx: Ctx, id: string, patch: CategoryPatch) {
  assertCanKnowledge(ctx.actor, 'write');
  return withTransaction(ctx, async (tx) => {
    const before = await getCategory(tx, id);
    if (patch.slug !== undefined && patch.slug !== before.slug) {
      const other = await repo.isCategorySlugTaken(tx.db, tx.workspaceId, patch.slug);
      if (other && other !== id) throw conflict(SLUG_TAKEN, { slug: 'is taken' });
    }
    if (patch.translations) {
      const remaining = new Set(Object.keys(before.translations));
      for (const [language, t] of Object.entries(patch.translations)) {
        if (t === null) remaining.delete(language);
        else if (t) remaining.add(language);
      }
      if (remaining.size === 0)
        throw invalid({ translations: 'needs a name in at least one language' });
    }
    await withSlugConflict(() =>
      repo.updateCategory(
        tx.db,
        tx.workspaceId,
        id,
        { slug: patch.slug, position: patch.position },
        tx.now(),
      ),
    );
    if (patch.translations) {
      const given = Object.fromEntries(
        Object.entries(patch.translations).filter(
          (e): e is [string, repo.TranslationRow | null] => e[1] !== undefined,
        ),
      );
      await repo.saveTranslations(tx.db, tx.workspaceId, id, given);
    }
    const after = await getCategory(tx, id);
    await recordEvent(tx, {
      type: 'knowledge_category.updated',
      data: {
        category_id: id,
        before: { slug: before.slug, position: before.position, translations: before.translations },
        after: { slug: after.slug, position: after.position, translations: after.translations },
      },
    });
    return after;
  });
}

/** Deletes an empty category; one that still holds articles is a conflict. */
export async function deleteCategory(ctx: Ctx, id: string) {
  assertCanKnowledge(ctx.actor, 'write');
  await withTransaction(ctx, async (tx) => {
    // The row lock makes an article moving in wait for this delete (its foreign key check).
    if (!(await repo.lockCategory(tx.db, tx.workspaceId, id))) throw notFound('category');
    const before = await getCategory(tx, id);
    if (before.article_count > 0)
      throw conflict('the category still holds articles: move or delete them first', {
        id: `holds ${before.article_count} articles`,
      });
    await repo.deleteCategory(tx.db, tx.workspaceId, id);
    await recordEvent(tx, {
      type: 'knowledge_category.deleted',
      data: { category_id: id, before: { slug: before.slug, translations: before.translations } },
    });
  });
}
