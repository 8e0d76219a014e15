/**
 * Types of promise extraction: commitments an agent makes in an outgoing
 * reply ("I'll call you back in 10 minutes"), found in the draft with the time
 * they fall due. Plain data, so the same shapes travel from the composer to
 * the API and into the promises table.
 */
import type { Language } from '../api/common.ts';
import type { BusinessCalendar } from '../sla/business-time.ts';

export const PROMISE_KINDS = ['callback', 'delivery', 'reply', 'other'] as const;
/**
 * What is promised: a phone call to the client (`callback`); something that
 * reaches the client — goods, an invoice, a refund, a document (`delivery`);
 * a written answer or news (`reply`: "I'll get back to you", "I'll let you
 * know"); anything else the agent commits to ("it will be fixed by Friday").
 */
export type PromiseKind = (typeof PROMISE_KINDS)[number];

/**
 * How the due time was derived, so the UI can say why: an exact offset from
 * now ("in 10 minutes"), a time of day ("at 15:00"), a part of a day ("tomorrow
 * morning", due when that part ends), or a whole day ("by Friday", due when
 * that business day ends).
 */
export type DueBasis = 'duration' | 'clock' | 'day-part' | 'day-end';

export interface PromiseFinding {
  /** UTF-16 offsets of the promise in the draft (the clause or clauses holding it). */
  start: number;
  end: number;
  /** The promise as written: `text.slice(start, end)` of the draft. */
  text: string;
  kind: PromiseKind;
  /** When the promise falls due, as a UTC ISO instant ("2026-12-11T17:00:00.000Z"). */
  dueAt: string;
  /** The words that gave the due time, with their offsets in the draft. */
  due: { start: number; end: number; text: string; basis: DueBasis };
}

export interface ExtractOptions {
  /** The draft's language; detected from the text when omitted. */
  language?: Language;
  /** The moment the draft is written (relative times count from it). */
  now: Date | string | number;
  /** The workspace's IANA time zone: "tomorrow" and "15:00" are wall times there. */
  timeZone: string;
  /**
   * Opening hours: "by Friday" falls due when Friday's business day ends and
   * "in 2 business days" skips closed days and holidays. Without it the day
   * ends at `endOfDay` and business days are Monday to Friday. Its own time
   * zone is ignored in favour of `timeZone`.
   */
  businessHours?: BusinessCalendar;
  /** The end of a day ("HH:MM") when no business hours are given or the day is closed; default 18:00. */
  endOfDay?: string;
}
