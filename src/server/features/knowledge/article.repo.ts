import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, KnowledgeArticlesTable, KnowledgeVisibility } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type ArticleRow = Selectable<KnowledgeArticlesTable>;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likeEscape(q: string) {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ArticleFilter {
  categoryId?: string;
  visibility?: KnowledgeVisibility;
  state?: 'draft' | 'published';
  language?: string;
  q?: string;
  sort: 'position' | 'updated';
  /** [position, id] for sort=position, [updated_at ISO, id] for sort=updated. */
  after?: [number | string, string];
  limit: number;
}

/**
 * A page of articles (limit + 1 rows). Language, state and words filter on the
 * language versions: an article is listed when one of its versions matches all
 * of them. Words match the version's stemmed text in its own language, or a
 * part of its title (what an agent types before the word is finished).
 */
export function listArticles(db: Db, workspaceId: string, f: ArticleFilter) {
  let query = db
    .selectFrom('knowledge_articles as a')
    .selectAll('a')
    .where('a.workspace_id', '=', workspaceId);
  if (f.categoryId) query = query.where('a.category_id', '=', f.categoryId);
  if (f.visibility) query = query.where('a.visibility', '=', f.visibility);
  if (f.language || f.state || f.q) {
    const { language, state, q } = f;
    query = query.where(({ exists, selectFrom }) => {
      let v = selectFrom('knowledge_article_versions as v')
        .select(sql`1`.as('one'))
        .whereRef('v.workspace_id', '=', 'a.workspace_id')
        .whereRef('v.article_id', '=', 'a.id');
      if (language) v = v.where('v.language', '=', language);
      if (state) v = v.where('v.state', '=', state);
      if (q) {
        const pattern = `%${likeEscape(q)}%`;
        // With a language the query is one constant (the GIN index can serve it);
        // without, each version's words are matched in its own language.
        const tsquery = language
          ? sql<string>`websearch_to_tsquery(language_ts_config(${language}), ${q})`
          : sql<string>`websearch_to_tsquery(language_ts_config(v.language), ${q})`;
        v = v.where((eb) =>
          eb.or([eb('v.search_vector', '@@', tsquery), eb('v.title', 'ilike', pattern)]),
        );
      }
      return exists(v);
    });
  }
  if (f.sort === 'position') {
    if (f.after) {
      const [position, id] = f.after;
      query = query.where((eb) =>
        eb(eb.tuple(eb.ref('a.position'), eb.ref('a.id')), '>', eb.tuple(position as number, id)),
      );
    }
    query = query.orderBy('a.position').orderBy('a.id');
  } else {
    if (f.after) {
      const [at, id] = f.after;
      query = query.where((eb) =>
        eb(
          eb.tuple(eb.ref('a.updated_at'), eb.ref('a.id')),
          '<',
          eb.tuple(sql<Date>`${at}::timestamptz`, id),
        ),
      );
    }
    query = query.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc');
  }
  return query.limit(f.limit + 1).execute();
}

export function findArticle(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('knowledge_articles')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The article, locked for the rest of the transaction: saves of its versions go one at a time. */
export function lockArticle(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('knowledge_articles')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function isArticleSlugTaken(db: Db, workspaceId: string, slug: string) {
  const row = await db
    .selectFrom('knowledge_articles')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id;
}

/** The position after the last article of a category. */
export async function nextArticlePosition(db: Db, workspaceId: string, categoryId: string) {
  const row = await db
    .selectFrom('knowledge_articles')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
    .where('workspace_id', '=', workspaceId)
    .where('category_id', '=', categoryId)
    .executeTakeFirstOrThrow();
  return row.next;
}

export function insertArticle(
  db: Db,
  workspaceId: string,
  values: {
    category_id: string;
    visibility: KnowledgeVisibility;
    slug: string;
    position: number;
    created_by: string | null;
    created_at: Date;
  },
) {
  return db
    .insertInto('knowledge_articles')
    .values({ workspace_id: workspaceId, ...values, updated_at: values.created_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateArticle(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<{
    category_id: string;
    visibility: KnowledgeVisibility;
    slug: string;
    position: number;
  }>,
  now: Date,
) {
  return db
    .updateTable('knowledge_articles')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteArticle(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('knowledge_articles')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}
