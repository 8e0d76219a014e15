// A client's requests in the portal: the list, one request with the messages
// they may read, replying (an inbound message), opening a new request, and
// rating a resolved one. ctx is the workspace's system ctx; the viewer is the
// signed-in client, and every use case checks the portal policy first.
import { withTransaction, type Ctx } from '../../context.ts';
import type { ConversationStatus } from '../../db/schema.ts';
import { AppError, conflict, forbidden, notFound } from '../../errors.ts';
import { decodeTimeIdCursor, encodeCursor } from '../../pagination.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { attachToMessage, listMessageAttachments } from '../attachments/attachment.service.ts';
import { createConversation } from '../conversations/conversation.service.ts';
import { appendMessage } from '../conversations/conversation.workflow.ts';
import { recordEvent } from '../events/event.service.ts';
import { canPortal, type PortalViewer } from './portal.policy.ts';
import * as repo from './portal-requests.repo.ts';

export type CheckpointKey = 'received' | 'handling' | 'waiting' | 'resolved';
export interface Checkpoint {
  key: CheckpointKey;
  state: 'done' | 'current' | 'todo';
}

/**
 * Where a request stands, as the client follows it: received, being handled,
 * waiting for the client (only while it does), resolved.
 */
export function checkpointsOf(status: ConversationStatus): Checkpoint[] {
  const step = (key: CheckpointKey, state: Checkpoint['state']) => ({ key, state });
  switch (status) {
    case 'new':
      return [step('received', 'current'), step('handling', 'todo'), step('resolved', 'todo')];
    case 'open':
    case 'on_hold':
      return [step('received', 'done'), step('handling', 'current'), step('resolved', 'todo')];
    case 'pending':
      return [
        step('received', 'done'),
        step('handling', 'done'),
        step('waiting', 'current'),
        step('resolved', 'todo'),
      ];
    case 'resolved':
    case 'closed':
      return [step('received', 'done'), step('handling', 'done'), step('resolved', 'current')];
  }
}

/** What the client can expect next: an answer by a time, their own reply, or nothing (done). */
export type Expectation =
  | { kind: 'by'; at: Date; late: boolean }
  | { kind: 'asap' }
  | { kind: 'waiting' }
  | { kind: 'done' };

export function expectationOf(
  r: { status: ConversationStatus; answer_due_at: Date | null },
  now: Date,
): Expectation {
  if (r.status === 'resolved' || r.status === 'closed') return { kind: 'done' };
  if (r.status === 'pending') return { kind: 'waiting' };
  if (r.answer_due_at) {
    return { kind: 'by', at: r.answer_due_at, late: r.answer_due_at.getTime() < now.getTime() };
  }
  return { kind: 'asap' };
}

const visibility = (v: PortalViewer): repo.Visibility => ({
  clientId: v.clientId,
  sharedCompanyId: v.sharedCompanyId,
});

function present(viewer: PortalViewer, r: repo.RequestRow, now: Date) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    createdAt: r.created_at,
    lastActivityAt: r.last_public_at ?? r.created_at,
    /** Someone else's request the client sees through their company. */
    requester: r.client_id === viewer.clientId ? null : r.client_name,
    checkpoints: checkpointsOf(r.status),
    expectation: expectationOf(r, now),
    can: {
      reply: canPortal(viewer, 'reply', r),
      rate: canPortal(viewer, 'rate', r),
    },
  };
}

export type PortalRequest = ReturnType<typeof present>;

/** A page of the client's requests (and their company's, when shared), latest activity first. */
export async function listMyRequests(
  ctx: Ctx,
  viewer: PortalViewer,
  input: { cursor?: string; limit: number },
) {
  const after = input.cursor ? decodeTimeIdCursor(input.cursor) : undefined;
  const rows = await repo.listVisibleRequests(
    ctx.db,
    ctx.workspaceId,
    visibility(viewer),
    input.limit,
    after,
  );
  const now = ctx.now();
  const items = rows
    .slice(0, input.limit)
    .filter((r) => canPortal(viewer, 'read', r))
    .map((r) => present(viewer, r, now));
  const last = rows[input.limit - 1];
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor([last.activity_key, last.id]) : null,
  };
}

async function getVisible(ctx: Ctx, viewer: PortalViewer, number: number) {
  const row = await repo.findVisibleRequest(ctx.db, ctx.workspaceId, visibility(viewer), number);
  // Another client's request, or another workspace's, is simply not there.
  if (!row || !canPortal(viewer, 'read', row)) throw notFound('request');
  return row;
}

export const MESSAGES_PER_PAGE = 100;

/**
 * One request with the messages the client may read (inbound and outbound,
 * never internal notes), oldest first, a page after a message id, with their
 * attachments, and the client's rating.
 */
export async function getMyRequest(
  ctx: Ctx,
  viewer: PortalViewer,
  number: number,
  input: { afterMessageId?: string } = {},
) {
  const row = await getVisible(ctx, viewer, number);
  const rows = await repo.listPublicMessages(
    ctx.db,
    ctx.workspaceId,
    row.id,
    MESSAGES_PER_PAGE,
    input.afterMessageId,
  );
  const page = rows.slice(0, MESSAGES_PER_PAGE);
  const attachments = await listMessageAttachments(
    ctx,
    page.map((m) => m.id),
  );
  const rating = await repo.findRating(ctx.db, ctx.workspaceId, row.id);
  return {
    request: present(viewer, row, ctx.now()),
    messages: page.map((m) => ({
      id: m.id,
      fromClient: m.direction === 'inbound',
      byViewer: m.direction === 'inbound' && m.author_client_id === viewer.clientId,
      authorName:
        m.direction === 'inbound' ? (m.author_client_name ?? null) : (m.author_user_name ?? null),
      at: m.created_at,
      body: m.body_text,
      attachments: (attachments.get(m.id) ?? []).map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        sizeBytes: Number(a.size_bytes),
      })),
    })),
    nextAfterMessageId: rows.length > MESSAGES_PER_PAGE ? page[page.length - 1]!.id : null,
    rating: rating && rating.client_id === viewer.clientId ? rating : null,
  };
}

/**
 * The client's answer on a request: an inbound message (by them, on the web
 * channel) with their uploaded files, which reopens a resolved request or one
 * waiting for them, as any client message does. A closed request takes none.
 */
export async function replyToMyRequest(
  ctx: Ctx,
  viewer: PortalViewer,
  number: number,
  input: { body: string; attachmentIds: string[] },
) {
  return withTransaction(ctx, async (tx) => {
    const row = await getVisible(tx, viewer, number);
    const locked = await repo.lockRequest(tx.db, tx.workspaceId, row.id);
    if (!locked) throw notFound('request');
    if (!canPortal(viewer, 'reply', { ...row, status: locked.status })) {
      throw conflict('the request is closed: open a new one');
    }
    const { message, conversation } = await appendMessage(tx, locked, {
      direction: 'inbound',
      channel: 'web',
      bodyText: input.body,
      externalId: null,
      authorUserId: null,
      authorClientId: viewer.clientId,
    });
    await attachToMessage(tx, message.id, input.attachmentIds);
    return {
      messageId: message.id,
      status: conversation.status,
      reopened: locked.status !== conversation.status,
    };
  });
}

/** A new request from the portal: a conversation on the web channel with the client's first message. */
export async function createMyRequest(
  ctx: Ctx,
  viewer: PortalViewer,
  input: { subject: string; body: string },
) {
  const { conversation } = await createConversation(ctx, {
    client_id: viewer.clientId,
    subject: input.subject,
    channel: 'web',
    direction: 'inbound',
    message: { body_text: input.body },
  });
  return { number: conversation.number, id: conversation.id };
}

export const MAX_COMMENT_CHARS = 2000;

/**
 * Stores the client's rating of their resolved request (1–5 and a comment),
 * or changes it; the change is on the conversation's timeline for the agents.
 */
export async function rateMyRequest(
  ctx: Ctx,
  viewer: PortalViewer,
  number: number,
  input: { score: number; comment: string },
) {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
    throw new AppError('validation_failed', 'invalid score', { score: 'must be 1 to 5' });
  }
  return withTransaction(ctx, async (tx) => {
    const row = await getVisible(tx, viewer, number);
    if (!canPortal(viewer, 'rate', row)) {
      if (row.client_id !== viewer.clientId) throw forbidden('only the requester rates a request');
      throw conflict('only a resolved request can be rated');
    }
    const before = await repo.findRating(tx.db, tx.workspaceId, row.id);
    const rating = await repo.upsertRating(tx.db, tx.workspaceId, {
      conversationId: row.id,
      clientId: viewer.clientId,
      score: input.score,
      comment: input.comment,
      at: tx.now(),
    });
    await recordEvent(tx, {
      type: 'conversation.rated',
      conversationId: row.id,
      clientId: viewer.clientId,
      byClient: true,
      data: {
        ...(before ? { before: { score: before.score, comment: before.comment } } : {}),
        after: { score: rating.score, comment: rating.comment },
        source: 'portal',
      },
    });
    return { score: rating.score, comment: rating.comment, isNew: !before };
  });
}

/** An attachment of a message the client may read on their request, with its bytes. */
export async function openMyRequestAttachment(
  ctx: Ctx,
  viewer: PortalViewer,
  number: number,
  attachmentId: string,
  storage: FileStorage,
) {
  const row = await getVisible(ctx, viewer, number);
  const attachment = await repo.findPublicAttachment(ctx.db, ctx.workspaceId, row.id, attachmentId);
  if (!attachment) throw notFound('attachment');
  return { attachment, content: await storage.read(attachment.storage_key) };
}
