import { actorUserId, type Ctx } from '../../context.ts';
import * as repo from './event.repo.ts';

export interface NewEvent {
  type: string;
  conversationId?: string | null;
  clientId?: string | null;
  /** What changed: { before, after } for edits, or what the type needs. */
  data?: Record<string, unknown>;
  /** Set when a client (not a user or the system) caused it. */
  byClient?: boolean;
  /** When it happened, if not ctx.now() (a message ingested a while after it arrived). */
  at?: Date;
}

/** Appends one event to the timeline and audit trail, in the caller's transaction. */
export function recordEvent(ctx: Ctx, e: NewEvent) {
  return repo.insertEvent(ctx.db, ctx.workspaceId, eventRow(ctx, e));
}

/** Appends several events in one statement, in the caller's transaction. */
export function recordEvents(ctx: Ctx, events: NewEvent[]) {
  return repo.insertEvents(
    ctx.db,
    ctx.workspaceId,
    events.map((e) => eventRow(ctx, e)),
  );
}

/**
 * The row recordEvent writes for an event, for a use case that must write it
 * within one of its own statements (see numberConversation).
 */
export function eventRow(ctx: Ctx, e: NewEvent) {
  const userId = actorUserId(ctx);
  return {
    type: e.type,
    actor_kind: e.byClient ? ('client' as const) : userId ? ('user' as const) : ('system' as const),
    actor_user_id: e.byClient ? null : userId,
    conversation_id: e.conversationId ?? null,
    client_id: e.clientId ?? null,
    data: e.data ?? {},
    created_at: e.at ?? ctx.now(),
  };
}

export type EventRow = ReturnType<typeof eventRow>;

/** A page of a timeline, newest first (limit + 1 rows, for toPage): a conversation's or some clients'. */
export function listTimelineEvents(
  ctx: Ctx,
  about: { conversationId?: string; clientIds?: string[] },
  limit: number,
  beforeId?: string,
) {
  return repo.listEvents(ctx.db, ctx.workspaceId, about, limit, beforeId);
}
