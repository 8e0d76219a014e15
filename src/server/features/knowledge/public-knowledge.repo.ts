import { sql, type Expression, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

// Markers ts_headline puts around matched words; private-use characters, so a
// reader's text cannot forge them (the service escapes the rest as HTML).
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

/** Joins articles to their public, published versions in one language. */
function publishedIn(db: Db, workspaceId: string, language: string) {
  return db
    .selectFrom('knowledge_articles as a')
    .innerJoin('knowledge_article_versions as v', (j) =>
      j.onRef('v.workspace_id', '=', 'a.workspace_id').onRef('v.article_id', '=', 'a.id'),
    )
    .where('a.workspace_id', '=', workspaceId)
    .where('a.visibility', '=', 'public')
    .where('v.language', '=', language)
    .where('v.state', '=', 'published');
}

/**
 * Every category with the number of its public articles published in the
 * language (the service drops the empty ones), with its names.
 */
export function listCategoriesWithPublicCounts(db: Db, workspaceId: string, language: string) {
  return db
    .selectFrom('knowledge_categories as c')
    .where('c.workspace_id', '=', workspaceId)
    .select([
      'c.id',
      'c.slug',
      'c.position',
      sql<number>`(
        select count(*)::int from knowledge_articles a
        join knowledge_article_versions v on v.workspace_id = a.workspace_id and v.article_id = a.id
        where a.workspace_id = c.workspace_id and a.category_id = c.id and a.visibility = 'public'
          and v.language = ${language} and v.state = 'published')`.as('article_count'),
      sql<Record<string, { name: string; description: string }>>`(
        select coalesce(jsonb_object_agg(t.language, jsonb_build_object('name', t.name, 'description', t.description)), '{}'::jsonb)
        from knowledge_category_translations t
        where t.workspace_id = c.workspace_id and t.category_id = c.id)`.as('translations'),
    ])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
}

/** A page of public articles published in the language, by position then id (limit + 1 rows). */
export function listPublicArticles(
  db: Db,
  workspaceId: string,
  f: { language: string; categoryId?: string; after?: [number, string]; limit: number },
) {
  let query = publishedIn(db, workspaceId, f.language).select([
    'a.id',
    'a.slug',
    'a.category_id',
    'a.position',
    'v.title',
    'v.meta_description',
    'v.body_text',
    'v.published_at',
    'v.updated_at',
  ]);
  if (f.categoryId) query = query.where('a.category_id', '=', f.categoryId);
  if (f.after) {
    const [position, id] = f.after;
    query = query.where((eb) =>
      eb(eb.tuple(eb.ref('a.position'), eb.ref('a.id')), '>', eb.tuple(position, id)),
    );
  }
  return query
    .orderBy('a.position')
    .orderBy('a.id')
    .limit(f.limit + 1)
    .execute();
}

/**
 * A public article by its slug in one statement: a row per published version
 * (none: no such public article), each with the article's and category's
 * fields and the category's names in every language; the text (body, meta
 * description) only of the version in `language`, the others' titles only
 * (hreflang, the language switch).
 */
export function findPublicArticleRows(db: Db, workspaceId: string, slug: string, language: string) {
  return db
    .selectFrom('knowledge_articles as a')
    .innerJoin('knowledge_categories as c', (j) =>
      j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.category_id'),
    )
    .innerJoin('knowledge_article_versions as v', (j) =>
      j.onRef('v.workspace_id', '=', 'a.workspace_id').onRef('v.article_id', '=', 'a.id'),
    )
    .where('a.workspace_id', '=', workspaceId)
    .where('a.slug', '=', slug)
    .where('a.visibility', '=', 'public')
    .where('v.state', '=', 'published')
    .select([
      'a.id',
      'a.slug',
      'a.category_id',
      'c.slug as category_slug',
      'v.language',
      'v.title',
      'v.published_at',
      'v.updated_at',
    ])
    .select([
      sql<string | null>`case when v.language = ${language} then v.meta_description end`.as(
        'meta_description',
      ),
      sql<string | null>`case when v.language = ${language} then v.body_html end`.as('body_html'),
      sql<string | null>`case when v.language = ${language} then v.body_text end`.as('body_text'),
      (eb) =>
        eb
          .selectFrom('knowledge_category_translations as t')
          .whereRef('t.workspace_id', '=', 'a.workspace_id')
          .whereRef('t.category_id', '=', 'a.category_id')
          .select(
            sql<
              Record<string, { name: string; description: string }>
            >`coalesce(jsonb_object_agg(t.language, jsonb_build_object('name', t.name, 'description', t.description)), '{}'::jsonb)`.as(
              'names',
            ),
          )
          .as('category_names'),
    ])
    .orderBy('v.language')
    .execute();
}

/**
 * The best public articles published in the language for a text query (a
 * to_tsquery expression built by the service from plain words), with the
 * title and a snippet marked with MARK_START / MARK_END around the matches.
 */
export function searchPublicArticles(
  db: Db,
  workspaceId: string,
  f: { language: string; tsquery: string; limit: number },
) {
  const query: Expression<string> = sql<string>`to_tsquery(language_ts_config(${f.language}), ${f.tsquery})`;
  return publishedIn(db, workspaceId, f.language)
    .where('v.search_vector', '@@', query)
    .select([
      'a.id',
      'a.slug',
      'a.category_id',
      'v.title',
      'v.meta_description',
      sql<string>`ts_headline(language_ts_config(v.language), v.title, ${query}, ${TITLE_OPTIONS})`.as(
        'title_marked',
      ),
      sql<string>`ts_headline(language_ts_config(v.language), v.body_text, ${query}, ${HEADLINE_OPTIONS})`.as(
        'snippet_marked',
      ),
      sql<number>`ts_rank_cd(v.search_vector, ${query})`.as('rank'),
    ])
    .orderBy('rank', 'desc')
    .orderBy('a.position')
    .orderBy('a.id')
    .limit(f.limit)
    .execute();
}

/** A page of public articles with a published version, by id (limit + 1 rows): the sitemap. */
export function listSitemapArticles(
  db: Db,
  workspaceId: string,
  f: { afterId?: string; limit: number },
) {
  let query = db
    .selectFrom('knowledge_articles as a')
    .innerJoin('knowledge_categories as c', (j) =>
      j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.category_id'),
    )
    .where('a.workspace_id', '=', workspaceId)
    .where('a.visibility', '=', 'public')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('knowledge_article_versions as v')
          .select(sql`1`.as('one'))
          .whereRef('v.workspace_id', '=', 'a.workspace_id')
          .whereRef('v.article_id', '=', 'a.id')
          .where('v.state', '=', 'published'),
      ),
    )
    .select(['a.id', 'a.slug', 'c.slug as category_slug']);
  if (f.afterId) query = query.where('a.id', '>', f.afterId);
  return query
    .orderBy('a.id')
    .limit(f.limit + 1)
    .execute();
}

/** The published languages of some articles and when each last changed. */
export function listPublishedLanguages(db: Db, workspaceId: string, articleIds: string[]) {
  if (articleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('knowledge_article_versions')
    .select(['article_id', 'language', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('article_id', 'in', articleIds)
    .where('state', '=', 'published')
    .orderBy('article_id')
    .orderBy('language')
    .execute();
}
