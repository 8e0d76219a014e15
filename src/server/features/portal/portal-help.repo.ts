import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Records a deflected request; a second one for the same view of the form is ignored. */
export async function insertDeflection(
  db: Db,
  workspaceId: string,
  d: {
    articleId: string;
    language: string;
    clientId: string | null;
    viewKey: string;
    at: Date;
  },
) {
  const row = await db
    .insertInto('portal_deflections')
    .values({
      workspace_id: workspaceId,
      article_id: d.articleId,
      language: d.language,
      client_id: d.clientId,
      view_key: d.viewKey,
      created_at: d.at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'view_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deflections counted per article and language in a time range, most first,
 * with the article's slug and its title in that language when it still has one.
 */
export function countDeflections(
  db: Db,
  workspaceId: string,
  range: { from: Date; to: Date },
  limit: number,
) {
  return db
    .selectFrom('portal_deflections as d')
    .leftJoin('knowledge_articles as a', (j) =>
      j.onRef('a.workspace_id', '=', 'd.workspace_id').onRef('a.id', '=', 'd.article_id'),
    )
    .leftJoin('knowledge_article_versions as v', (j) =>
      j
        .onRef('v.workspace_id', '=', 'd.workspace_id')
        .onRef('v.article_id', '=', 'd.article_id')
        .onRef('v.language', '=', 'd.language'),
    )
    .where('d.workspace_id', '=', workspaceId)
    .where('d.created_at', '>=', range.from)
    .where('d.created_at', '<', range.to)
    .groupBy(['d.article_id', 'd.language', 'a.slug', 'v.title'])
    .select(['d.article_id', 'd.language', 'a.slug', 'v.title', sql<string>`count(*)`.as('count')])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('d.article_id')
    .orderBy('d.language')
    .limit(limit)
    .execute();
}

/** How many deflections a range holds in all. */
export async function totalDeflections(
  db: Db,
  workspaceId: string,
  range: { from: Date; to: Date },
) {
  const row = await db
    .selectFrom('portal_deflections')
    .select(sql<string>`count(*)`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
