// Requests for a discount above the requester's authority. The reply that
// promises it waits on the request; the supervisors who may approve it are
// notified (the supervisors of the conversation's and the requester's teams
// whose own authority covers it, else every supervisor and admin whose does).
// An approval sends the waiting reply as the requester, through the same path
// as any reply (reply coach, promises, delivery), and that reply uses the
// approval; a denial leaves the draft on the request to be edited. The
// requester hears of either.
import { actorUserId, withTransaction, type Actor, type Ctx } from '../../context.ts';
import type { DiscountReplyNotSent, DiscountRequestStatus } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../../pagination.ts';
import { isWithinLimit } from '../../../shared/api/discounts.ts';
import { getConversation } from '../conversations/conversation.service.ts';
import { addMessage } from '../conversations/message.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { notifyUsers } from '../notifications/notification.service.ts';
import { findAuthorityOf } from './discount-authority.service.ts';
import { canDiscount, type DiscountAction } from './discount.policy.ts';
import { presentRequest } from './discount.presenter.ts';
import * as repo from './discount-request.repo.ts';
import { askForApproval, callerLimit, describeLimit } from './discount-request.workflow.ts';

type ReplyOutcome =
  | { status: 'sent'; message_id: string }
  | { status: 'not_sent'; reason: DiscountReplyNotSent; message: string };

function authorise(ctx: Ctx, action: DiscountAction, request?: repo.RequestRecord) {
  if (!canDiscount(ctx.actor, action, request)) {
    if (action === 'decide')
      throw forbidden(
        request && request.requester_id === actorUserId(ctx)
          ? 'a discount request is decided by someone else than its requester'
          : 'only a supervisor or an admin decides discount requests',
      );
    if (action === 'cancel') throw forbidden('only the requester withdraws a discount request');
    throw forbidden();
  }
}

const ofRequest = (r: { percent: string | number; coupons: number }) => ({
  percent: Number(r.percent),
  coupons: r.coupons,
});

const describe = (d: { percent: number; coupons: number }) =>
  `${d.percent} % and ${d.coupons} coupon(s)`;

async function presentOne(ctx: Ctx, id: string) {
  const row = await repo.findRequestRow(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('discount request');
  return presentRequest(row, ctx.actor, isWithinLimit(ofRequest(row), await callerLimit(ctx)));
}

/**
 * Asks for a discount above the caller's authority on a conversation, with
 * the reply that waits for it. The reply must promise no more than is asked
 * for and pass the reply coach; a second pending request of the caller on the
 * conversation is a conflict.
 */
export async function createDiscountRequest(
  ctx: Ctx,
  conversationId: string,
  input: { percent: number; coupons: number; reason: string; reply_text?: string },
) {
  authorise(ctx, 'request');
  return withTransaction(ctx, async (tx) => {
    const conversation = await getConversation(tx, conversationId);
    if (conversation.status === 'closed')
      throw conflict('the conversation is closed: reopen it before asking for a discount');
    const id = await askForApproval(tx, conversation, input, {
      percent: 'percent',
      coupons: 'coupons',
      reply_text: 'reply_text',
    });
    return presentOne(tx, id);
  });
}

/**
 * A page of requests, newest first, filtered by status, conversation and
 * requester. Supervisors and admins see all (their queue: status=pending); an
 * agent sees a conversation's, or their own.
 */
export async function listDiscountRequests(
  ctx: Ctx,
  input: {
    status?: string;
    conversation_id?: string;
    requester_id?: string;
    limit: number;
    cursor?: string;
  },
) {
  authorise(ctx, 'request');
  const me = actorUserId(ctx)!;
  let requesterId = input.requester_id;
  if (!canDiscount(ctx.actor, 'list_all')) {
    if (requesterId && requesterId !== me)
      throw forbidden("an agent lists their own requests or a conversation's");
    if (!input.conversation_id) requesterId = me;
  }
  if (input.conversation_id) await getConversation(ctx, input.conversation_id);
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    beforeId = id;
  }
  const rows = await repo.listRequests(ctx.db, ctx.workspaceId, {
    statuses: input.status ? (input.status.split(',') as DiscountRequestStatus[]) : undefined,
    conversationId: input.conversation_id,
    requesterId,
    beforeId,
    limit: input.limit,
  });
  const limit = await callerLimit(ctx);
  return toPage(
    rows,
    input.limit,
    (r) => [r.id],
    (r) => presentRequest(r, ctx.actor, isWithinLimit(ofRequest(r), limit)),
  );
}

/** One request (every member: it belongs to a conversation they work). */
export async function getDiscountRequest(ctx: Ctx, id: string) {
  authorise(ctx, 'request');
  return presentOne(ctx, id);
}

/** Locks a request for a decision: 404, then 403 (role, own request), then 409 (decided). */
async function lockPending(tx: Ctx, id: string, action: 'decide' | 'cancel') {
  authorise(tx, action === 'decide' ? 'decide' : 'request');
  const request = await repo.lockRequest(tx.db, tx.workspaceId, id);
  if (!request) throw notFound('discount request');
  authorise(tx, action, request);
  if (request.status !== 'pending')
    throw conflict(`the request is already ${request.status}`, { status: `is ${request.status}` });
  return request;
}

async function decide(
  tx: Ctx,
  request: repo.RequestRecord,
  status: 'approved' | 'denied' | 'cancelled',
  comment: string | null,
) {
  const now = tx.now();
  await repo.updateRequest(tx.db, tx.workspaceId, request.id, {
    status,
    decided_by_id: actorUserId(tx),
    decided_at: now,
    decision_comment: comment,
    updated_at: now,
  });
  await recordEvent(tx, {
    type: `discount.${status}`,
    conversationId: request.conversation_id,
    data: {
      request_id: request.id,
      ...ofRequest(request),
      requester_id: request.requester_id,
      ...(comment ? { comment } : {}),
    },
  });
}

/** Sends the waiting reply as its requester; says why not when it cannot go. */
async function sendWaitingReply(tx: Ctx, request: repo.RequestRecord): Promise<ReplyOutcome> {
  const requester = await findAuthorityOf(tx, request.requester_id);
  if (!requester?.user.is_active)
    return {
      status: 'not_sent',
      reason: 'requester_inactive',
      message: 'the requester is no longer active: the reply was not sent',
    };
  const conversation = await getConversation(tx, request.conversation_id);
  const closed = {
    status: 'not_sent' as const,
    reason: 'conversation_closed' as const,
    message:
      'the conversation was closed meanwhile: the reply was not sent; the approval stays for ' +
      'the requester once they reopen it',
  };
  if (conversation.status === 'closed') return closed;
  const actor: Actor = {
    kind: 'user',
    userId: request.requester_id,
    role: requester.user.role,
    via: 'session',
  };
  try {
    const { message } = await addMessage(
      { ...tx, actor },
      request.conversation_id,
      { direction: 'outbound', body_text: request.reply_text! },
      { discountRequestId: request.id },
    );
    return { status: 'sent', message_id: message.id };
  } catch (err) {
    // Each is refused before anything is written, so the transaction goes on.
    if (err instanceof AppError && err.code === 'coach_blocked')
      return {
        status: 'not_sent',
        reason: 'coach_blocked',
        message: `the reply coach blocks the reply now (${err.message}): the requester rewrites it`,
      };
    if (err instanceof AppError && err.code === 'discount_approval_required')
      return {
        status: 'not_sent',
        reason: 'exceeds_approval',
        message: `the reply promises more than was approved (${err.message}): the requester rewrites it`,
      };
    if (err instanceof AppError && err.code === 'conflict') return closed;
    throw err;
  }
}

/** Keeps why the waiting reply did not go, on the request and its conversation's timeline. */
async function recordNotSent(tx: Ctx, request: repo.RequestRecord, reason: DiscountReplyNotSent) {
  await repo.updateRequest(tx.db, tx.workspaceId, request.id, { reply_not_sent: reason });
  await recordEvent(tx, {
    type: 'discount.reply_not_sent',
    conversationId: request.conversation_id,
    data: { request_id: request.id, ...ofRequest(request), reason },
  });
}

async function notifyRequester(
  tx: Ctx,
  request: repo.RequestRecord,
  kind: 'discount.approved' | 'discount.denied',
  comment: string | null,
  reply: ReplyOutcome | null,
) {
  const row = (await repo.findRequestRow(tx.db, tx.workspaceId, request.id))!;
  await notifyUsers(tx, {
    userIds: [request.requester_id],
    kind,
    conversationId: request.conversation_id,
    data: {
      request_id: request.id,
      ...ofRequest(request),
      comment,
      number: row.conversation_number,
      subject: row.conversation_subject,
      client: { id: row.client_id, name: row.client_name },
      decided_by: { id: row.decided_by_id, name: row.decided_by_name },
      ...(reply ? { reply } : {}),
    },
    dedupeKey: `${kind}:${request.id}`,
  });
}

/**
 * Approves a pending request within the caller's own authority (an admin's
 * has no limit) and sends the waiting reply as the requester, which uses the
 * approval; without a waiting reply, the approval covers the requester's next
 * one. The requester is notified either way.
 */
export async function approveDiscountRequest(ctx: Ctx, id: string, input: { comment?: string }) {
  return withTransaction(ctx, async (tx) => {
    const request = await lockPending(tx, id, 'decide');
    const limit = await callerLimit(tx);
    if (!isWithinLimit(ofRequest(request), limit))
      throw forbidden(
        `the request (${describe(ofRequest(request))}) is above your own authority ` +
          `(${describeLimit(limit)}): someone with more authority approves it`,
      );
    await decide(tx, request, 'approved', input.comment ?? null);
    const reply = request.reply_text ? await sendWaitingReply(tx, request) : null;
    if (reply?.status === 'not_sent') await recordNotSent(tx, request, reply.reason);
    await notifyRequester(tx, request, 'discount.approved', input.comment ?? null, reply);
    return { request: await presentOne(tx, id), reply };
  });
}

/** Denies a pending request with a comment; the draft stays on it for the requester to edit. */
export async function denyDiscountRequest(ctx: Ctx, id: string, input: { comment: string }) {
  return withTransaction(ctx, async (tx) => {
    const request = await lockPending(tx, id, 'decide');
    await decide(tx, request, 'denied', input.comment);
    await notifyRequester(tx, request, 'discount.denied', input.comment, null);
    return presentOne(tx, id);
  });
}

/** The requester withdraws their pending request. */
export async function cancelDiscountRequest(ctx: Ctx, id: string) {
  return withTransaction(ctx, async (tx) => {
    const request = await lockPending(tx, id, 'cancel');
    await decide(tx, request, 'cancelled', null);
    return presentOne(tx, id);
  });
}
