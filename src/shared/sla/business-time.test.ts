import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  hasOpeningHours,
  parseClock,
  zonedTimeToInstant,
  type BusinessCalendar,
} from './business-time.ts';

const weekday: [string, string][] = [['09:00', '18:00']];
const officeIn = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
  holidays: holidays.map((date) => ({ date, name: 'holiday' })),
});
const madrid = officeIn('Europe/Madrid');
const allDay = (timeZone: string): BusinessCalendar => ({
  timeZone,
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
});

const at = (iso: string) => new Date(iso);
const add = (start: string, minutes: number, cal: BusinessCalendar) =>
  addBusinessMinutes(at(start), minutes, cal).toISOString();

describe('addBusinessMinutes', () => {
  it('carries a start late on Friday over the weekend', () => {
    // Friday 2026-11-20 17:30 in Madrid (CET, +01:00) + 60 min -> Monday 09:30.
    expect(add('2026-11-20T16:30:00Z', 60, madrid)).toBe('2026-11-23T08:30:00.000Z');
  });

  it('gives 10 business hours from a Friday afternoon as Monday 16:00', () => {
    // Friday 15:00 leaves 3 h that day, Monday gives the other 7.
    expect(add('2026-11-20T14:00:00Z', 600, madrid)).toBe('2026-11-23T15:00:00.000Z');
  });

  it('starts counting at opening time when it starts before it or on a weekend', () => {
    expect(add('2026-11-23T05:00:00Z', 30, madrid)).toBe('2026-11-23T08:30:00.000Z');
    expect(add('2026-11-22T10:00:00Z', 30, madrid)).toBe('2026-11-23T08:30:00.000Z');
  });

  it('is due at closing time when the target ends exactly there', () => {
    expect(add('2026-11-23T08:00:00Z', 540, madrid)).toBe('2026-11-23T17:00:00.000Z');
  });

  it('returns the start for a zero target', () => {
    expect(add('2026-11-22T10:00:00Z', 0, madrid)).toBe('2026-11-22T10:00:00.000Z');
  });

  it('skips a holiday in the calendar zone', () => {
    // Thursday 24 Dec 15:00 + 10 h with Friday 25 Dec closed -> Monday 28 Dec 16:00.
    const cal = officeIn('Europe/Madrid', ['2026-12-25']);
    expect(add('2026-12-24T14:00:00Z', 600, cal)).toBe('2026-12-28T15:00:00.000Z');
    // Without the holiday it would be Friday.
    expect(add('2026-12-24T14:00:00Z', 600, madrid)).toBe('2026-12-25T15:00:00.000Z');
  });

  it('follows the March DST switch in Madrid', () => {
    // Friday 27 Mar 14:00 CET (13:00Z) + 10 h: 4 h on Friday, then Monday
    // 30 Mar 09:00 CEST + 6 h = 15:00 CEST = 13:00Z.
    expect(add('2026-03-27T13:00:00Z', 600, madrid)).toBe('2026-03-30T13:00:00.000Z');
  });

  it('follows the October DST switch in Madrid', () => {
    // Friday 23 Oct 14:00 CEST (12:00Z) + 10 h -> Monday 26 Oct 15:00 CET = 14:00Z.
    expect(add('2026-10-23T12:00:00Z', 600, madrid)).toBe('2026-10-26T14:00:00.000Z');
  });

  it('follows the DST switches in Budapest with a lunch break', () => {
    const lunch: [string, string][] = [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ];
    const cal: BusinessCalendar = {
      timeZone: 'Europe/Budapest',
      hours: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch },
    };
    // Monday 30 Mar 12:30 CEST + 60 -> 14:30 CEST (12:30Z), across the break.
    expect(add('2026-03-30T10:30:00Z', 60, cal)).toBe('2026-03-30T12:30:00.000Z');
    // Friday 23 Oct 17:00 CEST + 8 h (7 h 30 of work left Friday is 1 h) -> Monday 26 Oct
    // 9-13 (4 h) + 14-17 (3 h) = 17:00 CET = 16:00Z.
    expect(add('2026-10-23T15:00:00Z', 480, cal)).toBe('2026-10-26T16:00:00.000Z');
  });

  it('follows the March DST switch in New York', () => {
    // Friday 6 Mar 17:00 EST (22:00Z) + 2 h -> Monday 9 Mar 10:00 EDT (14:00Z).
    expect(add('2026-03-06T22:00:00Z', 120, officeIn('America/New_York'))).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });

  it('follows the offset change of Almaty on 1 March 2024', () => {
    // Thursday 29 Feb 17:00 at +06 (11:00Z) + 2 h -> Friday 1 Mar 10:00 at +05 (05:00Z).
    expect(add('2024-02-29T11:00:00Z', 120, officeIn('Asia/Almaty'))).toBe(
      '2024-03-01T05:00:00.000Z',
    );
  });

  it('counts real minutes on a 24-hour calendar across a DST day', () => {
    // Saturday 28 Mar 12:00 CET + 24 h -> Sunday 13:00 CEST, the same instant a day later.
    expect(add('2026-03-28T11:00:00Z', 1440, allDay('Europe/Madrid'))).toBe(
      '2026-03-29T11:00:00.000Z',
    );
  });

  it('refuses a calendar that is never open', () => {
    const closed: BusinessCalendar = { timeZone: 'UTC', hours: {} };
    expect(hasOpeningHours(closed)).toBe(false);
    expect(() => addBusinessMinutes(at('2026-01-01T00:00:00Z'), 1, closed)).toThrow(
      /no opening hours/,
    );
  });
});

describe('businessMinutesBetween', () => {
  it('counts only opening hours', () => {
    // Friday 17:00 CET to Monday 10:00 CET: 1 h + 1 h.
    expect(
      businessMinutesBetween(at('2026-11-20T16:00:00Z'), at('2026-11-23T09:00:00Z'), madrid),
    ).toBe(120);
  });

  it('is zero when the end is not after the start', () => {
    const t = at('2026-11-23T10:00:00Z');
    expect(businessMinutesBetween(t, t, madrid)).toBe(0);
    expect(businessMinutesBetween(t, at('2026-11-23T09:00:00Z'), madrid)).toBe(0);
  });

  it('has 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const cal = allDay('Europe/Madrid');
    expect(
      businessMinutesBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), cal),
    ).toBe(23 * 60);
    expect(
      businessMinutesBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), cal),
    ).toBe(25 * 60);
  });

  it('undoes addBusinessMinutes for many starts and targets', () => {
    const cals = [
      madrid,
      officeIn('Europe/Budapest', ['2026-03-15', '2026-10-23']),
      officeIn('America/New_York'),
      officeIn('Asia/Almaty'),
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const cal = cals[i % cals.length]!;
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const minutes = 1 + Math.floor(random() * 3000);
      const due = addBusinessMinutes(start, minutes, cal);
      expect(businessMinutesBetween(start, due, cal)).toBe(minutes);
    }
  });
});

describe('zonedTimeToInstant and parseClock', () => {
  it('maps a time skipped by spring-forward past the gap', () => {
    // 02:30 does not exist in Madrid on 29 Mar 2026; it becomes 03:30 CEST (01:30Z).
    const t = zonedTimeToInstant({ y: 2026, m: 3, d: 29 }, 150, 'Europe/Madrid');
    expect(new Date(t).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('maps a repeated autumn time to its first occurrence', () => {
    // 02:30 happens twice in Madrid on 25 Oct 2026; the first is CEST (00:30Z).
    const t = zonedTimeToInstant({ y: 2026, m: 10, d: 25 }, 150, 'Europe/Madrid');
    expect(new Date(t).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads HH:MM clock times', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeUndefined();
    expect(parseClock('9:30')).toBeUndefined();
    expect(parseClock('12:60')).toBeUndefined();
  });
});
