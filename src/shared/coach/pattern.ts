/**
 * Phrase patterns: the small language rules are written in, compiled to a
 * RegExp. A workspace admin writes them, so nothing of RegExp syntax gets
 * through: words are letters, digits, apostrophes and hyphens, and the only
 * operators are these.
 *
 *   words        i don't know       words in this order, separated by spaces
 *                                   (or a comma or dash: "no, never")
 *   *            nunca hac*         inside a word: up to 20 more letters
 *                                   (inflections: hacemos, haremos)
 *   ( | )        (we|they) never    one of the alternatives
 *   [ ]          i [really] don't   optional words
 *   ...          we ... until       up to three words in between
 *   ^            ^ no               at the start of a sentence or clause
 *   $            no $               at the end of a sentence or clause
 *   |            a | b              at the top level too
 *
 * Matching is on folded text (fold.ts): case, diacritics and Kazakh letters
 * typed as Russian ones do not matter, and the pattern is folded the same way.
 * Every pattern matches whole words only, in any script.
 */
import { foldWord, lowerText } from './fold.ts';

export type PatternErrorCode =
  | 'empty'
  | 'too_long'
  | 'bad_character'
  | 'unbalanced'
  | 'empty_alternative'
  | 'nothing_required'
  | 'gap_at_edge'
  | 'bare_wildcard'
  | 'too_deep';

export interface PatternError {
  code: PatternErrorCode;
  /** Offset in the pattern where the problem was found. */
  at: number;
}

export type PatternMode = 'folded' | 'exact';

export const PATTERN_MAX_LENGTH = 600;
const MAX_DEPTH = 6;
const WILDCARD = '\\p{L}{0,20}';
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const SEPARATOR = '(?:\\s*[,\u2013\u2014]\\s*|\\s+)';
const GAP = `(?:${SEPARATOR}[\\p{L}\\p{N}\\p{M}'-]+){0,3}`;
const CLAUSE_START =
  '(?<=(?:^|[.!?\u2026;:,\u00a1\u00bf"\u00ab\u201c\u201e(\\n\u2013\u2014])[^\\S\\n]*)';
const CLAUSE_END = '(?=[^\\S\\n]*(?:[.!?\u2026;:,)"\u00bb\u201d\\n\u2013\u2014]|$))';

type Node =
  | { t: 'word'; text: string; at: number }
  | { t: 'group'; alts: Node[][]; optional: boolean; at: number }
  | { t: 'gap'; at: number }
  | { t: 'start' }
  | { t: 'end' };

class Fail extends Error {
  constructor(readonly error: PatternError) {
    super(error.code);
  }
}

const isWordChar = (ch: string) => /[\p{L}\p{M}\p{N}'\u2019\-*]/u.test(ch);

function parse(pattern: string): Node[][] {
  let i = 0;
  const fail = (code: PatternErrorCode, at = i): never => {
    throw new Fail({ code, at });
  };

  function parseAlternatives(depth: number, closer: string | null): Node[][] {
    if (depth > MAX_DEPTH) fail('too_deep');
    const alts: Node[][] = [];
    let seq: Node[] = [];
    let seqStart = i;
    for (;;) {
      const ch = pattern[i];
      if (ch === undefined) {
        if (closer) fail('unbalanced');
        break;
      }
      if (/\s/u.test(ch)) {
        i++;
      } else if (ch === '|') {
        if (seq.length === 0) fail('empty_alternative', seqStart);
        alts.push(seq);
        seq = [];
        i++;
        seqStart = i;
      } else if (ch === ')' || ch === ']') {
        if (ch !== closer) fail('unbalanced');
        i++;
        break;
      } else if (ch === '(' || ch === '[') {
        const at = i;
        i++;
        const inner = parseAlternatives(depth + 1, ch === '(' ? ')' : ']');
        seq.push({ t: 'group', alts: inner, optional: ch === '[', at });
      } else if (pattern.startsWith('...', i)) {
        seq.push({ t: 'gap', at: i });
        i += 3;
      } else if (ch === '^') {
        seq.push({ t: 'start' });
        i++;
      } else if (ch === '$') {
        seq.push({ t: 'end' });
        i++;
      } else if (isWordChar(ch)) {
        const at = i;
        while (i < pattern.length && isWordChar(pattern[i]!)) i++;
        const text = pattern.slice(at, i);
        if (!/[\p{L}\p{N}]/u.test(text)) fail('bare_wildcard', at);
        seq.push({ t: 'word', text, at });
      } else {
        fail('bad_character');
      }
    }
    if (seq.length === 0) fail(alts.length ? 'empty_alternative' : 'empty', seqStart);
    alts.push(seq);
    return alts;
  }

  return parseAlternatives(0, null);
}

function compileWord(word: string, mode: PatternMode): string {
  const text = mode === 'folded' ? foldWord(word) : lowerText(word.normalize('NFC'));
  let out = '';
  for (const ch of text) {
    if (ch === '*') out += WILDCARD;
    // Kazakh і is often typed as the Latin i; both fold to и or stay i.
    else if (ch === 'и' || ch === 'i') out += '[иi]';
    else if (ch === "'" || ch === '\u2019') out += "['\u2019]";
    else out += ch; // letters, digits, marks and hyphens have no meaning in a u-mode RegExp
  }
  return out;
}

interface Unit {
  kind: 'required' | 'optional' | 'gap' | 'anchor';
  re: string;
  at: number;
}

function compileSequence(seq: Node[], mode: PatternMode): string {
  const units: Unit[] = seq.map((node): Unit => {
    switch (node.t) {
      case 'word':
        return { kind: 'required', re: compileWord(node.text, mode), at: node.at };
      case 'group': {
        const inner = node.alts.map((alt) => compileSequence(alt, mode)).join('|');
        return { kind: node.optional ? 'optional' : 'required', re: `(?:${inner})`, at: node.at };
      }
      case 'gap':
        return { kind: 'gap', re: GAP, at: node.at };
      case 'start':
        return { kind: 'anchor', re: CLAUSE_START, at: 0 };
      case 'end':
        return { kind: 'anchor', re: CLAUSE_END, at: 0 };
    }
  });
  const first = units.findIndex((u) => u.kind === 'required');
  const last = units.findLastIndex((u) => u.kind === 'required');
  if (first < 0) throw new Fail({ code: 'nothing_required', at: units[0]?.at ?? 0 });
  let out = '';
  units.forEach((u, k) => {
    if (u.kind === 'gap' && (k < first || k > last)) {
      throw new Fail({ code: 'gap_at_edge', at: u.at });
    }
    if (u.kind === 'anchor') out += u.re;
    else if (k < first)
      out += `(?:${u.re}${SEPARATOR})?`; // optional words before the first required one
    else if (k === first) out += u.re;
    else if (u.kind === 'required') out += SEPARATOR + u.re;
    else if (u.kind === 'optional') out += `(?:${SEPARATOR}${u.re})?`;
    else out += u.re; // a gap carries its own separators
  });
  return out;
}

/**
 * The characters a match can start with (folded), or null when any letter can
 * (a leading wildcard). Put in a lookahead before the word-boundary
 * lookbehind, it lets the RegExp engine skip ahead instead of testing the
 * lookbehind at every position (about four times faster on a long draft).
 */
function firstChars(seq: Node[], mode: PatternMode): Set<string> | null {
  const out = new Set<string>();
  for (const node of seq) {
    if (node.t === 'start' || node.t === 'end') continue;
    if (node.t === 'gap') return null;
    if (node.t === 'word') {
      const text = mode === 'folded' ? foldWord(node.text) : lowerText(node.text.normalize('NFC'));
      const ch = text[0]!;
      if (ch === '*') return null;
      for (const c of ch === 'и' || ch === 'i' ? ['и', 'i'] : ch === "'" ? ["'", '\u2019'] : [ch])
        out.add(c);
      return out;
    }
    for (const alt of node.alts) {
      const inner = firstChars(alt, mode);
      if (!inner) return null;
      for (const c of inner) out.add(c);
    }
    if (!node.optional) return out;
  }
  return out;
}

const classChar = (c: string) => (c === '-' || c === '\\' || c === ']' || c === '^' ? `\\${c}` : c);

/** The RegExp source of a phrase pattern (whole words, Unicode), or what is wrong with it. */
export function compilePatternSource(
  pattern: string,
  mode: PatternMode = 'folded',
): { ok: true; source: string } | { ok: false; error: PatternError } {
  if (pattern.trim() === '') return { ok: false, error: { code: 'empty', at: 0 } };
  if (pattern.length > PATTERN_MAX_LENGTH) {
    return { ok: false, error: { code: 'too_long', at: PATTERN_MAX_LENGTH } };
  }
  try {
    const alts = parse(pattern);
    const body = alts.map((seq) => compileSequence(seq, mode)).join('|');
    const starts = new Set<string>();
    for (const seq of alts) {
      const chars = firstChars(seq, mode);
      if (!chars) {
        starts.clear();
        break;
      }
      for (const c of chars) starts.add(c);
    }
    const ahead = starts.size ? `(?=[${[...starts].map(classChar).join('')}])` : '';
    return { ok: true, source: `${ahead}(?<!${WORD_CHAR})(?:${body})(?!${WORD_CHAR})` };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

const cache = new Map<string, RegExp | PatternError>();
const CACHE_LIMIT = 4000;

/**
 * The compiled pattern (global, Unicode), cached by its text, or its error.
 * A RegExp from here is shared: read it with matchAll, which copies it.
 */
export function compilePattern(
  pattern: string,
  mode: PatternMode = 'folded',
): RegExp | PatternError {
  const key = mode + '\u0000' + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compilePatternSource(pattern, mode);
  const value = compiled.ok ? new RegExp(compiled.source, 'gu') : compiled.error;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The problem with a pattern, or undefined when it compiles. */
export function findPatternError(pattern: string): PatternError | undefined {
  const compiled = compilePattern(pattern);
  return compiled instanceof RegExp ? undefined : compiled;
}

/** Ranges [start, end) where a compiled pattern matches the (folded or lower-cased) text. */
export function matchRanges(re: RegExp, text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length > 0) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
