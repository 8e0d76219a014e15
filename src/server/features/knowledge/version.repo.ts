import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, KnowledgeArticleVersionsTable, KnowledgeState } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type VersionRow = Omit<Selectable<KnowledgeArticleVersionsTable>, 'search_vector'>;

const VERSION_COLUMNS = [
  'v.workspace_id',
  'v.article_id',
  'v.language',
  'v.title',
  'v.body_markdown',
  'v.body_html',
  'v.body_text',
  'v.meta_description',
  'v.state',
  'v.published_at',
  'v.revision_id',
  'v.updated_by',
  'v.created_at',
  'v.updated_at',
] as const;

/** The language versions of some articles, without their bodies (lists). */
export function listVersionSummaries(db: Db, workspaceId: string, articleIds: string[]) {
  if (articleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('knowledge_article_versions')
    .select(['article_id', 'language', 'title', 'state', 'published_at', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('article_id', 'in', articleIds)
    .orderBy('article_id')
    .orderBy('language')
    .execute();
}

export type VersionSummaryRow = Awaited<ReturnType<typeof listVersionSummaries>>[number];

/** Every language version of an article with its body and who saved it last. */
export function listVersions(db: Db, workspaceId: string, articleId: string) {
  return db
    .selectFrom('knowledge_article_versions as v')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'v.workspace_id').onRef('u.id', '=', 'v.updated_by'),
    )
    .select([...VERSION_COLUMNS, 'u.name as updated_by_name'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.article_id', '=', articleId)
    .orderBy('v.language')
    .execute();
}

export type VersionWithAuthorRow = Awaited<ReturnType<typeof listVersions>>[number];

/** One language version; `lock` holds it for the rest of the transaction. */
export function findVersion(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  lock = false,
) {
  let query = db
    .selectFrom('knowledge_article_versions as v')
    .select(VERSION_COLUMNS)
    .where('v.workspace_id', '=', workspaceId)
    .where('v.article_id', '=', articleId)
    .where('v.language', '=', language);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface VersionContent {
  title: string;
  body_markdown: string;
  body_html: string;
  body_text: string;
  meta_description: string;
  state: KnowledgeState;
  published_at: Date | null;
  updated_by: string | null;
}

export async function insertVersion(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  content: VersionContent,
  now: Date,
) {
  await db
    .insertInto('knowledge_article_versions')
    .values({
      workspace_id: workspaceId,
      article_id: articleId,
      language,
      ...content,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateVersion(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  content: VersionContent,
  now: Date,
) {
  await db
    .updateTable('knowledge_article_versions')
    .set({ ...content, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .execute();
}

/** Records which revision the version now shows. */
export async function setVersionRevision(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  revisionId: string,
) {
  await db
    .updateTable('knowledge_article_versions')
    .set({ revision_id: revisionId })
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .execute();
}

export async function deleteVersion(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
) {
  const rows = await db
    .deleteFrom('knowledge_article_versions')
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .returning('language')
    .execute();
  return rows.length > 0;
}

export async function countVersions(db: Db, workspaceId: string, articleId: string) {
  const row = await db
    .selectFrom('knowledge_article_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- revisions ----

export function insertRevision(
  db: Db,
  workspaceId: string,
  values: {
    article_id: string;
    language: string;
    title: string;
    body_markdown: string;
    meta_description: string;
    state: KnowledgeState;
    restored_from_id: string | null;
    author_id: string | null;
    created_at: Date;
  },
) {
  return db
    .insertInto('knowledge_article_revisions')
    .values({ workspace_id: workspaceId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function selectRevisions(db: Db, workspaceId: string, articleId: string, language: string) {
  return db
    .selectFrom('knowledge_article_revisions as r')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'r.workspace_id').onRef('u.id', '=', 'r.author_id'),
    )
    .where('r.workspace_id', '=', workspaceId)
    .where('r.article_id', '=', articleId)
    .where('r.language', '=', language)
    .select([
      'r.id',
      'r.article_id',
      'r.language',
      'r.title',
      'r.meta_description',
      'r.state',
      'r.restored_from_id',
      'r.author_id',
      'u.name as author_name',
      'r.created_at',
    ]);
}

/** A page of a version's revisions, newest first (limit + 1 rows). */
export function listRevisions(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  f: { beforeId?: string; limit: number },
) {
  let query = selectRevisions(db, workspaceId, articleId, language);
  if (f.beforeId) query = query.where('r.id', '<', f.beforeId);
  return query
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export type RevisionRow = Awaited<ReturnType<typeof listRevisions>>[number];

export function findRevision(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
  revisionId: string,
) {
  return selectRevisions(db, workspaceId, articleId, language)
    .select('r.body_markdown')
    .where('r.id', '=', revisionId)
    .executeTakeFirst();
}
