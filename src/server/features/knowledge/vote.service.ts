import { createHash } from 'node:crypto';
import type { Language } from '../../../shared/api/common.ts';
import { withTransaction, type Ctx } from '../../context.ts';
import { invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { getClient } from '../clients/client.service.ts';
import * as articles from './article.repo.ts';
import { assertCanKnowledge } from './knowledge.policy.ts';
import * as versions from './version.repo.ts';
import * as repo from './vote.repo.ts';

/** Comments shown per language in a vote summary; the rest are in the paginated list. */
export const SUMMARY_COMMENTS = 10;

/**
 * Who votes: a known client (signed in to the portal, or named by an
 * integration), or an anonymous FAQ reader known only by a fingerprint (a
 * cookie id, say), which is stored hashed.
 */
export type KnowledgeVoter =
  { kind: 'client'; clientId: string } | { kind: 'anonymous'; fingerprint: string };

export interface VoteInput {
  language: string;
  helpful: boolean;
  /** undefined keeps the voter's earlier comment; "" removes it. */
  comment?: string;
  voter: KnowledgeVoter;
}

function voterKey(ctx: Ctx, voter: KnowledgeVoter) {
  if (voter.kind === 'client') return `c:${voter.clientId}`;
  const digest = createHash('sha256')
    .update(`${ctx.workspaceId}\n${voter.fingerprint}`)
    .digest('hex');
  return `a:${digest}`;
}

/**
 * Records or changes a vote on a published language version: one vote per
 * voter and language, so voting again changes it. `publicOnly` refuses
 * internal articles (the FAQ and the portal must not reveal they exist).
 */
async function recordVote(ctx: Ctx, articleId: string, input: VoteInput, publicOnly: boolean) {
  if (input.voter.kind === 'anonymous' && input.voter.fingerprint.trim().length < 8)
    throw invalid({ fingerprint: 'must be at least 8 characters' });
  return withTransaction(ctx, async (tx) => {
    const version = await repo.findVotableVersion(tx.db, tx.workspaceId, articleId, input.language);
    if (
      !version ||
      version.state !== 'published' ||
      (publicOnly && version.visibility !== 'public')
    )
      throw notFound('article');
    if (input.voter.kind === 'client') await getClient(tx, input.voter.clientId);
    const comment = input.comment === undefined ? undefined : input.comment.trim() || null;
    return repo.upsertVote(tx.db, tx.workspaceId, {
      article_id: articleId,
      language: input.language,
      helpful: input.helpful,
      comment,
      voter_key: voterKey(tx, input.voter),
      client_id: input.voter.kind === 'client' ? input.voter.clientId : null,
      now: tx.now(),
    });
  });
}

/**
 * An integration (admin or supervisor token) records a client's or an
 * anonymous reader's vote on any published version, internal or public;
 * answers whether the vote is new and the article's vote summary.
 */
export async function castVote(ctx: Ctx, articleId: string, input: VoteInput) {
  assertCanKnowledge(ctx.actor, 'vote');
  const row = await recordVote(ctx, articleId, input, false);
  return { inserted: row.inserted, summary: await getVoteSummary(ctx, articleId) };
}

/**
 * The public FAQ's and the portal's "Was this helpful?": ctx is the
 * workspace's system ctx; only public, published versions take votes.
 * Returns the vote and whether it was new (false: the voter changed it).
 */
export async function castPublicVote(
  ctx: Ctx,
  input: VoteInput & { articleId: string },
): Promise<{ id: string; helpful: boolean; comment: string | null; inserted: boolean }> {
  assertCanKnowledge(ctx.actor, 'vote');
  const row = await recordVote(ctx, input.articleId, input, true);
  return { id: row.id, helpful: row.helpful, comment: row.comment, inserted: row.inserted };
}

/** Per language of the article: helpful and not-helpful counts, and the newest comments. */
export async function getVoteSummary(ctx: Ctx, articleId: string) {
  assertCanKnowledge(ctx.actor, 'read');
  if (!(await articles.findArticle(ctx.db, ctx.workspaceId, articleId))) throw notFound('article');
  const languages = await versions.listVersionSummaries(ctx.db, ctx.workspaceId, [articleId]);
  const counts = await repo.countVotes(ctx.db, ctx.workspaceId, articleId);
  const comments = await repo.listLatestComments(
    ctx.db,
    ctx.workspaceId,
    articleId,
    SUMMARY_COMMENTS,
  );
  // Every language the article is written in, voted on or not (votes go with their version).
  const codes = languages.map((v) => v.language);
  return {
    article_id: articleId,
    languages: codes.map((language) => {
      const c = counts.find((x) => x.language === language);
      return {
        language: language as Language,
        helpful: c?.helpful ?? 0,
        not_helpful: c?.not_helpful ?? 0,
        comment_count: c?.comment_count ?? 0,
        latest_comments: comments
          .filter((x) => x.language === language)
          .map((x) => ({
            id: x.id,
            helpful: x.helpful,
            comment: x.comment ?? '',
            client_id: x.client_id,
            updated_at: x.updated_at.toISOString(),
          })),
      };
    }),
  };
}

/** A page of an article's votes, newest first; rows are limit + 1 (for toPage). */
export async function listVotes(
  ctx: Ctx,
  articleId: string,
  input: { language?: string; with_comment?: boolean; cursor?: string; limit: number },
) {
  assertCanKnowledge(ctx.actor, 'read');
  if (!(await articles.findArticle(ctx.db, ctx.workspaceId, articleId))) throw notFound('article');
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    beforeId = id;
  }
  return repo.listVotes(ctx.db, ctx.workspaceId, articleId, {
    language: input.language,
    withComment: input.with_comment,
    beforeId,
    limit: input.limit,
  });
}
