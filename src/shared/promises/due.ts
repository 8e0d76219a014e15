/**
 * From a parsed time expression to the instant a promise falls due, in the
 * workspace's time zone. Wall-clock arithmetic works on local calendar dates
 * (so "tomorrow" is the next date, not now + 24 h, across a DST change) and
 * turns a date and a time of day into an instant with the SLA calendar's
 * zonedTimeToInstant.
 *
 * Defaults, chosen for a deadline that is neither early nor late:
 * - a day without a time ("by Friday", "tomorrow", "15 December") is due when
 *   that day's business hours end: the last closing time of the day in the
 *   business calendar, or 18:00 when there is none or the day is closed;
 * - a part of a day is due when the part ends: morning and noon 12:00,
 *   afternoon 18:00, evening 21:00;
 * - a weekday is the next such day after today ("Friday" said on a Friday is
 *   a week ahead: the same day would be "today");
 * - a date without a year is the next such date (today included);
 * - a time of day without a day is today if still ahead, else tomorrow; an
 *   hour from 1 to 7 without am/pm or minutes means the afternoon ("at 3");
 * - "in 3 days" is due at the end of the third day, "in 3 business days" at
 *   the end of the third open day; minutes and hours count exactly;
 * - "end of the week" is the week's last business day (Friday by default),
 *   "next week" the last business day of next week, "end of the month" the
 *   month's last day;
 * - "today" said after closing time is due at 23:59 rather than in the past.
 */
import {
  WEEKDAYS,
  parseClock,
  zonedTimeToInstant,
  type BusinessCalendar,
} from '../sla/business-time.ts';

export type DayPart = 'morning' | 'noon' | 'afternoon' | 'evening' | 'eod';

/** A day named in the text. */
export type DayRef =
  | { rel: number }
  | { weekday: number }
  | { month: number; day: number; year?: number }
  | { dayOfMonth: number }
  | { weekEnd: number }
  | { monthEnd: true };

/** A time expression as parsed, before it meets a clock. */
export type TimeSpec =
  | { t: 'after'; minutes: number }
  | { t: 'days'; days: number; business: boolean }
  | {
      t: 'at';
      day?: DayRef;
      /** Minutes after midnight. */
      clock?: number;
      /** The clock came without am/pm or a 24-hour form (so "3" may mean 15:00). */
      ambiguous?: boolean;
      part?: DayPart;
    };

export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

export interface DueContext {
  nowMs: number;
  timeZone: string;
  calendar?: BusinessCalendar;
  /** Minutes after midnight a day ends without business hours. */
  endOfDay: number;
  /** The wall clock at `nowMs`, filled on first use (reading it through Intl is the costly part). */
  now?: { date: LocalDate; minutes: number };
}

export interface Due {
  atMs: number;
  basis: 'duration' | 'clock' | 'day-part' | 'day-end';
}

const MINUTE_MS = 60_000;
const PART_END: Record<Exclude<DayPart, 'eod'>, number> = {
  morning: 12 * 60,
  noon: 12 * 60,
  afternoon: 18 * 60,
  evening: 21 * 60,
};
const LAST_MINUTE = 23 * 60 + 59;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

type WallClock = { date: LocalDate; minutes: number };
let lastWallClock: { key: string; value: WallClock } | undefined;

/** The local date and minute of the day of an instant in a zone (the last minute asked is remembered). */
export function wallClock(instantMs: number, timeZone: string): WallClock {
  const key = `${timeZone}|${Math.floor(instantMs / MINUTE_MS)}`;
  if (lastWallClock?.key === key) return lastWallClock.value;
  const value = readWallClock(instantMs, timeZone);
  lastWallClock = { key, value };
  return value;
}

function readWallClock(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    date: { y: parts.year!, m: parts.month!, d: parts.day! },
    minutes: parts.hour! * 60 + parts.minute!,
  };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// The instant of a local date and time in a zone never changes, and drafts name
// the same few days again and again: remember them (bounded) instead of asking Intl.
const INSTANT_CACHE_SIZE = 2000;
const instants = new Map<string, number>();

/** The instant a wall-clock time names in the zone (see zonedTimeToInstant), cached. */
export function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const key = `${timeZone}|${date.y}-${date.m}-${date.d}|${minutes}`;
  let at = instants.get(key);
  if (at === undefined) {
    at = zonedTimeToInstant(date, minutes, timeZone);
    if (instants.size >= INSTANT_CACHE_SIZE) instants.clear();
    instants.set(key, at);
  }
  return at;
}

function isoDate(date: LocalDate): string {
  return `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Opening intervals of a date in the business calendar, as minute pairs; empty when closed. */
function openIntervals(
  date: LocalDate,
  calendar: BusinessCalendar | undefined,
): [number, number][] {
  if (!calendar) {
    const wd = weekdayOf(date);
    return wd === 0 || wd === 6 ? [] : [[9 * 60, 18 * 60]];
  }
  const holidays = (calendar.holidays ?? []).map((h) => (typeof h === 'string' ? h : h.date));
  if (holidays.includes(isoDate(date))) return [];
  const out: [number, number][] = [];
  for (const [s, e] of calendar.hours[WEEKDAYS[weekdayOf(date)]!] ?? []) {
    const start = parseClock(s);
    const end = parseClock(e);
    if (start !== undefined && end !== undefined && start < end) out.push([start, end]);
  }
  return out;
}

function isOpen(date: LocalDate, ctx: DueContext): boolean {
  return openIntervals(date, ctx.calendar).length > 0;
}

/** When a date's business day ends: its last closing time, else the default end of day. */
export function endOfBusinessDay(date: LocalDate, ctx: DueContext): number {
  if (!ctx.calendar) return ctx.endOfDay;
  const ends = openIntervals(date, ctx.calendar).map(([, e]) => e);
  return ends.length > 0 ? Math.max(...ends) : ctx.endOfDay;
}

/** The `n`th open day after `from` (n ≥ 1); a calendar never open falls back to calendar days. */
function addBusinessDays(from: LocalDate, n: number, ctx: DueContext): LocalDate {
  let date = from;
  let left = n;
  for (let i = 0; i < 3660 && left > 0; i++) {
    date = addDays(date, 1);
    if (isOpen(date, ctx)) left--;
  }
  return left > 0 ? addDays(from, n) : date;
}

/** The last open day of the Monday-to-Sunday week holding `date`, shifted by `weeks`. */
function lastBusinessDayOfWeek(date: LocalDate, weeks: number, ctx: DueContext): LocalDate {
  const monday = addDays(date, -((weekdayOf(date) + 6) % 7) + 7 * weeks);
  for (let i = 6; i >= 0; i--) {
    const day = addDays(monday, i);
    if (isOpen(day, ctx)) return day;
  }
  return addDays(monday, 4);
}

function resolveDay(ref: DayRef, today: LocalDate, ctx: DueContext): LocalDate | undefined {
  if ('rel' in ref) return addDays(today, ref.rel);
  if ('weekday' in ref) {
    const ahead = (ref.weekday - weekdayOf(today) + 7) % 7 || 7;
    return addDays(today, ahead);
  }
  if ('month' in ref) {
    if (ref.month < 1 || ref.month > 12) return undefined;
    const pick = (y: number): LocalDate | undefined =>
      ref.day >= 1 && ref.day <= daysInMonth(y, ref.month)
        ? { y, m: ref.month, d: ref.day }
        : undefined;
    if (ref.year !== undefined) return pick(ref.year);
    const thisYear = pick(today.y);
    if (thisYear && compareDates(thisYear, today) >= 0) return thisYear;
    return pick(today.y + 1);
  }
  if ('dayOfMonth' in ref) {
    for (let k = 0; k < 3; k++) {
      const m0 = today.m - 1 + k;
      const y = today.y + Math.floor(m0 / 12);
      const m = (m0 % 12) + 1;
      if (ref.dayOfMonth > daysInMonth(y, m)) continue;
      const date = { y, m, d: ref.dayOfMonth };
      if (compareDates(date, today) >= 0) return date;
    }
    return undefined;
  }
  if ('weekEnd' in ref) {
    const end = lastBusinessDayOfWeek(today, ref.weekEnd, ctx);
    // On a weekend "this week" has ended: the coming week's last business day is meant.
    return compareDates(end, today) < 0 ? lastBusinessDayOfWeek(today, ref.weekEnd + 1, ctx) : end;
  }
  return { y: today.y, m: today.m, d: daysInMonth(today.y, today.m) };
}

/**
 * The instant a parsed time expression names, seen from `ctx.nowMs`, or
 * undefined when it names nothing real (30 February) or lies in the past.
 */
export function resolveDue(spec: TimeSpec, ctx: DueContext): Due | undefined {
  const { nowMs, timeZone } = ctx;
  if (spec.t === 'after') {
    return spec.minutes > 0
      ? { atMs: nowMs + spec.minutes * MINUTE_MS, basis: 'duration' }
      : undefined;
  }
  const now = (ctx.now ??= wallClock(nowMs, timeZone));
  const at = (date: LocalDate, minutes: number) => instantAt(date, minutes, timeZone);
  if (spec.t === 'days') {
    if (spec.days <= 0) return undefined;
    const date = spec.business
      ? addBusinessDays(now.date, spec.days, ctx)
      : addDays(now.date, spec.days);
    return { atMs: at(date, endOfBusinessDay(date, ctx)), basis: 'day-end' };
  }
  let clock = spec.clock;
  if (clock !== undefined && spec.ambiguous) {
    const pm = spec.part === 'afternoon' || spec.part === 'evening';
    if ((pm || (spec.part === undefined && clock >= 60 && clock < 8 * 60)) && clock < 12 * 60)
      clock += 12 * 60;
  }
  if (spec.day) {
    const date = resolveDay(spec.day, now.date, ctx);
    if (!date) return undefined;
    let due: Due;
    if (clock !== undefined) due = { atMs: at(date, clock), basis: 'clock' };
    else if (spec.part && spec.part !== 'eod')
      due = { atMs: at(date, PART_END[spec.part]), basis: 'day-part' };
    else {
      due = { atMs: at(date, endOfBusinessDay(date, ctx)), basis: 'day-end' };
      // "Today" after closing time still means today.
      if (due.atMs <= nowMs && compareDates(date, now.date) === 0) due.atMs = at(date, LAST_MINUTE);
    }
    return due.atMs > nowMs ? due : undefined;
  }
  if (clock !== undefined) {
    const today = at(now.date, clock);
    return { atMs: today > nowMs ? today : at(addDays(now.date, 1), clock), basis: 'clock' };
  }
  if (spec.part) {
    if (spec.part === 'eod') {
      let end = at(now.date, endOfBusinessDay(now.date, ctx));
      if (end <= nowMs) end = at(now.date, LAST_MINUTE);
      return { atMs: end, basis: 'day-end' };
    }
    const today = at(now.date, PART_END[spec.part]);
    return {
      atMs: today > nowMs ? today : at(addDays(now.date, 1), PART_END[spec.part]),
      basis: 'day-part',
    };
  }
  return undefined;
}
