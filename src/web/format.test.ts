import { describe, expect, it } from 'vitest';
import { formatDuration, formatInZone, formatMessageTime, formatNumber } from './format.ts';

describe('formatDuration', () => {
  it('shows the two largest units, rounded down', () => {
    expect(formatDuration((26 * 60 + 59) * 60_000, 'en')).toBe('1d 2h');
    expect(formatDuration(45 * 60_000 + 59_000, 'en')).toBe('45m');
  });

  it('writes the units of the locale', () => {
    expect(formatDuration(3 * 60 * 60_000, 'ru')).toMatch(/^3\s?ч$/);
  });

  it('treats an overdue time like a remaining one', () => {
    expect(formatDuration(-90 * 60_000, 'en')).toBe('1h 30m');
  });
});

describe('formatNumber', () => {
  it('groups digits the way the locale does', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'hu').replace(/\s/g, ' ')).toBe('12 345');
  });
});

describe('formatMessageTime', () => {
  it('shows the time today, the day this year and the year before, each in its own shape', () => {
    const now = new Date('2026-12-03T15:00:00Z');
    const today = formatMessageTime('2026-12-03T09:05:00Z', 'en', now);
    const thisYear = formatMessageTime('2026-03-14T09:05:00Z', 'en', now);
    const lastYear = formatMessageTime('2025-03-14T09:05:00Z', 'en', now);
    // Formatters are kept per locale and options: one shape must not leak into another.
    expect(today).not.toMatch(/Mar|2025/);
    expect(thisYear).toMatch(/14 Mar|Mar 14/);
    expect(thisYear).not.toMatch(/2026/);
    expect(lastYear).toMatch(/2025/);
    expect(formatMessageTime('2026-03-14T09:05:00Z', 'hu', now)).toMatch(/márc/);
  });
});

describe('formatInZone', () => {
  it('gives the wall time in the zone, with its offset when the agent’s clock is elsewhere', () => {
    const own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zone = own === 'Asia/Tokyo' ? 'Europe/Bucharest' : 'Asia/Tokyo';
    const text = formatInZone('2026-12-03T12:00:00.000Z', 'en-GB', zone);
    // Noon UTC is 21:00 in Tokyo (UTC+9) and 14:00 in Bucharest (UTC+2) in December.
    expect(text).toMatch(zone === 'Asia/Tokyo' ? /Thu 3 Dec.*21:00/ : /Thu 3 Dec.*14:00/);
    expect(text).toMatch(/GMT\+[29]/);
    expect(formatInZone('2026-12-03T12:00:00.000Z', 'en-GB', own)).not.toMatch(/GMT/);
  });
});
