// Business-time arithmetic for SLA targets, shared by the server (due times)
// and the browser (the same countdown). Pure functions over Intl only: the
// calendar's IANA zone decides what a local "09:00" is on each date, so DST
// changes and holidays fall out of walking local days one by one.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A business calendar: opening intervals per weekday ("HH:MM", end may be "24:00") and holidays. */
export interface BusinessCalendar {
  timeZone: string;
  hours: Partial<Record<string, [string, string][]>>;
  /** Closed dates ("YYYY-MM-DD") in the calendar's zone. */
  holidays?: readonly ({ date: string } | string)[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// A calendar with some opening hours reaches any target well within this;
// the bound only stops a loop on a calendar with none.
const MAX_DAYS = 3_660;

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
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

/** The wall-clock fields of an instant in a zone. */
function localFields(instantMs: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal' && p.type !== 'era') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year!,
    m: parts.month!,
    d: parts.day!,
    h: parts.hour!,
    min: parts.minute!,
    s: parts.second!,
  };
}

// formatToParts is the cost of every due time (a batch of new conversations computes
// hundreds): its answers are remembered per zone and minute, in which neither a zone's
// offset nor the local date can change (offsets change on whole minutes).
const byMinute = new Map<string, { offset: number; date: LocalDate }>();

function minuteFacts(instantMs: number, timeZone: string) {
  const minute = Math.floor(instantMs / MINUTE_MS);
  const key = `${timeZone}|${minute}`;
  let facts = byMinute.get(key);
  if (!facts) {
    const f = localFields(minute * MINUTE_MS, timeZone);
    facts = {
      offset: Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s) - minute * MINUTE_MS,
      date: { y: f.y, m: f.m, d: f.d },
    };
    if (byMinute.size >= 20_000) byMinute.clear();
    byMinute.set(key, facts);
  }
  return facts;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  return minuteFacts(instantMs, timeZone).offset;
}

/**
 * The instant a local wall time names in the zone. A time skipped by a
 * spring-forward change maps past the gap (02:30 -> 03:30); a repeated time
 * in the autumn maps to its first occurrence.
 */
export function zonedTimeToInstant(
  date: LocalDate,
  minutesOfDay: number,
  timeZone: string,
): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d) + minutesOfDay * MINUTE_MS;
  // The offsets a day either side bracket any change on this date.
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const fits = [before, after]
    .filter((c) => c + offsetAt(c, timeZone) === wall)
    .sort((a, b) => a - b);
  // In a gap neither fits: the offset before the jump puts it past the gap.
  return fits[0] ?? before;
}

function localDateOf(instantMs: number, timeZone: string): LocalDate {
  const { date } = minuteFacts(instantMs, timeZone);
  return { y: date.y, m: date.m, d: date.d };
}

function nextDate(date: LocalDate): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay()]!;
}

/** Minutes since midnight of "HH:MM" ("24:00" is the end of the day), or undefined if malformed. */
export function parseClock(value: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

function holidaySet(calendar: BusinessCalendar): Set<string> {
  return new Set((calendar.holidays ?? []).map((h) => (typeof h === 'string' ? h : h.date)));
}

/** The day's opening intervals as sorted, merged [start, end) minute pairs. */
function dayIntervals(calendar: BusinessCalendar, day: Weekday): [number, number][] {
  const raw = (calendar.hours[day] ?? [])
    .map(([s, e]) => [parseClock(s), parseClock(e)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined)
    .filter(([s, e]) => s < e)
    .map(([s, e]) => [s, e] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push(iv);
  }
  return merged;
}

/** True when the calendar is open at some time of some weekday. */
export function hasOpeningHours(calendar: BusinessCalendar): boolean {
  return WEEKDAYS.some((d) => dayIntervals(calendar, d).length > 0);
}

/** The open periods of each local day from the one holding `fromMs` on, as UTC instants. */
function* openPeriods(calendar: BusinessCalendar, fromMs: number): Generator<[number, number]> {
  const holidays = holidaySet(calendar);
  const intervals = new Map(WEEKDAYS.map((d) => [d, dayIntervals(calendar, d)]));
  let date = localDateOf(fromMs, calendar.timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    if (!holidays.has(isoDate(date))) {
      for (const [s, e] of intervals.get(weekdayOf(date))!) {
        const start = zonedTimeToInstant(date, s, calendar.timeZone);
        const end = zonedTimeToInstant(date, e, calendar.timeZone);
        if (end > start) yield [start, end];
      }
    }
    date = nextDate(date);
  }
  throw new Error('the business calendar has no opening hours within ten years');
}

/**
 * The instant that lies `minutes` business minutes after `start` in the
 * calendar: time outside opening hours and on holidays does not count, so
 * Friday 17:30 + 60 min is Monday 09:30 on a Mon–Fri 09–18 calendar.
 * A target that ends exactly at closing time is due at closing time.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  const startMs = start.getTime();
  let left = Math.max(0, minutes) * MINUTE_MS;
  if (left === 0) return new Date(startMs);
  for (const [s, e] of openPeriods(calendar, startMs)) {
    if (e <= startMs) continue;
    const from = Math.max(s, startMs);
    if (from + left <= e) return new Date(from + left);
    left -= e - from;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/** The business minutes between two instants (0 when b is not after a); may be fractional. */
export function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  const aMs = a.getTime();
  const bMs = b.getTime();
  if (bMs <= aMs) return 0;
  let total = 0;
  for (const [s, e] of openPeriods(calendar, aMs)) {
    if (s >= bMs) break;
    if (e <= aMs) continue;
    total += Math.min(e, bMs) - Math.max(s, aMs);
  }
  return total / MINUTE_MS;
}
