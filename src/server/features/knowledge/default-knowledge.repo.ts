import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, KnowledgeState } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SeedCategory {
  slug: string;
  position: number;
  translations: { language: string; name: string; description: string }[];
}

export interface SeedArticle {
  categorySlug: string;
  slug: string;
  position: number;
  versions: {
    language: string;
    title: string;
    body_markdown: string;
    body_html: string;
    body_text: string;
    meta_description: string;
  }[];
}

/**
 * Writes a whole knowledge base in six statements, whatever its size: every
 * new workspace (and every test's) gets the default FAQ, so it must be cheap.
 * Each version gets its first revision, written by the system.
 */
export async function insertKnowledgeBase(
  db: Db,
  workspaceId: string,
  content: {
    categories: SeedCategory[];
    articles: SeedArticle[];
    state: KnowledgeState;
    now: Date;
  },
) {
  const { now, state } = content;
  const categories = await db
    .insertInto('knowledge_categories')
    .values(
      content.categories.map((c) => ({
        workspace_id: workspaceId,
        slug: c.slug,
        position: c.position,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning(['id', 'slug'])
    .execute();
  const categoryId = new Map(categories.map((c) => [c.slug, c.id]));
  await db
    .insertInto('knowledge_category_translations')
    .values(
      content.categories.flatMap((c) =>
        c.translations.map((t) => ({
          workspace_id: workspaceId,
          category_id: categoryId.get(c.slug)!,
          ...t,
        })),
      ),
    )
    .execute();
  const articles = await db
    .insertInto('knowledge_articles')
    .values(
      content.articles.map((a) => ({
        workspace_id: workspaceId,
        category_id: categoryId.get(a.categorySlug)!,
        visibility: 'public' as const,
        slug: a.slug,
        position: a.position,
        created_by: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning(['id', 'slug'])
    .execute();
  const articleId = new Map(articles.map((a) => [a.slug, a.id]));
  const versions = content.articles.flatMap((a) =>
    a.versions.map((v) => ({ ...v, article_id: articleId.get(a.slug)! })),
  );
  await db
    .insertInto('knowledge_article_versions')
    .values(
      versions.map((v) => ({
        workspace_id: workspaceId,
        ...v,
        state,
        published_at: state === 'published' ? now : null,
        updated_by: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('knowledge_article_revisions')
    .values(
      versions.map((v) => ({
        workspace_id: workspaceId,
        article_id: v.article_id,
        language: v.language,
        title: v.title,
        body_markdown: v.body_markdown,
        meta_description: v.meta_description,
        state,
        restored_from_id: null,
        author_id: null,
        created_at: now,
      })),
    )
    .execute();
  // Each version points at its one revision.
  await sql`update knowledge_article_versions v set revision_id = r.id
    from knowledge_article_revisions r
    where v.workspace_id = ${workspaceId} and r.workspace_id = v.workspace_id
      and r.article_id = v.article_id and r.language = v.language`.execute(db);
}
