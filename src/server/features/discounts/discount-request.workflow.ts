// The in-transaction building block of a discount request, shared by the two
// ways to ask: on a conversation (POST /conversations/:id/discount-requests)
// and with the opening message of a new one (POST /conversations, whose
// message then waits). It imports no conversation use case, so the
// conversations feature can call it without a cycle.
import { actorUserId, type Ctx } from '../../context.ts';
import { conflict, forbidden, invalid } from '../../errors.ts';
import { isWithinLimit, type DiscountLimit } from '../../../shared/api/discounts.ts';
import { checkReplyOnSend } from '../coach/coach.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { notifyUsers } from '../notifications/notification.service.ts';
import { effectiveLimitOf, findAuthorityOf } from './discount-authority.service.ts';
import * as authorityRepo from './discount-authority.repo.ts';
import { canDiscount } from './discount.policy.ts';
import * as repo from './discount-request.repo.ts';
import { readDiscount } from './discount-send.service.ts';

export const describeLimit = (l: DiscountLimit) =>
  `${l.max_percent === null ? 'no limit' : `${l.max_percent} %`} and ` +
  `${l.max_coupons === null ? 'any number of coupons' : `${l.max_coupons} coupon(s)`}`;

/** The caller's own limit (none for the system). */
export async function callerLimit(ctx: Ctx): Promise<DiscountLimit> {
  const me = actorUserId(ctx);
  if (!me) return { max_percent: null, max_coupons: null };
  return (await findAuthorityOf(ctx, me))?.limit ?? { max_percent: 0, max_coupons: 0 };
}

/** Refuses a caller who may not ask for a discount (403). */
export function authoriseDiscountRequest(ctx: Ctx) {
  if (!canDiscount(ctx.actor, 'request')) throw forbidden();
}

/** Those to tell of a request: who may approve it, the team's supervisors first. */
async function approversOf(
  tx: Ctx,
  request: { conversationId: string; requesterId: string; percent: number; coupons: number },
) {
  for (const scope of ['team', 'all'] as const) {
    const candidates = await authorityRepo.listApproverCandidates(tx.db, tx.workspaceId, {
      ...request,
      scope,
    });
    const able = candidates.filter((c) => isWithinLimit(request, effectiveLimitOf(c).limit));
    if (able.length > 0) return able.map((c) => c.id);
  }
  return [];
}

/** The conversation a request is asked on, as the notification describes it. */
export interface RequestConversation {
  id: string;
  number: number;
  subject: string;
  client_id: string;
  client_name: string;
}

/** The names of the request's fields in the caller's body, for 400s. */
export interface RequestFieldNames {
  percent: string;
  coupons: string;
  reply_text: string;
}

/**
 * Asks for a discount above the caller's authority on a conversation, in the
 * caller's transaction: above the caller's limit (else 400), the reply that
 * waits promising no more than asked for (400) and passing the reply coach
 * (422), one pending request per requester and conversation (409). Notifies
 * those who may approve it and records the request on the timeline. Returns
 * the request's id.
 */
export async function askForApproval(
  tx: Ctx,
  conversation: RequestConversation,
  input: { percent: number; coupons: number; reason: string; reply_text?: string },
  names: RequestFieldNames,
): Promise<string> {
  const me = actorUserId(tx)!;
  if (input.percent === 0 && input.coupons === 0)
    throw invalid({ [names.percent]: 'give a percentage or a number of coupons' });
  const asked = { percent: input.percent, coupons: input.coupons };
  const limit = await callerLimit(tx);
  if (isWithinLimit(asked, limit))
    throw invalid({
      [input.percent > 0 ? names.percent : names.coupons]:
        `is within your own authority (${describeLimit(limit)}): send the reply without asking`,
    });
  if (input.reply_text !== undefined) {
    const promised = readDiscount(input.reply_text);
    if ((promised.percent ?? 0) > input.percent)
      throw invalid({
        [names.reply_text]: `promises ${promised.percent} %, more than the ${input.percent} % asked for`,
      });
    if (promised.coupons > input.coupons)
      throw invalid({
        [names.reply_text]: `gives ${promised.coupons} coupon(s), more than the ${input.coupons} asked for`,
      });
    // The reply must be sendable once approved.
    await checkReplyOnSend(tx, conversation.id, input.reply_text, undefined);
  }
  const now = tx.now();
  const inserted = await repo.insertRequest(tx.db, tx.workspaceId, {
    conversation_id: conversation.id,
    requester_id: me,
    ...asked,
    reason: input.reason,
    reply_text: input.reply_text ?? null,
    limit_percent: limit.max_percent,
    limit_coupons: limit.max_coupons,
    created_at: now,
    updated_at: now,
  });
  if (!inserted)
    throw conflict(
      'you already have a pending discount request on this conversation: wait for it, or cancel it',
    );
  const requester = (await findAuthorityOf(tx, me))!.user;
  const approvers = await approversOf(tx, {
    conversationId: conversation.id,
    requesterId: me,
    ...asked,
  });
  await notifyUsers(tx, {
    userIds: approvers,
    kind: 'discount.requested',
    conversationId: conversation.id,
    data: {
      request_id: inserted.id,
      ...asked,
      reason: input.reason,
      number: conversation.number,
      subject: conversation.subject,
      client: { id: conversation.client_id, name: conversation.client_name },
      requester: { id: me, name: requester.name },
    },
    dedupeKey: `discount.requested:${inserted.id}`,
  });
  await recordEvent(tx, {
    type: 'discount.requested',
    conversationId: conversation.id,
    data: {
      request_id: inserted.id,
      ...asked,
      reason: input.reason,
      with_reply: input.reply_text !== undefined,
      notified: approvers,
    },
  });
  return inserted.id;
}

/**
 * The opening message of a conversation an agent starts, held for approval:
 * the conversation was opened without it (same transaction), and it waits on
 * a request for the discount it promises (or the figures given), sent as the
 * agent once approved. Refusals name the fields of POST /conversations.
 */
export function holdOpeningReply(
  tx: Ctx,
  conversation: RequestConversation,
  bodyText: string,
  ask: { reason: string; percent?: number; coupons?: number },
): Promise<string> {
  const promised = readDiscount(bodyText);
  if (
    ask.percent === undefined &&
    ask.coupons === undefined &&
    promised.percent === null &&
    promised.coupons === 0
  )
    throw invalid({
      'message.discount_request': 'the message promises no discount: send it without asking',
    });
  return askForApproval(
    tx,
    conversation,
    {
      percent: ask.percent ?? promised.percent ?? 0,
      coupons: ask.coupons ?? promised.coupons,
      reason: ask.reason,
      reply_text: bodyText,
    },
    {
      percent:
        ask.percent === undefined ? 'message.discount_request' : 'message.discount_request.percent',
      coupons:
        ask.coupons === undefined ? 'message.discount_request' : 'message.discount_request.coupons',
      reply_text: 'message.body_text',
    },
  );
}
