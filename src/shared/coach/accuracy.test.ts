// Accuracy of the default phrase rules on the committed labelled sets
// (test/fixtures/coach/<language>.json, conventions in the README there):
// every sentence is checked as a whole draft, its language detected (the
// set's language is the conversation's fallback, as in the app), and the rule
// ids found are compared with the expected ones. Precision and recall per
// language are printed and must stay at or above 0.9 and 0.8. Cases marked
// "holdout" were written after the rules and measured blind once (figures in
// the README); the rules were fixed afterwards, so they are printed apart but
// are no longer blind.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDraft } from './engine.ts';
import { DEFAULT_KEYS, DEFAULT_RULES } from './defaults/index.ts';
import { COACH_LANGUAGES, type CoachLanguage } from './types.ts';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/coach',
);

interface Case {
  text: string;
  expect: string[];
  holdout?: true | 2;
  note?: string;
}

interface Score {
  cases: number;
  tp: number;
  fp: number;
  fn: number;
  misses: string[];
}

function load(
  language: CoachLanguage,
  set: 'main' | 'holdout' | 'holdout-2' | 'holdout-3' = 'main',
): Case[] {
  const file = set === 'main' ? `${language}.json` : path.join(set, `${language}.json`);
  const parsed = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as {
    language: string;
    cases: Case[];
  };
  expect(parsed.language).toBe(language);
  return parsed.cases;
}

function score(language: CoachLanguage, cases: Case[]): Score {
  const s: Score = { cases: cases.length, tp: 0, fp: 0, fn: 0, misses: [] };
  for (const c of cases) {
    const result = checkDraft(c.text, {
      rules: DEFAULT_RULES,
      context: { fallbackLanguage: language },
    });
    const found = new Set(result.findings.filter((f) => f.kind === 'phrase').map((f) => f.ruleId));
    const expected = new Set(c.expect);
    for (const id of found) {
      if (expected.has(id)) s.tp++;
      else {
        s.fp++;
        s.misses.push(`FP ${id}: ${c.text}`);
      }
    }
    for (const id of expected) {
      if (!found.has(id)) {
        s.fn++;
        s.misses.push(`FN ${id}: ${c.text}`);
      }
    }
  }
  return s;
}

const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const recall = (s: Score) => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));
const fmt = (x: number) => x.toFixed(3);

describe('reply coach accuracy on the labelled sets', () => {
  const rows: string[] = [];

  it.each(COACH_LANGUAGES)(
    '%s: labelled set is large and covers every default rule',
    (language) => {
      const cases = load(language);
      expect(cases.length).toBeGreaterThanOrEqual(60);
      const negatives = cases.filter((c) => c.expect.length === 0);
      expect(negatives.length).toBeGreaterThanOrEqual(25);
      for (const key of DEFAULT_KEYS) {
        const positives = cases.filter((c) => c.expect.includes(`${language}.${key}`));
        expect(positives.length, `${language}.${key} positives`).toBeGreaterThanOrEqual(2);
      }
      for (const c of cases) {
        for (const id of c.expect) expect(id.startsWith(`${language}.`), id).toBe(true);
      }
    },
  );

  it.each(COACH_LANGUAGES)('%s: precision >= 0.9 and recall >= 0.8', (language) => {
    const cases = load(language);
    const all = score(language, cases);
    const heldOut = score(
      language,
      cases.filter((c) => c.holdout),
    );
    rows.push(
      `${language}  cases ${String(all.cases).padStart(3)}  precision ${fmt(precision(all))}  recall ${fmt(recall(all))}` +
        `   (written after the rules, ${heldOut.cases}: precision ${fmt(precision(heldOut))}, recall ${fmt(recall(heldOut))})`,
    );
    if (all.misses.length) rows.push(...all.misses.map((m) => `      ${m}`));
    expect(precision(all), all.misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(recall(all), all.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('prints the figures', () => {
    console.log(`Reply coach phrase rules, per language:\n${rows.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(COACH_LANGUAGES.length);
  });
});

// The blind holdout (test/fixtures/coach/holdout/<language>.json): sentences
// written the way agents of each language write, before the rules were read,
// and kept apart from the set above so they are never used to tune a pattern
// one by one. Same thresholds.
describe('reply coach accuracy on the blind holdout', () => {
  const rows: string[] = [];

  it.each(COACH_LANGUAGES)('%s: precision >= 0.9 and recall >= 0.8', (language) => {
    const cases = load(language, 'holdout');
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.expect.length > 0).length).toBeGreaterThanOrEqual(10);
    for (const c of cases) {
      for (const id of c.expect) expect(id.startsWith(`${language}.`), id).toBe(true);
    }
    const s = score(language, cases);
    rows.push(
      `${language}  cases ${String(s.cases).padStart(3)}  precision ${fmt(precision(s))}  recall ${fmt(recall(s))}`,
    );
    if (s.misses.length) rows.push(...s.misses.map((m) => `      ${m}`));
    expect(precision(s), s.misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(recall(s), s.misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  });

  it('prints the figures', () => {
    console.log(`Reply coach phrase rules, blind holdout:\n${rows.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(COACH_LANGUAGES.length);
  });
});

// The later blind holdouts (test/fixtures/coach/holdout-2/ and holdout-3/),
// each written without reading the rules, their lexicons or the sentences
// above: holdout-2 on 2026-12-03 evening, holdout-3 on 2026-12-04 in trades not
// used before (a hotel, a car rental, a veterinary clinic, a school supply
// shop, an internet provider, a pharmacy). A measurement, not a gate:
// precision, recall and every miss are printed (figures in docs/benchmarks.md)
// and nothing fails on them, so that a miss is reported and weighed rather
// than fixed one sentence at a time, which would unblind the set.
describe.each([
  ['second', 'holdout-2'],
  ['third', 'holdout-3'],
] as const)('reply coach accuracy on the %s blind holdout (printed, not enforced)', (name, set) => {
  const rows: string[] = [];

  it.each(COACH_LANGUAGES)('%s: measured', (language) => {
    const cases = load(language, set);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      for (const id of c.expect) expect(id.startsWith(`${language}.`), id).toBe(true);
    }
    const s = score(language, cases);
    const clean = cases.filter((c) => c.expect.length === 0).length;
    rows.push(
      `${language}  cases ${String(s.cases).padStart(3)} (${cases.length - clean} flagged, ${clean} clean)  precision ${fmt(precision(s))}  recall ${fmt(recall(s))}`,
    );
    if (s.misses.length) rows.push(...s.misses.map((m) => `      ${m}`));
  });

  it('prints the figures', () => {
    console.log(`Reply coach phrase rules, ${name} blind holdout:\n${rows.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(COACH_LANGUAGES.length);
  });
});
