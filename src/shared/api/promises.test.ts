import { describe, expect, it } from 'vitest';
import { promiseReminderAt } from './promises.ts';

const MIN = 60_000;
const from = new Date('2026-12-09T09:00:00.000Z');
const remindBefore = (runMinutes: number) =>
  (from.getTime() +
    runMinutes * MIN -
    promiseReminderAt(new Date(from.getTime() + runMinutes * MIN), from).getTime()) /
  MIN;

describe('promiseReminderAt', () => {
  it('reminds halfway through a promise shorter than 30 minutes', () => {
    expect(remindBefore(10)).toBe(5);
    expect(remindBefore(2)).toBe(1);
  });
  it('reminds 15 minutes before a promise of up to 2 hours', () => {
    expect(remindBefore(30)).toBe(15);
    expect(remindBefore(120)).toBe(15);
  });
  it('reminds 1 hour before a promise of up to a day, 2 hours before a longer one', () => {
    expect(remindBefore(121)).toBe(60);
    expect(remindBefore(24 * 60)).toBe(60);
    expect(remindBefore(24 * 60 + 1)).toBe(120);
    expect(remindBefore(7 * 24 * 60)).toBe(120);
  });
  it('reminds at once for a promise already due', () => {
    expect(promiseReminderAt(from, from)).toEqual(from);
  });
});
