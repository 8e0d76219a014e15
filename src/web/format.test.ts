import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber } from './format.ts';

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
