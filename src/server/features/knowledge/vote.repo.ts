import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The article's visibility and the state of one of its language versions, if it exists. */
export function findVotableVersion(
  db: Db,
  workspaceId: string,
  articleId: string,
  language: string,
) {
  return db
    .selectFrom('knowledge_article_versions as v')
    .innerJoin('knowledge_articles as a', (j) =>
      j.onRef('a.workspace_id', '=', 'v.workspace_id').onRef('a.id', '=', 'v.article_id'),
    )
    .select(['a.visibility', 'v.state'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.article_id', '=', articleId)
    .where('v.language', '=', language)
    .executeTakeFirst();
}

/**
 * Records a vote, or changes the voter's earlier vote on this language
 * version (one row per voter). A comment left undefined keeps the earlier one.
 */
export function upsertVote(
  db: Db,
  workspaceId: string,
  v: {
    article_id: string;
    language: string;
    helpful: boolean;
    comment: string | null | undefined;
    voter_key: string;
    client_id: string | null;
    now: Date;
  },
) {
  const keepComment = v.comment === undefined;
  return (
    db
      .insertInto('knowledge_votes')
      .values({
        workspace_id: workspaceId,
        article_id: v.article_id,
        language: v.language,
        helpful: v.helpful,
        comment: v.comment ?? null,
        voter_key: v.voter_key,
        client_id: v.client_id,
        created_at: v.now,
        updated_at: v.now,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'article_id', 'language', 'voter_key']).doUpdateSet((eb) => ({
          helpful: eb.ref('excluded.helpful'),
          comment: keepComment ? eb.ref('knowledge_votes.comment') : eb.ref('excluded.comment'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      // xmax is 0 only on a row this statement inserted (not on one it updated).
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow()
  );
}

/** Helpful and not-helpful counts and the number of comments, per language. */
export function countVotes(db: Db, workspaceId: string, articleId: string) {
  return db
    .selectFrom('knowledge_votes')
    .select([
      'language',
      sql<number>`count(*) filter (where helpful)::int`.as('helpful'),
      sql<number>`count(*) filter (where not helpful)::int`.as('not_helpful'),
      sql<number>`count(comment)::int`.as('comment_count'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId)
    .groupBy('language')
    .execute();
}

/** The newest comments of each language, at most perLanguage of them. */
export function listLatestComments(
  db: Db,
  workspaceId: string,
  articleId: string,
  perLanguage: number,
) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('knowledge_votes')
        .select([
          'id',
          'language',
          'helpful',
          'comment',
          'client_id',
          'updated_at',
          sql<number>`row_number() over (partition by language order by id desc)`.as('n'),
        ])
        .where('workspace_id', '=', workspaceId)
        .where('article_id', '=', articleId)
        .where('comment', 'is not', null)
        .as('c'),
    )
    .selectAll()
    .where('n', '<=', perLanguage)
    .orderBy('language')
    .orderBy('id', 'desc')
    .execute();
}

/** A page of an article's votes, newest first (limit + 1 rows). */
export function listVotes(
  db: Db,
  workspaceId: string,
  articleId: string,
  f: { language?: string; withComment?: boolean; beforeId?: string; limit: number },
) {
  let query = db
    .selectFrom('knowledge_votes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('article_id', '=', articleId);
  if (f.language) query = query.where('language', '=', f.language);
  if (f.withComment === true) query = query.where('comment', 'is not', null);
  if (f.withComment === false) query = query.where('comment', 'is', null);
  if (f.beforeId) query = query.where('id', '<', f.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
