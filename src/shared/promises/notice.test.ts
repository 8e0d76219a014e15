import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, checkDraft } from '../coach/index.ts';
import type { Language } from '../api/common.ts';
import { extractPromises } from './extract.ts';
import { delayNotice, formatNoticeDate } from './notice.ts';
import { PROMISE_KINDS } from './types.ts';

const LANGUAGES: Language[] = ['en', 'es', 'hu', 'ro', 'kk', 'ru'];
// Friday 11 December 2026, 17:00 in Budapest, said on the Wednesday before.
const DUE = '2026-12-11T16:00:00.000Z';
const NOW = '2026-12-09T10:00:00.000Z';

describe('the delay notice', () => {
  it.each([
    ['en', 'Friday 11 December at 17:00'],
    ['es', 'el viernes 11 de diciembre a las 17:00'],
    ['hu', 'december 11., péntek 17:00'],
    ['ro', 'vineri, 11 decembrie, la ora 17:00'],
    ['kk', '11 желтоқсан, жұма, 17:00'],
    ['ru', 'пятница, 11 декабря, 17:00'],
  ] as const)('writes the date as %s does inside a sentence', (language, date) => {
    expect(formatNoticeDate(DUE, language, 'Europe/Budapest', NOW)).toBe(date);
  });

  it('gives the date in the time zone asked for, with the year when it is another year', () => {
    expect(formatNoticeDate(DUE, 'en', 'Asia/Almaty', NOW)).toBe('Friday 11 December at 21:00');
    expect(formatNoticeDate('2027-01-04T09:00:00Z', 'ru', 'Europe/Moscow', NOW)).toMatch(
      /^понедельник, 4 января 2027.*12:00$/,
    );
    expect(formatNoticeDate('2026-12-11T00:30:00Z', 'es', 'Europe/Madrid', NOW)).toBe(
      'el viernes 11 de diciembre a la 01:30',
    );
  });

  it('exists for every kind in every language, names the new date, and the coach finds nothing to rewrite', () => {
    for (const language of LANGUAGES) {
      const seen = new Set<string>();
      for (const kind of PROMISE_KINDS) {
        const text = delayNotice({
          kind,
          language,
          dueAt: DUE,
          timeZone: 'Europe/Budapest',
          now: NOW,
        });
        expect(text, `${language} ${kind}`).toContain(
          formatNoticeDate(DUE, language, 'Europe/Budapest', NOW),
        );
        expect(text).not.toMatch(/[{}]/);
        const coached = checkDraft(text, { language, rules: DEFAULT_RULES });
        expect(coached.findings, `${language} ${kind}: ${text}`).toEqual([]);
        seen.add(text);
      }
      // Each kind says what is late in its own words.
      expect(seen.size, language).toBe(PROMISE_KINDS.length);
    }
  });

  it('reads as a promise due at the new date where the extractor understands it', () => {
    const text = delayNotice({
      kind: 'callback',
      language: 'en',
      dueAt: DUE,
      timeZone: 'Europe/Budapest',
      now: NOW,
    });
    const [found] = extractPromises(text, { now: NOW, timeZone: 'Europe/Budapest' });
    expect(found).toMatchObject({ kind: 'callback', dueAt: DUE });
  });
});
