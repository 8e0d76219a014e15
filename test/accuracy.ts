// What the detectors' accuracy tests (src/shared/discounts, src/shared/promises)
// share: their labelled sets (test/fixtures/<detector>/<language>.json), the
// tally of right and wrong answers, and the table of precision and recall
// they print.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import type { Language } from '../src/shared/api/common.ts';

export const LANGUAGES: Language[] = ['en', 'es', 'hu', 'ro', 'kk', 'ru'];

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A detector's labelled set of one language, checked to be that language's. */
export function loadLabelledSet<S extends { language: Language; cases: unknown[] }>(
  detector: string,
  language: Language,
  /**
   * `holdout`: the blind set in <detector>/holdout/, kept apart from tuning;
   * `holdout-2` and `holdout-3`: the second and third ones, measured and
   * printed only.
   */
  which: 'main' | 'holdout' | 'holdout-2' | 'holdout-3' = 'main',
): S {
  const file = which === 'main' ? `${language}.json` : path.join(which, `${language}.json`);
  const set = JSON.parse(fs.readFileSync(path.join(FIXTURES, detector, file), 'utf8')) as S;
  expect(set.language).toBe(language);
  return set;
}

export interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Cases where a person reads something, and cases where they read nothing. */
  positives: number;
  negatives: number;
  misses: string[];
}

export function emptyTally(): Tally {
  return {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    positives: 0,
    negatives: 0,
    misses: [],
  };
}

/**
 * A table of precision and recall per language, printed after the tests.
 * `add` records a language's tally (its misses printed) and returns its figures,
 * after checking both kinds of case are there in numbers for them to mean something
 * (`minEachKind` of each; smaller for a blind holdout).
 */
export function accuracyTable(title: string, extraHeader = '', minEachKind = 15) {
  const rows: string[] = [];
  afterAll(() => {
    const header = `lang  cases  pos  neg  precision  recall${extraHeader ? `  ${extraHeader}` : ''}`;
    console.log([title, header, ...rows].join('\n'));
  });
  return {
    add(language: Language, cases: number, t: Tally, extra = '') {
      expect(t.positives).toBeGreaterThanOrEqual(minEachKind);
      expect(t.negatives).toBeGreaterThanOrEqual(minEachKind);
      const precision = t.truePositives / Math.max(1, t.truePositives + t.falsePositives);
      const recall = t.truePositives / Math.max(1, t.truePositives + t.falseNegatives);
      rows.push(
        `${language.padEnd(4)}  ${String(cases).padStart(5)}  ${String(t.positives).padStart(3)}  ${String(t.negatives).padStart(3)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}${extra ? `  ${extra}` : ''}`,
      );
      if (t.misses.length > 0) console.log(`${language}:\n  ${t.misses.join('\n  ')}`);
      return { precision, recall };
    },
  };
}
