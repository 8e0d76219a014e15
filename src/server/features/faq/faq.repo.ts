// The few reads the public FAQ needs beyond the knowledge base's public
// service: the workspace a URL names, and which languages a help centre (or
// one of its categories) has public, published articles in, for the language
// switch and hreflang (one query of index probes, one per language).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { Language } from '../../../shared/api/common.ts';

type Db = Kysely<DB> | Transaction<DB>;

// In the order of the language switch; literals, never a reader's input.
const LANGUAGE_LIST = sql.raw(`array[${Language.options.map((l) => `'${l}'`).join(', ')}]`);

export interface FaqWorkspaceRow {
  id: string;
  slug: string;
  name: string;
  default_language: string;
}

/**
 * The workspace of /help/<slug>/ (or of its id, which the routes redirect to
 * the slug); undefined when there is none. Crosses workspaces: the URL is how
 * a reader names one.
 */
export async function unscopedFindFaqWorkspace(
  db: Db,
  key: string,
): Promise<FaqWorkspaceRow | undefined> {
  const bySlug = await db
    .selectFrom('workspaces')
    .select(['id', 'slug', 'name', 'default_language'])
    .where('slug', '=', key)
    .executeTakeFirst();
  if (bySlug || !/^[1-9]\d{0,17}$/.test(key)) return bySlug;
  return db
    .selectFrom('workspaces')
    .select(['id', 'slug', 'name', 'default_language'])
    .where('id', '=', key)
    .executeTakeFirst();
}

/** The languages a help centre has public, published articles in, in the switch's order. */
export async function listFaqLanguages(db: Db, workspaceId: string): Promise<string[]> {
  const result = await sql<{ code: string }>`
    select l.code
    from unnest(${LANGUAGE_LIST}) with ordinality as l (code, n)
    where exists (
      select 1 from knowledge_article_versions v
      join knowledge_articles a on a.workspace_id = v.workspace_id and a.id = v.article_id
      where v.workspace_id = ${workspaceId} and v.language = l.code and v.state = 'published'
        and a.visibility = 'public')
    order by l.n`.execute(db);
  return result.rows.map((r) => r.code);
}

/** The languages one category has public, published articles in, in the switch's order. */
export async function listCategoryLanguages(
  db: Db,
  workspaceId: string,
  categoryId: string,
): Promise<string[]> {
  const result = await sql<{ code: string }>`
    select l.code
    from unnest(${LANGUAGE_LIST}) with ordinality as l (code, n)
    where exists (
      select 1 from knowledge_articles a
      join knowledge_article_versions v on v.workspace_id = a.workspace_id and v.article_id = a.id
      where a.workspace_id = ${workspaceId} and a.category_id = ${categoryId}
        and a.visibility = 'public' and v.language = l.code and v.state = 'published')
    order by l.n`.execute(db);
  return result.rows.map((r) => r.code);
}

/**
 * Slugs of the workspaces whose FAQ has a public, published article, newest
 * first, at most `limit`: the Sitemap lines of /robots.txt (a deployment with
 * more help centres submits their sitemaps to search engines directly).
 * Crosses workspaces by design (robots.txt is one per host); a FAQ is public,
 * so its slug is too.
 */
export async function unscopedListFaqWorkspaceSlugs(db: Db, limit: number): Promise<string[]> {
  const result = await sql<{ slug: string }>`
    select w.slug from workspaces w
    where exists (
      select 1 from knowledge_articles a
      join knowledge_article_versions v on v.workspace_id = a.workspace_id and v.article_id = a.id
      where a.workspace_id = w.id and a.visibility = 'public' and v.state = 'published')
    order by w.id desc
    limit ${limit}`.execute(db);
  return result.rows.map((r) => r.slug);
}
