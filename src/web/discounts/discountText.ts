import { formatNumber } from '../format.ts';

type Data = Record<string, unknown>;
type T = (key: string, values?: Record<string, unknown>) => string;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/** "15% off", "2 coupons" or both, in the user's language. */
export function describeDiscount(data: Data, t: T, language: string): string {
  const percent = num(data.percent);
  const count = num(data.coupons);
  const values = { percent: formatNumber(percent, language), count };
  if (percent > 0 && count > 0) return t('discounts.what.both', values);
  if (count > 0) return t('discounts.what.coupons', values);
  return t('discounts.what.percent', values);
}

/** A user's authority: "5% off and 1 coupon per reply", null parts saying "any". */
export function describeLimit(
  limit: { max_percent: number | null; max_coupons: number | null },
  t: T,
  language: string,
): string {
  const percent =
    limit.max_percent === null
      ? t('discounts.limit.anyPercent')
      : t('discounts.limit.percent', { percent: formatNumber(limit.max_percent, language) });
  const coupons =
    limit.max_coupons === null
      ? t('discounts.limit.anyCoupons')
      : t('discounts.limit.coupons', { count: limit.max_coupons });
  return t('discounts.limit.both', { percent, coupons });
}

/** Why an approved request's waiting reply did not go, in the user's language. */
export function describeNotSent(reason: string, t: T): string {
  return [
    'conversation_closed',
    'coach_blocked',
    'exceeds_approval',
    'requester_inactive',
  ].includes(reason)
    ? t(`discounts.notSent.${reason}`)
    : t('discounts.notSent.other');
}

/** The notification bell's line for discount requests and decisions, or null for other kinds. */
export function describeDiscountNotification(
  kind: string,
  data: Data,
  t: T,
  language: string,
): string | null {
  const discount = describeDiscount(data, t, language);
  const client = str(obj(data.client).name);
  switch (kind) {
    case 'discount.requested':
      return t('discounts.notify.requested', {
        name: str(obj(data.requester).name),
        discount,
        client,
        number: typeof data.number === 'number' ? data.number : '',
      });
    case 'discount.approved': {
      const reply = str(obj(data.reply).status);
      return t(
        reply === 'sent'
          ? 'discounts.notify.approved'
          : reply === 'not_sent'
            ? 'discounts.notify.approvedNotSent'
            : 'discounts.notify.approvedWaiting',
        { name: str(obj(data.decided_by).name), discount, client },
      );
    }
    case 'discount.denied':
      return t('discounts.notify.denied', {
        name: str(obj(data.decided_by).name),
        discount,
        client,
        comment: str(data.comment),
      });
    default:
      return null;
  }
}

/** The timeline's sentence for discount events, or null for other types. */
export function describeDiscountEvent(
  type: string,
  data: Data,
  t: T,
  actor: string,
  language: string,
): string | null {
  const discount = describeDiscount(data, t, language);
  switch (type) {
    case 'discount.requested':
      return t('discounts.event.requested', { actor, discount, reason: str(data.reason) });
    case 'discount.approved':
      return data.comment
        ? t('discounts.event.approvedWithComment', {
            actor,
            discount,
            comment: str(data.comment),
          })
        : t('discounts.event.approved', { actor, discount });
    case 'discount.denied':
      return t('discounts.event.denied', { actor, discount, comment: str(data.comment) });
    case 'discount.cancelled':
      return t('discounts.event.cancelled', { actor, discount });
    case 'discount.promised':
      return t('discounts.event.promised', { actor, discount });
    case 'discount.reply_not_sent':
      // Said as the decider was told: why the approved reply did not go, and what stays.
      return describeNotSent(str(data.reason), t);
    default:
      return null;
  }
}
