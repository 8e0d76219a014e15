// Use cases of the workspace tag catalogue. Conversations store their tags by
// name, so a rename or a delete here rewrites those conversations in the same
// transaction: a tag never points at a name the catalogue no longer has.
import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import { canTag } from './tag.policy.ts';
import type { TagView } from './tag.presenter.ts';
import * as repo from './tag.repo.ts';

const NAME_TAKEN = 'a tag with this name already exists';

export interface TagInput {
  name: string;
  color: string;
  description: string;
}

function requireCurator(ctx: Ctx) {
  if (!canTag(ctx.actor, 'update'))
    throw forbidden('only a supervisor or an admin can change the tag catalogue');
}

/** A page of the catalogue by name, each tag with its usage; rows are limit + 1. */
export async function listTags(ctx: Ctx, input: { q?: string; cursor?: string; limit: number }) {
  if (!canTag(ctx.actor, 'view')) throw forbidden();
  let after: [string, string] | undefined;
  if (input.cursor) {
    const [name, id] = decodeCursor(input.cursor, 2);
    if (typeof name !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [name, id];
  }
  return repo.listTags(ctx.db, ctx.workspaceId, {
    q: input.q || undefined,
    after,
    limit: input.limit,
  });
}

/** The keyset of a tag in listTags' order. */
export const tagCursorKey = (t: TagView) => [t.name, t.id];

/** A tag of the workspace with its usage, or not_found (also for another workspace's). */
export async function getTag(ctx: Ctx, tagId: string): Promise<TagView> {
  if (!canTag(ctx.actor, 'view')) throw forbidden();
  const tag = await repo.findTag(ctx.db, ctx.workspaceId, tagId);
  if (!tag) throw notFound('tag');
  return tag;
}

async function checkNameFree(ctx: Ctx, name: string, exceptTagId?: string) {
  const other = await repo.findTagByName(ctx.db, ctx.workspaceId, name);
  if (other && other.id !== exceptTagId) throw conflict(NAME_TAKEN, { name: 'is taken' });
}

/** Turns a lost race on the unique name into the same conflict the check gives. */
async function withNameConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(NAME_TAKEN, { name: 'is taken' });
    throw err;
  }
}

/** A supervisor or admin adds a tag to the catalogue. */
export async function createTag(ctx: Ctx, input: TagInput) {
  requireCurator(ctx);
  return withTransaction(ctx, async (tx) => {
    await checkNameFree(tx, input.name);
    const tag = await withNameConflict(() =>
      repo.insertTag(tx.db, tx.workspaceId, { ...input, created_at: tx.now() }),
    );
    await recordEvent(tx, { type: 'tag.created', data: { tag_id: tag.id, after: input } });
    return getTag(tx, tag.id);
  });
}

/**
 * A supervisor or admin changes a tag. A new name is written onto every
 * conversation carrying the old one, in the same transaction.
 */
export async function updateTag(ctx: Ctx, tagId: string, patch: Partial<TagInput>) {
  requireCurator(ctx);
  return withTransaction(ctx, async (tx) => {
    const before = await repo.findTagForUpdate(tx.db, tx.workspaceId, tagId);
    if (!before) throw notFound('tag');
    const keys = (Object.keys(patch) as (keyof TagInput)[]).filter(
      (k) => patch[k] !== undefined && patch[k] !== before[k],
    );
    if (keys.length === 0) return getTag(tx, tagId);
    const changes = Object.fromEntries(keys.map((k) => [k, patch[k]])) as Partial<TagInput>;
    let renamed = 0;
    if (changes.name !== undefined) {
      await checkNameFree(tx, changes.name, tagId);
      renamed = await repo.renameConversationTag(
        tx.db,
        tx.workspaceId,
        before.name,
        changes.name,
        tx.now(),
      );
    }
    await withNameConflict(() => repo.updateTag(tx.db, tx.workspaceId, tagId, changes, tx.now()));
    await recordEvent(tx, {
      type: 'tag.updated',
      data: {
        tag_id: tagId,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: changes,
        conversations_changed: renamed,
      },
    });
    return getTag(tx, tagId);
  });
}

/** A supervisor or admin deletes a tag; it is taken off every conversation that carries it. */
export async function deleteTag(ctx: Ctx, tagId: string) {
  requireCurator(ctx);
  await withTransaction(ctx, async (tx) => {
    const tag = await repo.findTagForUpdate(tx.db, tx.workspaceId, tagId);
    if (!tag) throw notFound('tag');
    const removed = await repo.removeConversationTag(tx.db, tx.workspaceId, tag.name, tx.now());
    await repo.deleteTag(tx.db, tx.workspaceId, tagId);
    await recordEvent(tx, {
      type: 'tag.deleted',
      data: {
        tag_id: tagId,
        before: { name: tag.name, color: tag.color, description: tag.description },
        conversations_changed: removed,
      },
    });
  });
}
