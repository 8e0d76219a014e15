import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../sla/business-time.ts';
import { resolveDue, type TimeSpec } from './due.ts';
import { extractPromises } from './extract.ts';

const BUDAPEST = 'Europe/Budapest';

/** The due instant of the one promise in an English sentence written at `now` in Budapest. */
function dueOf(text: string, now: string, businessHours?: BusinessCalendar): string | undefined {
  const found = extractPromises(text, {
    language: 'en',
    now,
    timeZone: BUDAPEST,
    ...(businessHours ? { businessHours } : {}),
  });
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.dueAt;
}

const resolve = (spec: TimeSpec, now: string, timeZone = BUDAPEST) =>
  resolveDue(spec, { nowMs: Date.parse(now), timeZone, endOfDay: 18 * 60 });

describe('due times across the DST changes in Budapest', () => {
  it('counts a duration in real time across the spring-forward night', () => {
    // Sunday 29 March 2026 00:30 CET; the clocks jump from 02:00 to 03:00.
    // 2 real hours later the wall clock shows 03:30 summer time.
    expect(dueOf("I'll call you back in 2 hours.", '2026-03-29T00:30:00+01:00')).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('keeps a wall-clock time on the day after the spring change (10:00 CEST is 08:00 UTC)', () => {
    expect(dueOf("I'll call you tomorrow at 10:00.", '2026-03-28T12:00:00+01:00')).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    // The end of that business day is 18:00 summer time.
    expect(dueOf("You'll have it tomorrow.", '2026-03-28T12:00:00+01:00')).toBe(
      '2026-03-29T16:00:00.000Z',
    );
  });

  it('keeps a wall-clock time on the day after the autumn change (09:00 CET is 08:00 UTC)', () => {
    expect(dueOf("We'll call you tomorrow at 9 am.", '2026-10-24T12:00:00+02:00')).toBe(
      '2026-10-25T08:00:00.000Z',
    );
  });

  it('makes "in 24 hours" real hours on the 25-hour day and "in 2 days" a calendar date', () => {
    expect(dueOf("You'll hear from us within 24 hours.", '2026-10-24T12:00:00+02:00')).toBe(
      '2026-10-25T10:00:00.000Z',
    );
    // Friday 23 October + 2 days = Sunday 25 October, 18:00 CET.
    expect(dueOf("We'll ship it in 2 days.", '2026-10-23T10:00:00+02:00')).toBe(
      '2026-10-25T17:00:00.000Z',
    );
  });
});

describe('due times at the end of a month and a year', () => {
  const friday30Jan = '2026-01-30T10:00:00+01:00';

  it('rolls "tomorrow" and "the day after tomorrow" over the month end', () => {
    expect(dueOf("You'll have it tomorrow.", friday30Jan)).toBe('2026-01-31T17:00:00.000Z');
    expect(dueOf("You'll have it the day after tomorrow.", friday30Jan)).toBe(
      '2026-02-01T17:00:00.000Z',
    );
  });

  it('gives "the end of the month" as its last day, and as today on that day', () => {
    expect(dueOf("We'll credit it by the end of the month.", friday30Jan)).toBe(
      '2026-01-31T17:00:00.000Z',
    );
    expect(dueOf("We'll credit it by the end of the month.", '2026-01-31T09:00:00+01:00')).toBe(
      '2026-01-31T17:00:00.000Z',
    );
  });

  it('skips a month that lacks the day ("on the 30th" said on 31 January is 30 March)', () => {
    expect(dueOf("We'll deliver on the 30th.", '2026-01-31T09:00:00+01:00')).toBe(
      '2026-03-30T16:00:00.000Z',
    );
  });

  it('takes a date without a year in the next year once it has passed', () => {
    const newYearsEve = '2026-12-31T10:00:00+01:00';
    expect(dueOf("You'll have it tomorrow.", newYearsEve)).toBe('2027-01-01T17:00:00.000Z');
    expect(dueOf('The refund will arrive by 15 January.', newYearsEve)).toBe(
      '2027-01-15T17:00:00.000Z',
    );
    expect(dueOf("We'll send it next week.", newYearsEve)).toBe('2027-01-08T17:00:00.000Z');
  });

  it('finds no due time for a date that does not exist', () => {
    expect(resolve({ t: 'at', day: { month: 4, day: 31 } }, '2026-01-10T10:00:00+01:00')).toBe(
      undefined,
    );
    expect(
      resolve({ t: 'at', day: { month: 2, day: 29, year: 2026 } }, '2026-01-10T10:00:00+01:00'),
    ).toBe(undefined);
  });
});

describe('weekdays', () => {
  const wednesday = '2026-12-09T10:15:00+01:00';

  it('takes a weekday that is today as the same day next week', () => {
    expect(dueOf("I'll call you on Wednesday.", wednesday)).toBe('2026-12-16T17:00:00.000Z');
    expect(dueOf("You'll have it by Friday.", '2026-12-11T09:00:00+01:00')).toBe(
      '2026-12-18T17:00:00.000Z',
    );
  });

  it('takes any other weekday as the next one', () => {
    expect(dueOf("You'll have it by Friday.", wednesday)).toBe('2026-12-11T17:00:00.000Z');
    expect(dueOf("You'll have it by Monday.", wednesday)).toBe('2026-12-14T17:00:00.000Z');
    expect(dueOf("You'll have it by Tuesday.", wednesday)).toBe('2026-12-15T17:00:00.000Z');
  });

  it('gives "the end of the week" as Friday, and on a Saturday as next Friday', () => {
    expect(dueOf("We'll fix it by the end of the week.", wednesday)).toBe(
      '2026-12-11T17:00:00.000Z',
    );
    expect(dueOf("We'll fix it by the end of the week.", '2026-12-12T10:00:00+01:00')).toBe(
      '2026-12-18T17:00:00.000Z',
    );
  });
});

describe('times of day', () => {
  const wednesday = '2026-12-09T10:15:00+01:00';

  it('reads "at 3" as 15:00 and "at 9" already past as 09:00 tomorrow', () => {
    expect(dueOf("I'll call you at 3.", wednesday)).toBe('2026-12-09T14:00:00.000Z');
    expect(dueOf("I'll call you at 9.", wednesday)).toBe('2026-12-10T08:00:00.000Z');
  });

  it('gives "today" after closing time until 23:59 instead of a time already past', () => {
    expect(dueOf("I'll send it today.", '2026-12-09T19:30:00+01:00')).toBe(
      '2026-12-09T22:59:00.000Z',
    );
  });

  it('ends the parts of a day at noon, 18:00 and 21:00', () => {
    expect(dueOf("We'll send it tomorrow morning.", wednesday)).toBe('2026-12-10T11:00:00.000Z');
    expect(dueOf("We'll send it tomorrow afternoon.", wednesday)).toBe('2026-12-10T17:00:00.000Z');
    expect(dueOf("I'll call you tonight.", wednesday)).toBe('2026-12-09T20:00:00.000Z');
  });

  it('uses the configured end of day', () => {
    const found = extractPromises("You'll have it by Friday.", {
      language: 'en',
      now: wednesday,
      timeZone: BUDAPEST,
      endOfDay: '17:30',
    });
    expect(found[0]?.dueAt).toBe('2026-12-11T16:30:00.000Z');
  });

  it('computes in the workspace zone, not the server one', () => {
    // 10:15 in Budapest is 04:15 in New York: "tomorrow" there is Thursday 10 December, 18:00 EST.
    const found = extractPromises("You'll have it tomorrow.", {
      language: 'en',
      now: wednesday,
      timeZone: 'America/New_York',
    });
    expect(found[0]?.dueAt).toBe('2026-12-10T23:00:00.000Z');
  });
});

describe('business hours', () => {
  const weekday: [string, string][] = [['08:00', '16:00']];
  const office: BusinessCalendar = {
    timeZone: BUDAPEST,
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: [['08:00', '14:00']] },
    holidays: [{ date: '2026-12-24' }, { date: '2026-12-25' }],
  };

  it('ends a day at its closing time', () => {
    expect(dueOf("You'll have it by Friday.", '2026-12-09T10:15:00+01:00', office)).toBe(
      '2026-12-11T13:00:00.000Z',
    );
    expect(dueOf("You'll have it tomorrow.", '2026-12-09T10:15:00+01:00', office)).toBe(
      '2026-12-10T15:00:00.000Z',
    );
  });

  it('skips holidays and weekends in business days and ends the week on its last open day', () => {
    // Wednesday 23 December + 2 business days: 24, 25 closed, weekend, Monday 28, Tuesday 29.
    expect(
      dueOf("We'll refund it within 2 business days.", '2026-12-23T10:00:00+01:00', office),
    ).toBe('2026-12-29T15:00:00.000Z');
    // That week closes on Wednesday 23 December.
    expect(dueOf("We'll fix it by the end of the week.", '2026-12-21T10:00:00+01:00', office)).toBe(
      '2026-12-23T15:00:00.000Z',
    );
  });

  it('falls back to 18:00 on a closed day named outright', () => {
    expect(dueOf('The courier will come on Saturday.', '2026-12-09T10:15:00+01:00', office)).toBe(
      '2026-12-12T17:00:00.000Z',
    );
  });
});
