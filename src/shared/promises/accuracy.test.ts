// Precision and recall of promise extraction on the committed labelled sets
// (test/fixtures/promises/<language>.json): sentences agents write, each with
// the promises a person reads in it (kind and due time for the set's `now`
// and time zone) or none. A found promise counts as right only when its due
// time is within a minute of the expected one; its kind is scored apart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../api/common.ts';
import { extractPromises } from './extract.ts';
import { PROMISE_KINDS, type PromiseKind } from './types.ts';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/promises',
);
const LANGUAGES: Language[] = ['en', 'es', 'hu', 'ro', 'kk', 'ru'];
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

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  kindRight: number;
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
    kindRight: 0,
    positives: 0,
    negatives: 0,
    misses: [],
  };
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

const rows: string[] = [];

describe('promise extraction accuracy', () => {
  afterAll(() => {
    console.log(
      [
        'Promise extraction on the labelled sets',
        'lang  cases  pos  neg  precision  recall  kind',
        ...rows,
      ].join('\n'),
    );
  });

  for (const language of LANGUAGES) {
    it(`${language}: precision ≥ 0.9 and recall ≥ 0.8`, () => {
      const set = load(language);
      expect(set.language).toBe(language);
      expect(set.cases.length).toBeGreaterThanOrEqual(MIN_CASES);
      for (const c of set.cases) {
        for (const p of c.promises) {
          expect(PROMISE_KINDS).toContain(p.kind);
          expect(Number.isNaN(Date.parse(p.due)), p.due).toBe(false);
        }
      }
      const s = score(set);
      // Both kinds of sentence must be there in numbers for the figures to mean something.
      expect(s.positives).toBeGreaterThanOrEqual(15);
      expect(s.negatives).toBeGreaterThanOrEqual(15);
      const precision = s.truePositives / Math.max(1, s.truePositives + s.falsePositives);
      const recall = s.truePositives / Math.max(1, s.truePositives + s.falseNegatives);
      const kind = s.kindRight / Math.max(1, s.truePositives);
      rows.push(
        `${language.padEnd(4)}  ${String(set.cases.length).padStart(5)}  ${String(s.positives).padStart(3)}  ${String(s.negatives).padStart(3)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}  ${kind.toFixed(3)}`,
      );
      if (s.misses.length > 0) console.log(`${language}:\n  ${s.misses.join('\n  ')}`);
      expect(precision, 'precision').toBeGreaterThanOrEqual(0.9);
      expect(recall, 'recall').toBeGreaterThanOrEqual(0.8);
      expect(kind, 'kind agreement').toBeGreaterThanOrEqual(0.85);
    });
  }
});
