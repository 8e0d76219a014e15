import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface TranslationRow {
  name: string;
  description: string;
}

/** The translations of a category as { language: { name, description } }. */
const translationsOf = sql<Record<string, TranslationRow>>`(
  select coalesce(jsonb_object_agg(t.language, jsonb_build_object('name', t.name, 'description', t.description)), '{}'::jsonb)
  from knowledge_category_translations t
  where t.workspace_id = c.workspace_id and t.category_id = c.id)`;

const articleCountOf = sql<number>`(
  select count(*)::int from knowledge_articles a
  where a.workspace_id = c.workspace_id and a.category_id = c.id)`;

function selectCategories(db: Db, workspaceId: string) {
  return db
    .selectFrom('knowledge_categories as c')
    .where('c.workspace_id', '=', workspaceId)
    .select([
      'c.id',
      'c.slug',
      'c.position',
      'c.created_at',
      'c.updated_at',
      translationsOf.as('translations'),
      articleCountOf.as('article_count'),
    ]);
}

export type CategoryRow = NonNullable<Awaited<ReturnType<typeof findCategory>>>;

/** A page of categories by position then id; fetches limit + 1 rows. */
export function listCategories(
  db: Db,
  workspaceId: string,
  f: { after?: [number, string]; limit: number },
) {
  let query = selectCategories(db, workspaceId);
  if (f.after) {
    const [position, id] = f.after;
    query = query.where((eb) =>
      eb(eb.tuple(eb.ref('c.position'), eb.ref('c.id')), '>', eb.tuple(position, id)),
    );
  }
  return query
    .orderBy('c.position')
    .orderBy('c.id')
    .limit(f.limit + 1)
    .execute();
}

export function findCategory(db: Db, workspaceId: string, id: string) {
  return selectCategories(db, workspaceId).where('c.id', '=', id).executeTakeFirst();
}

/** Locks a category row for the rest of the transaction (an article moving in, a delete). */
export function lockCategory(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('knowledge_categories')
    .select(['id', 'slug'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function isCategorySlugTaken(db: Db, workspaceId: string, slug: string) {
  const row = await db
    .selectFrom('knowledge_categories')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

/** The position after the last category. */
export async function nextCategoryPosition(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('knowledge_categories')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.next;
}

export function insertCategory(
  db: Db,
  workspaceId: string,
  values: { slug: string; position: number; created_at: Date },
) {
  return db
    .insertInto('knowledge_categories')
    .values({ workspace_id: workspaceId, ...values, updated_at: values.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateCategory(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { slug?: string; position?: number },
  now: Date,
) {
  return db
    .updateTable('knowledge_categories')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

/** Writes the translations given (insert or replace) and removes the languages set to null. */
export async function saveTranslations(
  db: Db,
  workspaceId: string,
  categoryId: string,
  translations: Record<string, TranslationRow | null>,
) {
  const upserts = Object.entries(translations).filter(
    (e): e is [string, TranslationRow] => e[1] !== null,
  );
  const removals = Object.entries(translations)
    .filter(([, t]) => t === null)
    .map(([language]) => language);
  if (upserts.length) {
    await db
      .insertInto('knowledge_category_translations')
      .values(
        upserts.map(([language, t]) => ({
          workspace_id: workspaceId,
          category_id: categoryId,
          language,
          name: t.name,
          description: t.description,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'category_id', 'language']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
        })),
      )
      .execute();
  }
  if (removals.length) {
    await db
      .deleteFrom('knowledge_category_translations')
      .where('workspace_id', '=', workspaceId)
      .where('category_id', '=', categoryId)
      .where('language', 'in', removals)
      .execute();
  }
}

export async function deleteCategory(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('knowledge_categories')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}
