import { z } from 'zod';
import { Cursor, Id, Limit, Role, Timestamp, text } from './common.ts';

/**
 * Discount authority (issue #6): how large a discount a user may promise a
 * client on their own. A reply's discount is what the shared detector
 * (src/shared/discounts) reads in it: the largest percentage off, and the
 * number of coupons (promo codes, vouchers) given in that one reply. A reply
 * above the sender's authority is refused (422 discount_approval_required)
 * unless a supervisor approved a request on the conversation that covers it.
 */

/** A role's or a user's authority: null is no limit. */
export interface DiscountLimit {
  max_percent: number | null;
  max_coupons: number | null;
}

/** What every new workspace starts with (the migration gave existing ones the same). */
export const DEFAULT_DISCOUNT_AUTHORITY: Record<'agent' | 'supervisor' | 'admin', DiscountLimit> = {
  agent: { max_percent: 5, max_coupons: 1 },
  supervisor: { max_percent: 15, max_coupons: 5 },
  admin: { max_percent: null, max_coupons: null },
};

/** Whether a discount stays within a limit. */
export function isWithinLimit(
  discount: { percent: number; coupons: number },
  limit: DiscountLimit,
): boolean {
  return (
    (limit.max_percent === null || discount.percent <= limit.max_percent) &&
    (limit.max_coupons === null || discount.coupons <= limit.max_coupons)
  );
}

const hundredths = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

/** A percentage: 0 to 100, at most two decimals. */
export const DiscountPercent = z
  .number()
  .min(0)
  .max(100)
  .refine(hundredths, 'must have at most two decimals')
  .meta({ description: 'Percentage off, 0–100 (at most two decimals)', example: 15 });

/** A number of coupons in one reply. */
export const CouponCount = z
  .number()
  .int()
  .min(0)
  .max(1000)
  .meta({ description: 'Coupons (promo codes, vouchers) given in one reply' });

export const DiscountLimitSchema = z
  .object({
    max_percent: DiscountPercent.nullable().meta({
      description: 'The largest percentage off; null: no limit',
    }),
    max_coupons: CouponCount.nullable().meta({
      description: 'The most coupons in one reply; null: no limit',
    }),
  })
  .strict()
  .meta({ id: 'DiscountLimit' });

export const DiscountAuthority = z
  .object({
    agent: DiscountLimitSchema,
    supervisor: DiscountLimitSchema,
    admin: DiscountLimitSchema,
    can_edit: z.boolean().meta({ description: 'The caller may change it (admins)' }),
  })
  .meta({
    id: 'DiscountAuthority',
    description:
      "Each role's discount authority in the workspace; a user's own limits may differ (see /discounts/authority/users)",
  });

export const UpdateDiscountAuthorityBody = z
  .object({
    agent: DiscountLimitSchema.optional(),
    supervisor: DiscountLimitSchema.optional(),
    admin: DiscountLimitSchema.optional(),
  })
  .strict()
  .meta({ description: 'The roles to change; a role left out keeps its limits' });

const Ref = z.object({ id: Id, name: z.string() });
const LimitSource = z.enum(['role', 'user']);

export const EffectiveDiscountAuthority = z
  .object({
    user: Ref.extend({ role: Role }),
    max_percent: z.number().nullable().meta({ description: 'null: no limit' }),
    max_coupons: z.number().int().nullable().meta({ description: 'null: no limit' }),
    source: z
      .object({ max_percent: LimitSource, max_coupons: LimitSource })
      .meta({ description: "Where each limit comes from: the user's role, or their own" }),
  })
  .meta({ id: 'EffectiveDiscountAuthority' });

export const UserDiscountLimit = z
  .object({
    user: Ref.extend({ role: Role }),
    max_percent: z.number().nullable().meta({ description: "null: the role's" }),
    max_coupons: z.number().int().nullable().meta({ description: "null: the role's" }),
    effective: DiscountLimitSchema.meta({ description: 'What applies, the role filling the gaps' }),
    updated_at: Timestamp,
    updated_by: Ref.nullable(),
  })
  .meta({ id: 'UserDiscountLimit' });

export const SetUserDiscountLimitBody = z
  .object({
    max_percent: DiscountPercent.nullable().meta({ description: "null: the role's" }),
    max_coupons: CouponCount.nullable().meta({ description: "null: the role's" }),
  })
  .strict()
  .refine((b) => b.max_percent !== null || b.max_coupons !== null, {
    message: 'give max_percent or max_coupons (to drop the override, DELETE it)',
    path: ['max_percent'],
  });

export const UserDiscountLimitListQuery = z
  .object({ limit: Limit, cursor: Cursor })
  .strict()
  .meta({ description: 'Users whose authority differs from their role’s, oldest user first' });

export const DiscountRequestStatus = z.enum(['pending', 'approved', 'denied', 'cancelled']);

export const DiscountRequestAbilities = z
  .object({
    approve: z.boolean(),
    deny: z.boolean(),
    cancel: z.boolean(),
  })
  .meta({ id: 'DiscountRequestAbilities' });

/** Why an approved request's waiting reply was not sent. */
export const DiscountReplyNotSent = z
  .enum(['conversation_closed', 'coach_blocked', 'exceeds_approval', 'requester_inactive'])
  .meta({ id: 'DiscountReplyNotSent' });

export const DiscountRequest = z
  .object({
    id: Id,
    conversation: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    client: Ref,
    requester: Ref,
    percent: z.number().meta({ description: 'Percentage off asked for (0: coupons only)' }),
    coupons: z.number().int().meta({ description: 'Coupons in one reply asked for' }),
    reason: z.string(),
    reply_text: z.string().nullable().meta({
      description:
        'The reply that waits for the decision, sent as the requester on approval; after a denial it stays here for the agent to edit',
    }),
    requester_limit: DiscountLimitSchema.meta({
      description: "The requester's own authority when they asked",
    }),
    status: DiscountRequestStatus,
    decided_by: Ref.nullable(),
    decided_at: Timestamp.nullable(),
    comment: z.string().nullable().meta({ description: "The decider's comment" }),
    used_message_id: Id.nullable().meta({
      description: 'The reply that used the approval; null while it is unused',
    }),
    used_at: Timestamp.nullable(),
    reply_not_sent: DiscountReplyNotSent.nullable().meta({
      description:
        'Why the waiting reply was not sent when the request was approved (it stays in reply_text, and the approval for the next reply); null: sent, or none waited',
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: DiscountRequestAbilities,
  })
  .meta({ id: 'DiscountRequest' });

export const NewDiscountRequestBody = z
  .object({
    percent: DiscountPercent.default(0),
    coupons: CouponCount.default(0),
    reason: text(1000).meta({ description: 'Why the client should have it' }),
    reply_text: text(200_000).optional().meta({
      description:
        'The reply to send once approved (it must promise no more than asked for); without it, the approval waits for the next reply on the conversation',
    }),
  })
  .strict();

export const ApproveDiscountBody = z
  .object({ comment: text(1000).optional() })
  .strict()
  .meta({ description: 'An optional word for the requester' });

export const DenyDiscountBody = z
  .object({ comment: text(1000).meta({ description: 'Why not: the requester reads it' }) })
  .strict();

const STATUS_LIST = /^(pending|approved|denied|cancelled)(,(pending|approved|denied|cancelled))*$/;

export const DiscountRequestListQuery = z
  .object({
    status: z
      .string()
      .regex(STATUS_LIST, 'must be a comma-separated list of statuses')
      .optional()
      .meta({ description: 'Comma-separated statuses, e.g. pending (a supervisor’s queue)' }),
    conversation_id: Id.optional(),
    requester_id: Id.optional().meta({
      description: "An agent lists their own requests, or a conversation's",
    }),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();

export const DiscountReplyOutcome = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('sent'), message_id: Id }),
    z.object({ status: z.literal('not_sent'), reason: DiscountReplyNotSent, message: z.string() }),
  ])
  .meta({
    id: 'DiscountReplyOutcome',
    description:
      'What became of the waiting reply: sent as the requester, or not (the approval then stays unused for their next reply)',
  });

export const DiscountDecision = z
  .object({
    request: DiscountRequest,
    reply: DiscountReplyOutcome.nullable().meta({ description: 'null: no reply was waiting' }),
  })
  .meta({ id: 'DiscountDecision' });

export const ClientDiscount = z
  .object({
    id: Id,
    conversation: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    message_id: Id.meta({ description: 'The reply that promised it' }),
    agent: Ref,
    percent: z.number().nullable().meta({ description: 'The largest percentage off; null: none' }),
    coupons: z.number().int(),
    text: z.string().meta({ description: 'The words found in the reply' }),
    request_id: Id.nullable().meta({ description: 'The approved request it used, if any' }),
    approved_by: Ref.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'ClientDiscount' });

/** A reply promising more than the sender may: 422 with code discount_approval_required. */
export const DiscountApprovalRequiredError = z
  .object({
    error: z.object({
      code: z.literal('discount_approval_required'),
      message: z.string(),
      percent: z.number().meta({ description: 'The largest percentage the reply promises' }),
      coupons: z.number().int().meta({ description: 'The coupons it gives' }),
      limit_percent: z.number().nullable().meta({ description: "The sender's limit; null: none" }),
      limit_coupons: z.number().int().nullable(),
    }),
  })
  .meta({
    id: 'DiscountApprovalRequiredError',
    description:
      'Ask a supervisor: POST /conversations/{id}/discount-requests with the reply as reply_text',
  });
