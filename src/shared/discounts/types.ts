/**
 * Types of discount detection: the discounts an agent's reply promises a
 * client ("15% off", "a 20% discount", "two coupons"), found in the draft so
 * they can be held against the agent's discount authority. Plain data, so the
 * same shapes travel from the composer to the API.
 */
import type { Language } from '../api/common.ts';

/** A percentage off a price, or coupons / promo codes / vouchers handed to the client. */
export type DiscountKind = 'percent' | 'coupon';

export interface DiscountFinding {
  kind: DiscountKind;
  /** UTF-16 offsets of the words found in the draft. */
  start: number;
  end: number;
  /** The words as written: `text.slice(start, end)` of the draft. */
  text: string;
  /** percent: the rate promised, 0 < percent ≤ 100. */
  percent?: number;
  /**
   * coupon: how many coupons this mention gives ("two coupons": 2); 0 when it
   * names a coupon given elsewhere in the reply ("your code is SAVE10").
   */
  coupons?: number;
}

export interface DiscountDetection {
  /** The language whose grammar read the draft (given, or detected). */
  language: Language;
  /** The largest percentage the reply promises; null when it promises none. */
  percent: number | null;
  /**
   * How many coupons (promo codes, vouchers) the reply gives: the counted
   * mentions added up, at least 1 when any coupon is given.
   */
  coupons: number;
  findings: DiscountFinding[];
}

export interface DetectOptions {
  /** The draft's language; detected from the text when omitted. */
  language?: Language;
}
