// Pure parts of client search: reading the query and re-ranking the trigram
// candidates. Trigrams find candidates fast through the indexes but rank a
// transposition ("Gerogina") below unrelated names sharing letters ("Regina");
// an edit distance over the few candidates puts the intended client first.

import type { SearchTerms } from './client-search.repo.ts';

const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/** Decides what a search looks for: an email, a phone number, or a name (and partial identities). */
export function readSearchQuery(q: string): SearchTerms {
  const text = q.trim();
  if (text.includes('@'))
    return { name: null, identity: text.toLowerCase(), identityKind: 'email' };
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= 3)
    return { name: null, identity: digits.replace(/^00/, ''), identityKind: 'phone' };
  return { name: text, identity: text.toLowerCase() };
}

// Letters the search treats as the same (matches search_fold in 0002_client_search.sql
// for what decomposition does not already do).
const FOLD: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ь: '',
  ъ: '',
};

/** Lower-case, accents and Kazakh letters folded: "Nұrsұltan Áron" -> "nursultan aron". */
export function foldText(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøәғқңөұүһіьъ]/g, (c) => FOLD[c] ?? c);
}

function tokens(s: string): string[] {
  return foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two back): search ranks hundreds
  // of candidates per query, and a full matrix of arrays was most of its time.
  let before = new Uint16Array(b.length + 1);
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** How close a typed word is to a word, 0..1: 1 equal, 0.8+ a prefix, else by edit distance. */
export function tokenSimilarity(q: string, t: string): number {
  if (q === t) return 1;
  // Someone still typing: "Geor" for "Georgina", "2345678" for "+3612345678".
  if (q.length >= 2 && t.startsWith(q)) return 0.8 + 0.15 * (q.length / t.length);
  if (q.length >= 4 && t.includes(q)) return 0.75 + 0.15 * (q.length / t.length);
  return 1 - editDistance(q, t) / Math.max(q.length, t.length);
}

// A word of a name this close to a typed word stands in for it ("eszter" for "ezster":
// one transposition in six letters is 0.83; "ester", a letter away, 0.83 too).
const NEAR_WORD = 0.6;
/** Near words kept per typed word, best first. */
const NEAR_WORDS = 8;

/**
 * For each typed word (in order), the words of clients' names that may be what was
 * meant, with how close each is (best first, at most NEAR_WORDS; none below NEAR_WORD).
 */
function rankNearWords(typed: string[], candidates: { ord: number; word: string }[]) {
  return typed.map((word, i) => {
    const q = foldText(word);
    return candidates
      .filter((c) => c.ord === i)
      .map((c) => ({ word: c.word, close: tokenSimilarity(q, foldText(c.word)) }))
      .filter((c) => c.close >= NEAR_WORD)
      .sort((a, b) => b.close - a.close || a.word.localeCompare(b.word))
      .slice(0, NEAR_WORDS);
  });
}

/**
 * For each typed word, the words of clients' names that may be what was meant (best
 * first, at most NEAR_WORDS), from the dictionary's trigram candidates. Typed words
 * with none are left out: the others still narrow the search.
 */
export function pickNearWords(typed: string[], candidates: { ord: number; word: string }[]) {
  return rankNearWords(typed, candidates)
    .map((words) => words.map((c) => c.word))
    .filter((words) => words.length > 0);
}

/**
 * For each typed word, the nearest words of clients' names (the word itself when a
 * name has it, else the closest corrections, ties kept); null when a typed word has
 * none. Names holding these rank first, equal among themselves but for their other
 * words: what the newest-first look-up (listNewestHolding) may answer alone.
 */
export function pickNearestWords(
  typed: string[],
  candidates: { ord: number; word: string }[],
): string[][] | null {
  const ranked = rankNearWords(typed, candidates);
  if (ranked.length === 0 || ranked.some((words) => words.length === 0)) return null;
  return ranked.map((words) => words.filter((c) => c.close === words[0]!.close).map((c) => c.word));
}

// What a letter typed wrong or left out of an address may have been: the letters
// addresses are made of, and the query's own (an address in another script).
const ADDRESS_LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789.-_+';
// Longer addresses are not spelled out letter by letter: each letter costs ~80
// look-ups, and the trigram pass reads a long address well.
const MAX_SPELLED = 64;

/**
 * Every address one typo away from an email address (the optimal string alignment
 * distance: a letter left out, one too many, one wrong, or two swapped), the
 * address itself included, each with exactly one "@". Empty for a longer address.
 * Looked up exactly, these find a mistyped address by its unique index whatever
 * the others in the workspace look like ("clinet778" among a million "clientN").
 */
export function addressesOneTypoAway(address: string): string[] {
  const a = Array.from(address);
  if (a.length > MAX_SPELLED) return [];
  const letters = [...new Set([...ADDRESS_LETTERS, ...a])].filter((c) => c !== '@');
  const out = new Set<string>([address]);
  const head = a.map((_, i) => a.slice(0, i).join('')).concat(address);
  const tail = a.map((_, i) => a.slice(i).join('')).concat('');
  for (let i = 0; i <= a.length; i++) {
    // One left out before i.
    for (const c of letters) out.add(head[i] + c + tail[i]);
    if (i === a.length) break;
    // One too many (typed) at i, or one wrong at i.
    out.add(head[i]! + tail[i + 1]);
    if (a[i] !== '@') for (const c of letters) out.add(head[i] + c + tail[i + 1]);
    // Two swapped at i.
    if (i + 1 < a.length && a[i] !== a[i + 1]) out.add(head[i]! + a[i + 1] + a[i] + tail[i + 2]);
  }
  return [...out].filter((v) => v.indexOf('@') > 0 && v.indexOf('@') === v.lastIndexOf('@'));
}

/** A tsquery of whole words: every group by one of its words ('a' | 'b') & ('c'). */
export function wordsTsQuery(groups: string[][]): string {
  const quote = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return groups.map((words) => `(${words.map(quote).join(' | ')})`).join(' & ');
}

/** How well a query matches a text, 0..1: each query word against its best word of the text. */
export function matchScore(query: string, text: string): number {
  return matchWords(tokens(query), text);
}

function matchWords(qs: string[], text: string): number {
  const ts = tokens(text);
  if (qs.length === 0 || ts.length === 0) return 0;
  let sum = 0;
  for (const q of qs) sum += Math.max(...ts.map((t) => tokenSimilarity(q, t)));
  return sum / qs.length;
}

export interface SearchCandidate {
  id: string;
  name: string;
  /** The trigram score from the database, 0..1. */
  score: number;
  identities: string[];
}

/** Orders the candidates best first (edit distance weighs more than trigrams; ties: newest first). */
export function rankCandidates<T extends SearchCandidate>(
  query: string,
  terms: SearchTerms,
  candidates: T[],
): T[] {
  return scoreCandidates(query, terms, candidates).map((s) => s.c);
}

/** The candidates best first with their rank (0..1), for lists that merge clients with other results. */
export function scoreCandidates<T extends SearchCandidate>(
  query: string,
  terms: SearchTerms,
  candidates: T[],
): { c: T; rank: number }[] {
  const qs = tokens(terms.identityKind === 'phone' ? terms.identity : query);
  const scored = candidates.map((c) => {
    const texts = [...(terms.name !== null ? [c.name] : []), ...c.identities];
    const fuzzy = Math.max(0, ...texts.map((t) => matchWords(qs, t)));
    return { c, rank: 0.75 * fuzzy + 0.25 * Number(c.score) };
  });
  scored.sort((a, b) => b.rank - a.rank || compareIdsDesc(a.c.id, b.c.id));
  return scored;
}

function compareIdsDesc(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? -1 : 1;
}
