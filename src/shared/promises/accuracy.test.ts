// Precision and recall of promise extraction on the committed labelled sets
// (test/fixtures/promises/<language>.json): sentences agents write, each with
// the promises a person reads in it (kind and due time for the set's `now`
// and time zone) or none. A found promise counts as right only when its due
// time is within a minute of the expected one; its kind is scored apart.
import { describe, expect, it } from 'vitest';
import type { Language } from '../api/common.ts';
import {
  LANGUAGES,
  accuracyTable,
  emptyTally,
  loadLabelledSet,
  type Tally,
} from '../../../test/accuracy.ts';
import { extractPromises } from './extract.ts';
import { PROMISE_KINDS, type PromiseKind } from './types.ts';

const TOLERANCE_MS = 60_000;
const MIN_CASES = 40;

interface Expected {
  kind: PromiseKind;
  /** ISO time with the zone's offset, e.g. "2026-12-11T18:00:00+01:00". */
  due: string;
}
interface LabelledSet {
  language: Language;
  now: string;
  timeZone: string;
  cases: { text: string; promises: Expected[]; note?: string }[];
}

function score(set: LabelledSet): Tally & { kindRight: number } {
  const s = { ...emptyTally(), kindRight: 0 };
  for (const c of set.cases) {
    if (c.promises.length > 0) s.positives++;
    else s.negatives++;
    const found = extractPromises(c.text, {
      language: set.language,
      now: set.now,
      timeZone: set.timeZone,
    });
    const open = [...c.promises];
    for (const f of found) {
      const at = open.findIndex(
        (e) => Math.abs(Date.parse(e.due) - Date.parse(f.dueAt)) <= TOLERANCE_MS,
      );
      if (at === -1) {
        s.falsePositives++;
        s.misses.push(`extra   ${f.kind} ${f.dueAt} in: ${c.text}`);
        continue;
      }
      const [expected] = open.splice(at, 1);
      s.truePositives++;
      if (expected!.kind === f.kind) s.kindRight++;
      else s.misses.push(`kind    ${f.kind} (want ${expected!.kind}) in: ${c.text}`);
    }
    for (const e of open) {
      s.falseNegatives++;
      s.misses.push(`missed  ${e.kind} ${new Date(e.due).toISOString()} in: ${c.text}`);
    }
  }
  return s;
}

/** Every labelled promise has a known kind and a due time that parses. */
function expectWellFormed(set: LabelledSet) {
  for (const c of set.cases)
    for (const p of c.promises) {
      expect(PROMISE_KINDS).toContain(p.kind);
      expect(Number.isNaN(Date.parse(p.due)), p.due).toBe(false);
    }
}

describe('promise extraction accuracy', () => {
  const table = accuracyTable('Promise extraction on the labelled sets', 'kind');
  for (const language of LANGUAGES) {
    it(`${language}: precision ≥ 0.9 and recall ≥ 0.8`, () => {
      const set = loadLabelledSet<LabelledSet>('promises', language);
      expect(set.cases.length).toBeGreaterThanOrEqual(MIN_CASES);
      expectWellFormed(set);
      const s = score(set);
      const kind = s.kindRight / Math.max(1, s.truePositives);
      const { precision, recall } = table.add(language, set.cases.length, s, kind.toFixed(3));
      expect(precision, 'precision').toBeGreaterThanOrEqual(0.9);
      expect(recall, 'recall').toBeGreaterThanOrEqual(0.8);
      expect(kind, 'kind agreement').toBeGreaterThanOrEqual(0.85);
    });
  }
});

// The blind holdout (test/fixtures/promises/holdout/<language>.json): written
// the way agents of each language write, before the patterns were read, and
// never used to tune one pattern per sentence. Same thresholds.
describe('promise extraction accuracy on the blind holdout', () => {
  const table = accuracyTable('Promise extraction on the blind holdout', 'kind', 7);
  for (const language of LANGUAGES) {
    it(`${language}: precision ≥ 0.9 and recall ≥ 0.8`, () => {
      const set = loadLabelledSet<LabelledSet>('promises', language, 'holdout');
      expect(set.cases.length).toBeGreaterThanOrEqual(15);
      const s = score(set);
      const kind = s.kindRight / Math.max(1, s.truePositives);
      const { precision, recall } = table.add(language, set.cases.length, s, kind.toFixed(3));
      expect(precision, 'precision').toBeGreaterThanOrEqual(0.9);
      expect(recall, 'recall').toBeGreaterThanOrEqual(0.8);
    });
  }
});

// The later blind holdouts (test/fixtures/promises/holdout-2/ and holdout-3/),
// each written without reading the patterns or the sentences above: holdout-2
// on 2026-12-03 evening, holdout-3 on 2026-12-04 in trades not used before. A
// measurement, not a gate: the table and every miss are printed (figures in
// docs/benchmarks.md) and nothing fails on them.
describe.each([
  ['second', 'holdout-2'],
  ['third', 'holdout-3'],
] as const)(
  'promise extraction accuracy on the %s blind holdout (printed, not enforced)',
  (name, which) => {
    const table = accuracyTable(`Promise extraction on the ${name} blind holdout`, 'kind', 10);
    for (const language of LANGUAGES) {
      it(`${language}: measured`, () => {
        const set = loadLabelledSet<LabelledSet>('promises', language, which);
        expect(set.cases.length).toBeGreaterThanOrEqual(20);
        expectWellFormed(set);
        const s = score(set);
        const kind = s.kindRight / Math.max(1, s.truePositives);
        table.add(language, set.cases.length, s, kind.toFixed(3));
      });
    }
  },
);
