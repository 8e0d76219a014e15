/**
 * Discount detection: the percentages off and the coupons an agent's reply
 * promises a client. Shared by the composer (warns before the agent promises
 * more than their authority) and the server (refuses it on send).
 */
export { detectDiscounts, DISCOUNT_SCAN_CHARS } from './detect.ts';
export type { DetectOptions, DiscountDetection, DiscountFinding, DiscountKind } from './types.ts';
