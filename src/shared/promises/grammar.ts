/**
 * The building blocks each language's lexicon is written with. Patterns are
 * regular expressions written in the language's own spelling and folded the
 * way the draft is (coach/fold.ts: lower case, no diacritics, Kazakh letters
 * as Russian ones), so "mâine", "maine" and "MÂINE" all match. Since folding
 * lowers the source too, patterns avoid upper-case escapes (\S, \D, \p{L})
 * and use these placeholders instead:
 *
 *   ⟨  a word starts here      ⟩  a word ends here (both work in any script, unlike \b)
 *   ℓ  one letter               a space  one or more spaces (" ?": any)
 */
import { foldText } from '../coach/fold.ts';
import type { DayPart, TimeSpec } from './due.ts';
import type { PromiseKind } from './types.ts';

// Patterns run on lower-cased text: a letter is a lower-case Latin letter (with
// the Latin-1 and Extended-A/B accented ones) or Cyrillic. Plain ranges, not
// \p{L}: the composer runs every pattern on every keystroke, and property
// classes in look-behinds made extraction several times slower.
const LETTERS = 'a-z\\u00df-\\u00ff\\u0100-\\u024f\\u0300-\\u036f\\u0400-\\u04ff';
const LETTER = `[${LETTERS}]`;
const WORD_START = `(?<![${LETTERS}0-9])`;
const WORD_END = `(?![${LETTERS}0-9])`;

/** Which text a pattern runs on: folded (default) or only lower-cased, for accents that carry meaning. */
export type TextMode = 'folded' | 'lower';

export interface Pattern {
  re: RegExp;
  on: TextMode;
}

function expand(source: string): string {
  return source
    .replaceAll('⟨', WORD_START)
    .replaceAll('⟩', WORD_END)
    .replaceAll('ℓ', LETTER)
    .replaceAll(' ?', '\\s*')
    .replaceAll(' ', '\\s+');
}

/** A pattern over folded text. */
export function rx(source: string): Pattern {
  return { re: new RegExp(expand(foldText(source)), 'gu'), on: 'folded' };
}

/** A pattern over lower-cased text with its diacritics (write it in lower case). */
export function rxLower(source: string): Pattern {
  return { re: new RegExp(expand(source), 'gu'), on: 'lower' };
}

/** An alternation of words or phrases, longest first, regex characters escaped. */
export function anyOf(words: readonly string[]): string {
  const escaped = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `(?:${escaped.join('|')})`;
}

/** Named groups of a match, folded words in them. */
export type Groups = Record<string, string | undefined>;

export interface TimeRule {
  pattern: Pattern;
  /** The time the match names; undefined drops the match. */
  make: (g: Groups) => TimeSpec | undefined;
}

export interface CueRule {
  pattern: Pattern;
  /** Further check on the match (e.g. the verb after "I'll" is not "need"); false drops it. */
  accept?: (match: string, following: string, preceding: string) => boolean;
}

/** Everything extraction knows about one language. */
export interface Lexicon {
  times: TimeRule[];
  /** Words that commit: "I'll", "we will", "you'll have", "перезвоню", "visszahívom". */
  cues: CueRule[];
  /** Kind tests over the promise's folded text, first match wins; no match is 'other'. */
  kinds: [Pattern, PromiseKind][];
  negation: Pattern;
  /** Idioms that hold a negation word without denying ("no problem", "не волнуйтесь"). */
  negationExcept?: Pattern;
  /** Hedges and the conditional mood: "might", "try to", "podría", "постараюсь". */
  hedge: Pattern;
  hedgeExcept?: Pattern;
  condition: Pattern;
  /** Conditions that only ask politely ("if that's OK"). */
  conditionExcept?: Pattern;
  /** Someone else's words reported: "you said", "как вы пишете". */
  reported: Pattern;
  /** Words that open a new clause ("but", "and"), limiting how far a negation reaches. */
  clauseWords: Pattern;
  /**
   * Words opening a clause that depends on the one before ("that", "hogy",
   * "что"): "I can't promise, that it arrives by Friday" denies the promise.
   */
  subordinate?: Pattern;
  /** Spans that look like times but are not deadlines: "from Monday to Friday" (opening hours). */
  notTimes?: Pattern;
  /** Question signs besides "?" (Kazakh ма/ме, Russian ли, Hungarian -e), on the folded sentence. */
  question?: Pattern;
  /** What may stand between two parts of one time ("tomorrow" "at 10"): folded, anchored. */
  glue: RegExp;
}

// ---------------------------------------------------------------------------
// Helpers the lexicons share.

const foldedTables = new WeakMap<Record<string, number>, Map<string, number>>();

/** The value of a number written in digits ("1,5" and "1.5" too) or as a word from the table. */
export function numberOf(
  token: string | undefined,
  words: Record<string, number>,
): number | undefined {
  if (token === undefined) return undefined;
  const t = foldText(token.trim().replace(/\s+/g, ' '));
  if (/^\d+(?:[.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  let table = foldedTables.get(words);
  if (!table) {
    table = new Map(Object.entries(words).map(([k, v]) => [foldText(k), v]));
    foldedTables.set(words, table);
  }
  return table.get(t);
}

export type Unit = 'minute' | 'hour' | 'day' | 'business-day' | 'week' | 'month';

/** A duration as a time: minutes and hours count exactly, days to the end of the day. */
export function duration(n: number | undefined, unit: Unit | undefined): TimeSpec | undefined {
  if (n === undefined || unit === undefined || !(n > 0)) return undefined;
  switch (unit) {
    case 'minute':
      return { t: 'after', minutes: Math.round(n) };
    case 'hour':
      return { t: 'after', minutes: Math.round(n * 60) };
    case 'day':
      return { t: 'days', days: Math.ceil(n), business: false };
    case 'business-day':
      return { t: 'days', days: Math.ceil(n), business: true };
    case 'week':
      return { t: 'days', days: Math.round(n * 7), business: false };
    case 'month':
      return { t: 'days', days: Math.round(n * 30), business: false };
  }
}

const foldedStems = new WeakMap<readonly (readonly [string, unknown])[], [string, unknown][]>();

/** The value of the longest stem that starts the (folded) word. */
export function byStem<T>(
  word: string | undefined,
  stems: readonly (readonly [string, T])[],
): T | undefined {
  if (!word) return undefined;
  let folded = foldedStems.get(stems) as [string, T][] | undefined;
  if (!folded) {
    folded = stems.map(([stem, value]) => [foldText(stem), value]);
    foldedStems.set(stems, folded);
  }
  const w = foldText(word);
  let best: [number, T] | undefined;
  for (const [stem, value] of folded) {
    if (w.startsWith(stem) && (!best || stem.length > best[0])) best = [stem.length, value];
  }
  return best?.[1];
}

/** A clock time from hour and minute strings; `ambiguous` when an hour under 12 came without am/pm or a leading zero. */
export function clockOf(
  h: string | undefined,
  mi: string | undefined,
  options: { ampm?: 'am' | 'pm'; part?: DayPart } = {},
): TimeSpec | undefined {
  if (h === undefined) return undefined;
  let hour = Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  if (!Number.isInteger(hour) || hour > 24 || minute > 59) return undefined;
  if (options.ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (options.ampm === 'pm' ? 12 : 0);
    return { t: 'at', clock: hour * 60 + minute, ...(options.part ? { part: options.part } : {}) };
  }
  if (hour === 24) hour = 0;
  // "3" or "3:30" may be the afternoon; "03:30" and "15:30" are 24-hour times.
  const ambiguous = hour >= 1 && hour <= 11 && (mi === undefined || h.length === 1);
  return {
    t: 'at',
    clock: hour * 60 + minute,
    ...(ambiguous || options.part ? { ambiguous: true } : {}),
    ...(options.part ? { part: options.part } : {}),
  };
}

/** A numeric date: day-first or month-first by convention, either way when the other reading is impossible. */
export function numericDate(
  a: string | undefined,
  b: string | undefined,
  y: string | undefined,
  order: 'dm' | 'md',
): TimeSpec | undefined {
  const x = Number(a);
  const z = Number(b);
  if (!x || !z) return undefined;
  let [day, month] = order === 'dm' ? [x, z] : [z, x];
  if (month > 12 && day <= 12) [day, month] = [month, day];
  if (month > 12 || day > 31) return undefined;
  let year = y === undefined ? undefined : Number(y);
  if (year !== undefined && year < 100) year += 2000;
  return { t: 'at', day: year ? { month, day, year } : { month, day } };
}
