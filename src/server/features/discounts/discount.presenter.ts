import type { Actor } from '../../context.ts';
import { discountRequestAbilities } from './discount.policy.ts';
import type { ClientDiscountRow, RequestRow } from './discount-request.repo.ts';

const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** A discount request as the API shows it, with what the caller may do with it. */
export function presentRequest(r: RequestRow, actor: Actor, withinCallerAuthority: boolean) {
  return {
    id: r.id,
    conversation: {
      id: r.conversation_id,
      number: r.conversation_number,
      subject: r.conversation_subject,
    },
    client: { id: r.client_id, name: r.client_name },
    requester: { id: r.requester_id, name: r.requester_name },
    percent: Number(r.percent),
    coupons: r.coupons,
    reason: r.reason,
    reply_text: r.reply_text,
    requester_limit: {
      max_percent: numberOrNull(r.limit_percent),
      max_coupons: r.limit_coupons,
    },
    status: r.status,
    decided_by:
      r.decided_by_id && r.decided_by_name
        ? { id: r.decided_by_id, name: r.decided_by_name }
        : null,
    decided_at: isoOrNull(r.decided_at),
    comment: r.decision_comment,
    used_message_id: r.used_message_id,
    used_at: isoOrNull(r.used_at),
    reply_not_sent: r.reply_not_sent,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    abilities: discountRequestAbilities(actor, r, withinCallerAuthority),
  };
}

/** A discount a reply promised the client. */
export function presentClientDiscount(r: ClientDiscountRow) {
  return {
    id: r.id,
    conversation: {
      id: r.conversation_id,
      number: r.conversation_number,
      subject: r.conversation_subject,
    },
    message_id: r.message_id,
    agent: { id: r.agent_id, name: r.agent_name },
    percent: numberOrNull(r.percent),
    coupons: r.coupons,
    text: r.text,
    request_id: r.request_id,
    approved_by:
      r.approved_by_id && r.approved_by_name
        ? { id: r.approved_by_id, name: r.approved_by_name }
        : null,
    created_at: r.created_at.toISOString(),
  };
}
