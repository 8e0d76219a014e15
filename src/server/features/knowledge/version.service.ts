import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { KnowledgeState } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import * as articles from './article.repo.ts';
import { assertCanKnowledge } from './knowledge.policy.ts';
import { renderArticleBody } from './markdown.ts';
import * as repo from './version.repo.ts';

export interface VersionContentInput {
  title: string;
  body_markdown: string;
  meta_description: string;
  state: KnowledgeState;
}

async function getVersion(ctx: Ctx, articleId: string, language: string) {
  const found = await repo.findVersion(ctx.db, ctx.workspaceId, articleId, language);
  if (!found) throw notFound('article version');
  return found;
}

/** The version as the API shows it (with who saved it last). */
export async function getFullVersion(ctx: Ctx, articleId: string, language: string) {
  const rows = await repo.listVersions(ctx.db, ctx.workspaceId, articleId);
  const row = rows.find((v) => v.language === language);
  if (!row) throw notFound('article version');
  return row;
}

/**
 * Writes a language version and its revision, in the caller's transaction,
 * with the article row already locked: renders and sanitises the body, keeps
 * the first publication time while the version stays published.
 */
export async function writeVersion(
  tx: Ctx,
  articleId: string,
  language: string,
  input: VersionContentInput,
  current: repo.VersionRow | undefined,
  restoredFromId: string | null = null,
) {
  const now = tx.now();
  const rendered = renderArticleBody(input.body_markdown);
  const content: repo.VersionContent = {
    title: input.title,
    body_markdown: input.body_markdown,
    body_html: rendered.html,
    body_text: rendered.text,
    meta_description: input.meta_description,
    state: input.state,
    published_at:
      input.state === 'published'
        ? current?.state === 'published' && current.published_at
          ? current.published_at
          : now
        : null,
    updated_by: actorUserId(tx),
  };
  if (current) await repo.updateVersion(tx.db, tx.workspaceId, articleId, language, content, now);
  else await repo.insertVersion(tx.db, tx.workspaceId, articleId, language, content, now);
  const revision = await repo.insertRevision(tx.db, tx.workspaceId, {
    article_id: articleId,
    language,
    title: input.title,
    body_markdown: input.body_markdown,
    meta_description: input.meta_description,
    state: input.state,
    restored_from_id: restoredFromId,
    author_id: actorUserId(tx),
    created_at: now,
  });
  await repo.setVersionRevision(tx.db, tx.workspaceId, articleId, language, revision.id);
  await articles.updateArticle(tx.db, tx.workspaceId, articleId, {}, now);
  await recordEvent(tx, {
    type: restoredFromId
      ? 'knowledge_article.revision_restored'
      : 'knowledge_article.version_saved',
    data: {
      article_id: articleId,
      language,
      revision_id: revision.id,
      ...(restoredFromId ? { restored_from_id: restoredFromId } : {}),
      before: current ? { title: current.title, state: current.state } : null,
      after: { title: input.title, state: input.state },
    },
  });
  return revision.id;
}

async function lockArticle(tx: Ctx, articleId: string) {
  const article = await articles.lockArticle(tx.db, tx.workspaceId, articleId);
  if (!article) throw notFound('article');
  return article;
}

/**
 * Saves a language version: as a draft (which also takes it off the FAQ when
 * it was published), or published. Every save keeps a revision. With
 * base_revision_id, a save over someone else's newer save is refused.
 */
export async function saveVersion(
  ctx: Ctx,
  articleId: string,
  language: string,
  input: VersionContentInput & { base_revision_id?: string },
) {
  assertCanKnowledge(ctx.actor, 'write');
  return withTransaction(ctx, async (tx) => {
    await lockArticle(tx, articleId);
    const current = await repo.findVersion(tx.db, tx.workspaceId, articleId, language, true);
    if (input.base_revision_id !== undefined && current?.revision_id !== input.base_revision_id)
      throw conflict('someone saved this version after you opened it: reload it and try again', {
        base_revision_id: current
          ? `is not the newest revision (${current.revision_id})`
          : 'the version no longer exists',
      });
    await writeVersion(tx, articleId, language, input, current);
    return {
      created: !current,
      version: await getFullVersion(tx, articleId, language),
    };
  });
}

/**
 * The HTML a save of this Markdown would store (rendered and sanitised), for
 * the editor's live preview; nothing is written.
 */
export function previewBody(ctx: Ctx, bodyMarkdown: string) {
  assertCanKnowledge(ctx.actor, 'write');
  return { body_html: renderArticleBody(bodyMarkdown).html };
}

/** Deletes one language version (with its revisions and votes); the last one cannot go. */
export async function deleteVersion(ctx: Ctx, articleId: string, language: string) {
  assertCanKnowledge(ctx.actor, 'write');
  await withTransaction(ctx, async (tx) => {
    await lockArticle(tx, articleId);
    const before = await getVersion(tx, articleId, language);
    if ((await repo.countVersions(tx.db, tx.workspaceId, articleId)) <= 1)
      throw conflict('this is the only language of the article: delete the article instead', {
        language: 'is the only version',
      });
    await repo.deleteVersion(tx.db, tx.workspaceId, articleId, language);
    await articles.updateArticle(tx.db, tx.workspaceId, articleId, {}, tx.now());
    await recordEvent(tx, {
      type: 'knowledge_article.version_deleted',
      data: { article_id: articleId, language, before: { title: before.title } },
    });
  });
}

export async function showVersion(ctx: Ctx, articleId: string, language: string) {
  assertCanKnowledge(ctx.actor, 'read');
  if (!(await articles.findArticle(ctx.db, ctx.workspaceId, articleId))) throw notFound('article');
  return getFullVersion(ctx, articleId, language);
}

/** A page of a version's revisions, newest first; rows are limit + 1 (for toPage). */
export async function listRevisions(
  ctx: Ctx,
  articleId: string,
  language: string,
  input: { cursor?: string; limit: number },
) {
  assertCanKnowledge(ctx.actor, 'read');
  await getVersion(ctx, articleId, language);
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    beforeId = id;
  }
  return repo.listRevisions(ctx.db, ctx.workspaceId, articleId, language, {
    beforeId,
    limit: input.limit,
  });
}

/** One revision with its Markdown, to preview or compare before restoring. */
export async function showRevision(
  ctx: Ctx,
  articleId: string,
  language: string,
  revisionId: string,
) {
  assertCanKnowledge(ctx.actor, 'read');
  const revision = await repo.findRevision(
    ctx.db,
    ctx.workspaceId,
    articleId,
    language,
    revisionId,
  );
  if (!revision) throw notFound('revision');
  return revision;
}

/**
 * Brings an earlier revision's title, text and meta description back as a
 * new save (a new revision pointing to it); the version keeps its state, so
 * restoring into a published version publishes the restored text.
 */
export async function restoreRevision(
  ctx: Ctx,
  articleId: string,
  language: string,
  revisionId: string,
) {
  assertCanKnowledge(ctx.actor, 'write');
  return withTransaction(ctx, async (tx) => {
    await lockArticle(tx, articleId);
    const current = await repo.findVersion(tx.db, tx.workspaceId, articleId, language, true);
    if (!current) throw notFound('article version');
    const revision = await repo.findRevision(
      tx.db,
      tx.workspaceId,
      articleId,
      language,
      revisionId,
    );
    if (!revision) throw notFound('revision');
    await writeVersion(
      tx,
      articleId,
      language,
      {
        title: revision.title,
        body_markdown: revision.body_markdown,
        meta_description: revision.meta_description,
        state: current.state,
      },
      current,
      revision.id,
    );
    return getFullVersion(tx, articleId, language);
  });
}
