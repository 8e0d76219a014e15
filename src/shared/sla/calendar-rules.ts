import { hasOpeningHours, parseClock, WEEKDAYS } from './business-time.ts';
import { isTimeZone } from '../time-zone.ts';

/** What is wrong with a calendar's fields, by field path ("hours.mon.0"); empty when valid. */
export function checkCalendar(c: {
  time_zone?: string;
  hours?: Partial<Record<string, [string, string][]>>;
  holidays?: readonly { date: string }[];
}): Record<string, string> {
  const fields: Record<string, string> = {};
  if (c.time_zone !== undefined && !isTimeZone(c.time_zone)) {
    fields.time_zone = 'must be an IANA time zone such as Europe/Madrid';
  }
  if (c.hours !== undefined) {
    for (const day of Object.keys(c.hours)) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        fields[`hours.${day}`] = 'is not a weekday (mon, tue, wed, thu, fri, sat, sun)';
        continue;
      }
      let lastEnd = -1;
      const sorted = (c.hours[day] ?? [])
        .map((iv, i) => ({ i, start: parseClock(iv[0]), end: parseClock(iv[1]) }))
        .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
      for (const { i, start, end } of sorted) {
        const path = `hours.${day}.${i}`;
        if (start === undefined || start >= 1440)
          fields[`${path}.0`] = 'must be a time HH:MM from 00:00 to 23:59';
        else if (end === undefined)
          fields[`${path}.1`] = 'must be a time HH:MM from 00:01 to 24:00';
        else if (start >= end) fields[path] = 'must start before it ends';
        else if (start < lastEnd) fields[path] = 'overlaps another interval of the day';
        if (end !== undefined) lastEnd = Math.max(lastEnd, end);
      }
    }
    if (
      Object.keys(fields).every((k) => !k.startsWith('hours')) &&
      !hasOpeningHours({ timeZone: 'UTC', hours: c.hours })
    ) {
      fields.hours = 'must open on at least one day';
    }
  }
  if (c.holidays !== undefined) {
    const seen = new Set<string>();
    c.holidays.forEach((h, i) => {
      if (seen.has(h.date)) fields[`holidays.${i}.date`] = 'is listed twice';
      seen.add(h.date);
    });
  }
  return fields;
}
