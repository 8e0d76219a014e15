// Precision and recall of discount detection on the committed labelled sets
// (test/fixtures/discounts/<language>.json): sentences agents write, each with
// the discount a person reads in it — the largest percentage off (null: none)
// and how many coupons it gives (0: none). The drafts are read as the server
// reads them, with the language detected. A percentage counts as right only
// with its value, coupons only with their number; a wrong value is both a
// false positive and a false negative.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../api/common.ts';
import { detectDiscounts } from './detect.ts';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/discounts',
);
const LANGUAGES: Language[] = ['en', 'es', 'hu', 'ro', 'kk', 'ru'];
const MIN_CASES = 30;

interface LabelledSet {
  language: Language;
  cases: { text: string; percent: number | null; coupons: number }[];
}

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  positives: number;
  negatives: number;
  misses: string[];
}

function load(language: Language): LabelledSet {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${language}.json`), 'utf8')) as LabelledSet;
}

function score(set: LabelledSet): Score {
  const s: Score = {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    positives: 0,
    negatives: 0,
    misses: [],
  };
  const compare = (what: string, want: number, got: number, text: string) => {
    if (want === got) {
      if (want > 0) s.truePositives++;
      return;
    }
    if (got > 0) s.falsePositives++;
    if (want > 0) s.falseNegatives++;
    s.misses.push(`${what.padEnd(7)} got ${got}, want ${want} in: ${text.replace(/\n/g, ' ⏎ ')}`);
  };
  for (const c of set.cases) {
    if (c.percent !== null || c.coupons > 0) s.positives++;
    else s.negatives++;
    const found = detectDiscounts(c.text);
    compare('percent', c.percent ?? 0, found.percent ?? 0, c.text);
    compare('coupons', c.coupons, found.coupons, c.text);
  }
  return s;
}

const rows: string[] = [];

describe('discount detection accuracy', () => {
  afterAll(() => {
    console.log(
      [
        'Discount detection on the labelled sets',
        'lang  cases  pos  neg  precision  recall',
        ...rows,
      ].join('\n'),
    );
  });

  for (const language of LANGUAGES) {
    it(`${language}: precision ≥ 0.9 and recall ≥ 0.8`, () => {
      const set = load(language);
      expect(set.language).toBe(language);
      expect(set.cases.length).toBeGreaterThanOrEqual(MIN_CASES);
      const s = score(set);
      // Both kinds of sentence must be there in numbers for the figures to mean something.
      expect(s.positives).toBeGreaterThanOrEqual(15);
      expect(s.negatives).toBeGreaterThanOrEqual(15);
      const precision = s.truePositives / Math.max(1, s.truePositives + s.falsePositives);
      const recall = s.truePositives / Math.max(1, s.truePositives + s.falseNegatives);
      rows.push(
        `${language.padEnd(4)}  ${String(set.cases.length).padStart(5)}  ${String(s.positives).padStart(3)}  ${String(s.negatives).padStart(3)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}`,
      );
      if (s.misses.length > 0) console.log(`${language}:\n  ${s.misses.join('\n  ')}`);
      expect(precision, 'precision').toBeGreaterThanOrEqual(0.9);
      expect(recall, 'recall').toBeGreaterThanOrEqual(0.8);
    });
  }
});
