// Precision and recall of discount detection on the committed labelled sets
// (test/fixtures/discounts/<language>.json): sentences agents write, each with
// the discount a person reads in it — the largest percentage off (null: none)
// and how many coupons it gives (0: none). The drafts are read as the server
// reads them, with the language detected. A percentage counts as right only
// with its value, coupons only with their number; a wrong value is both a
// false positive and a false negative.
import { describe, expect, it } from 'vitest';
import type { Language } from '../api/common.ts';
import {
  LANGUAGES,
  accuracyTable,
  emptyTally,
  loadLabelledSet,
  type Tally,
} from '../../../test/accuracy.ts';
import { detectDiscounts } from './detect.ts';

const MIN_CASES = 30;

interface LabelledSet {
  language: Language;
  cases: { text: string; percent: number | null; coupons: number }[];
}

function score(set: LabelledSet): Tally {
  const s = emptyTally();
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

describe('discount detection accuracy', () => {
  const table = accuracyTable('Discount detection on the labelled sets');
  for (const language of LANGUAGES) {
    it(`${language}: precision ≥ 0.9 and recall ≥ 0.8`, () => {
      const set = loadLabelledSet<LabelledSet>('discounts', language);
      expect(set.cases.length).toBeGreaterThanOrEqual(MIN_CASES);
      const { precision, recall } = table.add(language, set.cases.length, score(set));
      expect(precision, 'precision').toBeGreaterThanOrEqual(0.9);
      expect(recall, 'recall').toBeGreaterThanOrEqual(0.8);
    });
  }
});
