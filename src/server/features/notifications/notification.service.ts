import type { Ctx } from '../../context.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import * as repo from './notification.repo.ts';

// Notifications belong to one user: every use case acts on the caller's own,
// and another user's notification is not found, exactly like a missing one.

function ownerOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'user') throw forbidden('notifications belong to a signed-in user');
  return ctx.actor.userId;
}

/** A page of the caller's notifications, newest first; rows are limit + 1. */
export async function listNotifications(
  ctx: Ctx,
  input: { cursor?: string; limit: number; unread?: boolean },
) {
  const userId = ownerOf(ctx);
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    beforeId = id;
  }
  return repo.listNotifications(ctx.db, ctx.workspaceId, userId, {
    unread: input.unread,
    beforeId,
    limit: input.limit,
  });
}

export const notificationCursorKey = (n: { id: string }) => [n.id];

/** How many of the caller's notifications are unread (the badge). */
export async function countUnreadNotifications(ctx: Ctx) {
  return repo.countUnread(ctx.db, ctx.workspaceId, ownerOf(ctx));
}

/** Marks one of the caller's notifications read; reading it twice keeps the first time. */
export async function markNotificationRead(ctx: Ctx, id: string) {
  const n = await repo.markRead(ctx.db, ctx.workspaceId, ownerOf(ctx), id, ctx.now());
  if (!n) throw notFound('notification');
  return n;
}

/** Marks every unread notification of the caller read. */
export async function markAllNotificationsRead(ctx: Ctx) {
  return repo.markAllRead(ctx.db, ctx.workspaceId, ownerOf(ctx), ctx.now());
}

/**
 * Notifies users of something that happened (an escalation, a callback…), in the
 * caller's transaction; one notification per user and dedupe key.
 */
export async function notifyUsers(
  ctx: Ctx,
  n: {
    userIds: readonly string[];
    kind: string;
    conversationId?: string | null;
    data: Record<string, unknown>;
    dedupeKey?: string;
  },
) {
  const now = ctx.now();
  await repo.insertNotifications(
    ctx.db,
    ctx.workspaceId,
    [...new Set(n.userIds)].map((userId) => ({
      user_id: userId,
      kind: n.kind,
      conversation_id: n.conversationId ?? null,
      data: n.data,
      dedupe_key: n.dedupeKey ?? null,
      created_at: now,
    })),
  );
}
