// Discounts on send: the conversations feature calls these hooks in the
// reply's transaction. Before a user's reply is stored, the discount it
// promises (src/shared/discounts) is held against the sender's authority and
// any approval on the conversation that covers it; after it is stored, the
// approval is used and the discount recorded on the client.
import { actorUserId, type Ctx } from '../../context.ts';
import { AppError, forbidden } from '../../errors.ts';
import { decodeCursor, toPage } from '../../pagination.ts';
import { isWithinLimit, type DiscountLimit } from '../../../shared/api/discounts.ts';
import { detectDiscounts } from '../../../shared/discounts/index.ts';
import { getClient } from '../clients/client.service.ts';
import { canClient } from '../clients/client.policy.ts';
import { recordEvent } from '../events/event.service.ts';
import { findAuthorityOf } from './discount-authority.service.ts';
import { presentClientDiscount } from './discount.presenter.ts';
import * as repo from './discount-request.repo.ts';

const MAX_TEXT = 500;

/** What a reply promises, read the way the server reads every reply. */
export function readDiscount(text: string) {
  const d = detectDiscounts(text);
  return {
    percent: d.percent,
    coupons: d.coupons,
    text: [...new Set(d.findings.map((f) => f.text))].join(' · ').slice(0, MAX_TEXT),
  };
}

/** A reply's discount, checked: the approval it uses, if it needs one. */
export interface DiscountVerdict {
  percent: number | null;
  coupons: number;
  text: string;
  approval?: { id: string; approvedById: string | null };
}

const describeLimit = (limit: DiscountLimit) =>
  `${limit.max_percent === null ? 'no limit' : `${limit.max_percent} %`} and ` +
  `${limit.max_coupons === null ? 'any number of coupons' : `${limit.max_coupons} coupon(s)`}`;

/**
 * The check on send, inside the caller's transaction, before a user's reply
 * is stored: a reply promising no discount, or one within the sender's
 * authority, passes; above it, it needs an approved, unused request on the
 * conversation that covers it (the one named, when the approval itself sends
 * the reply), else it is refused with 422 discount_approval_required and the
 * figures. Returns undefined when the reply promises no discount.
 */
export async function checkDiscountOnSend(
  tx: Ctx,
  conversationId: string,
  text: string,
  options: { requestId?: string } = {},
): Promise<DiscountVerdict | undefined> {
  const userId = actorUserId(tx);
  if (!userId) return undefined;
  const found = readDiscount(text);
  const promises = found.percent !== null || found.coupons > 0;
  if (!promises && !options.requestId) return undefined;
  const discount = { percent: found.percent ?? 0, coupons: found.coupons };
  const authority = await findAuthorityOf(tx, userId);
  const limit = authority?.limit ?? { max_percent: 0, max_coupons: 0 };
  const within = isWithinLimit(discount, limit);
  if (within && !options.requestId) return found;
  const approval = await repo.lockCoveringApproval(tx.db, tx.workspaceId, {
    conversationId,
    ...discount,
    requestId: options.requestId,
  });
  if (approval) {
    const used = { id: approval.id, approvedById: approval.decided_by_id };
    // The waiting reply of a request promises what was asked for, even in words the detector misses.
    if (!promises)
      return {
        percent: Number(approval.percent) > 0 ? Number(approval.percent) : null,
        coupons: approval.coupons,
        text: '',
        approval: used,
      };
    return { ...found, approval: used };
  }
  if (within) return promises ? found : undefined;
  throw new AppError(
    'discount_approval_required',
    `the reply promises ${discount.percent} % and ${discount.coupons} coupon(s), above your ` +
      `authority (${describeLimit(limit)}): ask a supervisor to approve it`,
    undefined,
    {
      percent: discount.percent,
      coupons: discount.coupons,
      limit_percent: limit.max_percent,
      limit_coupons: limit.max_coupons,
    },
  );
}

/**
 * After the reply is stored (same transaction): uses the approval and records
 * the discount on the client, with a timeline event on the conversation and
 * the client. A reply recorded before is left alone.
 */
export async function recordDiscountOnSend(
  tx: Ctx,
  verdict: DiscountVerdict,
  message: { id: string; conversation_id: string; author_user_id: string | null },
  clientId: string,
) {
  if (!message.author_user_id) return;
  const now = tx.now();
  if (verdict.approval)
    await repo.updateRequest(tx.db, tx.workspaceId, verdict.approval.id, {
      used_message_id: message.id,
      used_at: now,
      updated_at: now,
    });
  const id = await repo.insertClientDiscount(tx.db, tx.workspaceId, {
    client_id: clientId,
    conversation_id: message.conversation_id,
    message_id: message.id,
    agent_id: message.author_user_id,
    percent: verdict.percent,
    coupons: verdict.coupons,
    text: verdict.text,
    request_id: verdict.approval?.id ?? null,
    approved_by_id: verdict.approval?.approvedById ?? null,
    created_at: now,
  });
  if (!id) return;
  await recordEvent(tx, {
    type: 'discount.promised',
    conversationId: message.conversation_id,
    clientId,
    data: {
      client_discount_id: id,
      message_id: message.id,
      percent: verdict.percent,
      coupons: verdict.coupons,
      text: verdict.text,
      request_id: verdict.approval?.id ?? null,
      approved_by_id: verdict.approval?.approvedById ?? null,
    },
  });
}

/** A page of the discounts promised to a client, newest first. */
export async function listClientDiscounts(
  ctx: Ctx,
  clientId: string,
  input: { limit: number; cursor?: string },
) {
  if (!canClient(ctx.actor, 'read')) throw forbidden();
  await getClient(ctx, clientId);
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw new AppError('validation_failed', 'invalid cursor', {
        cursor: 'is not a cursor from this list',
      });
    beforeId = id;
  }
  const rows = await repo.listClientDiscounts(ctx.db, ctx.workspaceId, clientId, {
    beforeId,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (r) => [r.id], presentClientDiscount);
}

/** Moves a duplicate client's recorded discounts to the client it is merged into (the merge's transaction). */
export function moveClientDiscounts(tx: Ctx, fromClientId: string, toClientId: string) {
  return repo.moveClientDiscounts(tx.db, tx.workspaceId, fromClientId, toClientId);
}
