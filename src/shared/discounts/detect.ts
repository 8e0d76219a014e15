/**
 * Finds the discounts an agent's reply promises: percentages off ("15% off",
 * "a 20% discount", "descuento del 15 %", "15%-os kedvezményt", "скидку в 15
 * процентов") and coupons, promo codes and vouchers handed over ("here is a
 * coupon", "two promo codes", "промокод SALE10").
 *
 * A percentage is a discount when a discount word stands near it in the same
 * clause ("off" right after it, "discount" a few words away); a bare one
 * ("we can do 20%") counts in a sentence about a discount when its clause
 * offers it. A coupon counts when its clause gives it (send, attach, "here
 * is") or a code stands beside it ("SAVE10"); numbers and articles before it
 * say how many ("a" 1, "two" 2, a plural alone 2; "the"/"your" name one given
 * elsewhere). Neither counts in a clause that negates it ("we can't"), speaks
 * of an ended or expired one, a competitor's, the client's own ask ("you
 * asked for 20%"), or a coupon the client may have ("if you have a code"); nor
 * in quoted lines ("> ..."). Prices ("15 EUR") and other percentages ("100%
 * sure", "99.9% uptime", "21% VAT") are not discounts.
 *
 * Matching works on the folded draft (coach/fold.ts), so diacritics and
 * Kazakh letters typed on a Russian keyboard do not matter, and every offset
 * points into the draft as given. Pure and synchronous: the composer runs it
 * as the agent types and the server again on send.
 */
import type { Language } from '../api/common.ts';
import { detectLanguage } from '../coach/detect.ts';
import { foldWord, prepareText, toSourceRange } from '../coach/fold.ts';
import { splitSentences } from '../coach/sentences.ts';
import { anyOf, rx, type Pattern } from '../promises/grammar.ts';
import { LEXICONS } from './languages/index.ts';
import type { DetectOptions, DiscountDetection, DiscountFinding } from './types.ts';

/** How much of a reply is read: the agent's words come first, then mostly the quoted thread. */
export const DISCOUNT_SCAN_CHARS = 20_000;
/** How many words before a coupon noun a number or article may stand ("a free 10% coupon"). */
const COUNT_REACH = 3;
/** How many words after a coupon noun its code may stand ("your code is SAVE10"). */
const CODE_REACH = 3;

interface Range {
  start: number;
  end: number;
}

interface Compiled {
  blockers: Pattern;
  withdrawn: Pattern;
  breaks: Pattern;
  giving: Pattern;
  offering: Pattern;
  numbers: Map<string, number>;
  definite: Set<string>;
}

interface Shared {
  percent: Pattern;
  /** Folded number words written before a percent word, and their values. */
  percentNumbers: Map<string, number>;
  /** One pattern per discount word of every language, with its reach. */
  discountWords: { pattern: Pattern; before: number; after: number }[];
  couponSingular: Pattern;
  couponPlural: Pattern;
  notDiscount: Pattern;
}

const LANGUAGES = Object.keys(LEXICONS) as Language[];
const words = (list: readonly string[]) => rx(`⟨(?:${list.join('|')})⟩`);

let shared: Shared | undefined;
const compiled = new Map<Language, Compiled>();

// Discount words, coupon nouns and the words that make a percentage no
// discount are matched in every language at once: "скидка" in a Kazakh reply,
// "discount" in a Romanian one. The grammar words (numbers, negation, clause
// breaks) come from the draft's language only: "de" breaks a Hungarian clause
// but is "of" in Spanish.
function sharedPatterns(): Shared {
  if (shared) return shared;
  const all = LANGUAGES.map((l) => LEXICONS[l]);
  const percentWords = all.flatMap((l) => l.percentWords).join('|');
  const spelled = new Map(
    all.flatMap((l) => Object.entries(l.percentNumbers)).map(([w, n]) => [foldWord(w), n]),
  );
  shared = {
    percent: rx(
      `(?<![0-9.,])(?<minus>⟨[-\u2212] ?)?(?<n>[0-9]{1,3}(?:[.,][0-9]{1,2})?)(?![0-9])` +
        `(?: ?%(?:-ℓ+)?| ?-?(?:${percentWords})⟩)` +
        `|⟨(?<w>${anyOf([...spelled.keys()])}) ?-?(?:${percentWords})⟩`,
    ),
    percentNumbers: spelled,
    discountWords: all.flatMap((l) =>
      l.discountWords.map((w) => ({
        pattern: words([w.word]),
        before: w.before,
        after: w.after,
      })),
    ),
    couponSingular: words(all.flatMap((l) => l.couponSingular)),
    couponPlural: words(all.flatMap((l) => l.couponPlural)),
    notDiscount: rx(`^\\s*-?\\s*(?:${all.flatMap((l) => l.notDiscount).join('|')})⟩`),
  };
  return shared;
}

function compile(language: Language): Compiled {
  let c = compiled.get(language);
  if (c) return c;
  const lexicon = LEXICONS[language];
  c = {
    blockers: words(lexicon.blockers),
    withdrawn: words(lexicon.withdrawn),
    breaks: words(lexicon.clauseBreaks),
    giving: words(lexicon.giving),
    offering: words(lexicon.offering),
    numbers: new Map(Object.entries(lexicon.numbers).map(([w, n]) => [foldWord(w), n])),
    definite: new Set(lexicon.definite.map(foldWord)),
  };
  compiled.set(language, c);
  return c;
}

function matchAll(pattern: Pattern, text: string): RegExpExecArray[] {
  const re = pattern.re;
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** Each pattern runs once over the draft; sentences and clauses then pick their matches. */
class Matches {
  private readonly cache = new Map<Pattern, RegExpExecArray[]>();
  constructor(private readonly text: string) {}

  all(pattern: Pattern): RegExpExecArray[] {
    let found = this.cache.get(pattern);
    if (!found) this.cache.set(pattern, (found = matchAll(pattern, this.text)));
    return found;
  }

  /** The matches lying wholly within the range. */
  within(pattern: Pattern, range: Range): RegExpExecArray[] {
    return this.all(pattern).filter(
      (m) => m.index >= range.start && m.index + m[0].length <= range.end,
    );
  }

  has(pattern: Pattern, range: Range): boolean {
    return this.all(pattern).some(
      (m) => m.index >= range.start && m.index + m[0].length <= range.end,
    );
  }
}

// Words and numbers with what may cling to them: "20%-os", "12,5", "can't", "SAVE10".
const TOKEN =
  /[0-9]+(?:[.,][0-9]+)*\s?%(?:-[^\s\d.,;:!?()"«»]+)?|[^\s.,;:!?()"«»\u2014\u2013/]+(?:[.,][0-9]+)*/gu;

interface Token extends Range {
  word: string;
}

function tokensOf(folded: string, range: Range): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = range.start;
  const part = folded.slice(0, range.end);
  for (let m = TOKEN.exec(part); m !== null; m = TOKEN.exec(part)) {
    out.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  return out;
}

/** The index of the token holding offset `at` (or the first after it). */
function tokenAt(tokens: readonly Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The clauses of a sentence: split at , ; : — ( ) and at the language's "but". */
function clausesOf(folded: string, sentence: Range, c: Compiled, matches: Matches): Range[] {
  const cuts: number[] = [];
  for (let i = sentence.start; i < sentence.end; i++) {
    const ch = folded[i]!;
    // A comma between digits is a decimal one ("12,5%").
    if (ch === ',' && /[0-9]/.test(folded[i - 1] ?? '') && /[0-9]/.test(folded[i + 1] ?? ''))
      continue;
    if (',;:()\u2014\u2013'.includes(ch)) cuts.push(i);
    // A dash between spaces: "15% - for you".
    else if (ch === '-' && folded[i - 1] === ' ' && folded[i + 1] === ' ') cuts.push(i);
  }
  for (const m of matches.within(c.breaks, sentence)) cuts.push(m.index);
  cuts.sort((a, b) => a - b);
  const out: Range[] = [];
  let start = sentence.start;
  for (const cut of cuts) {
    if (cut > start) out.push({ start, end: cut });
    start = cut;
  }
  if (sentence.end > start) out.push({ start, end: sentence.end });
  return out;
}

const clauseAt = (clauses: readonly Range[], at: number) =>
  clauses.find((r) => at >= r.start && at < r.end);

/** Quoted lines of an earlier message ("> ...") are blanked: the client's words, not the agent's. */
function blankQuotes(folded: string): string {
  return folded.replace(/^[ \t]*>.*$/gm, (line) => ' '.repeat(line.length));
}

// A code as printed: capitals and digits, at least four, e.g. SAVE10, SORRY15, РАХМЕТ10.
const CODE = /^[\p{Lu}\p{N}][\p{Lu}\p{N}_-]{3,23}$/u;
const isCode = (word: string) => CODE.test(word) && /\p{Lu}/u.test(word);

/** Whether a code stands right before a coupon noun, or within a few words after it. */
function codeNear(source: string, tokens: readonly Token[], first: number, last: number): boolean {
  const before = tokens[first - 1];
  if (before && isCode(source.slice(before.start, before.end))) return true;
  for (let k = last + 1; k <= last + CODE_REACH && k < tokens.length; k++) {
    if (isCode(source.slice(tokens[k]!.start, tokens[k]!.end))) return true;
  }
  return false;
}

/**
 * How many coupons a mention gives, from the number or article before it: a
 * number counts, "the"/"your" point at one given elsewhere (0), else one, or
 * two for a plural.
 */
function countCoupons(
  c: Compiled,
  tokens: readonly Token[],
  first: number,
  clause: Range,
  plural: boolean,
): number {
  for (let k = first - 1; k >= 0 && k >= first - COUNT_REACH; k--) {
    const t = tokens[k]!;
    if (t.start < clause.start) break;
    if (/^[0-9]{1,2}$/.test(t.word)) return Number(t.word);
    const n = c.numbers.get(t.word);
    if (n !== undefined) return n;
    if (c.definite.has(t.word)) return 0;
  }
  return plural ? 2 : 1;
}

/** What one sentence is read with. */
interface SentenceScope {
  folded: string;
  sentence: Range;
  clauses: readonly Range[];
  tokens: readonly Token[];
  matches: Matches;
  blocked: (clause: Range) => boolean;
}

function findPercents(
  x: SentenceScope,
  c: Compiled,
  s: Shared,
): { range: Range; percent: number }[] {
  const keywords: { index: number; before: number; after: number; clause: Range | undefined }[] =
    [];
  for (const w of s.discountWords) {
    for (const m of x.matches.within(w.pattern, x.sentence)) {
      keywords.push({
        index: tokenAt(x.tokens, m.index),
        before: w.before,
        after: w.after,
        clause: clauseAt(x.clauses, m.index),
      });
    }
  }
  const out: { range: Range; percent: number }[] = [];
  for (const m of x.matches.within(s.percent, x.sentence)) {
    const { n, w } = m.groups!;
    const percent = n
      ? Number(n.replace(',', '.'))
      : (s.percentNumbers.get(w!.replace(/\s+/g, ' ')) ?? 0);
    if (!(percent > 0 && percent <= 100)) continue;
    const range = { start: m.index, end: m.index + m[0].length };
    const clause = clauseAt(x.clauses, m.index);
    if (!clause || x.blocked(clause)) continue;
    s.notDiscount.re.lastIndex = 0;
    if (s.notDiscount.re.test(x.folded.slice(range.end, clause.end))) continue;
    const first = tokenAt(x.tokens, range.start);
    const last = tokenAt(x.tokens, range.end - 1);
    // "-12%" beside a price is a discount as written on a price tag.
    const near =
      !!m.groups!.minus ||
      keywords.some(
        (k) =>
          k.clause === clause &&
          ((k.index < first && first - k.index <= k.before) ||
            (k.index > last && k.index - last <= k.after)),
      );
    // A bare percentage in a sentence about a discount, offered in its own clause:
    // "We can't do 30%, but I can give you 20%."
    if (near || (keywords.length > 0 && x.matches.has(c.offering, clause)))
      out.push({ range, percent });
  }
  return out;
}

function findCoupons(
  x: SentenceScope,
  c: Compiled,
  s: Shared,
  source: string,
): { range: Range; coupons: number }[] {
  const mentions = [
    ...x.matches.within(s.couponPlural, x.sentence).map((m) => ({ m, plural: true })),
    ...x.matches.within(s.couponSingular, x.sentence).map((m) => ({ m, plural: false })),
  ].sort((a, b) => a.m.index - b.m.index || b.m[0].length - a.m[0].length);
  const out: { range: Range; coupons: number }[] = [];
  let taken = -1;
  for (const { m, plural } of mentions) {
    // The longer of two overlapping nouns wins ("coupon code" over "coupon").
    if (m.index < taken) continue;
    const range = { start: m.index, end: m.index + m[0].length };
    taken = range.end;
    const clause = clauseAt(x.clauses, m.index);
    if (!clause || x.blocked(clause)) continue;
    const first = tokenAt(x.tokens, range.start);
    const last = tokenAt(x.tokens, range.end - 1);
    // Given in its clause, or shown with its code; else it is a coupon talked about.
    if (!x.matches.has(c.giving, clause) && !codeNear(source, x.tokens, first, last)) continue;
    out.push({ range, coupons: countCoupons(c, x.tokens, first, clause, plural) });
  }
  return out;
}

/**
 * The discounts a reply promises: the largest percentage and the number of
 * coupons, with each finding and its offsets in the draft.
 */
export function detectDiscounts(text: string, options: DetectOptions = {}): DiscountDetection {
  const draft = text.length > DISCOUNT_SCAN_CHARS ? text.slice(0, DISCOUNT_SCAN_CHARS) : text;
  const language = options.language ?? languageOf(draft);
  const c = compile(language);
  const s = sharedPatterns();
  const prepared = prepareText(draft);
  const folded = blankQuotes(prepared.folded);
  const matches = new Matches(folded);
  const findings: DiscountFinding[] = [];
  const place = (range: Range) => {
    const [start, end] = toSourceRange(prepared, range.start, range.end);
    return { start, end, text: draft.slice(start, end) };
  };

  for (const span of splitSentences(folded)) {
    const sentence = { start: span.start, end: span.end };
    // "… is no longer available": whatever the sentence offered is withdrawn.
    if (matches.has(c.withdrawn, sentence)) continue;
    const blockedCache = new Map<Range, boolean>();
    const scope: SentenceScope = {
      folded,
      sentence,
      clauses: clausesOf(folded, sentence, c, matches),
      tokens: tokensOf(folded, sentence),
      matches,
      blocked: (clause) => {
        let b = blockedCache.get(clause);
        if (b === undefined) blockedCache.set(clause, (b = matches.has(c.blockers, clause)));
        return b;
      },
    };
    for (const p of findPercents(scope, c, s))
      findings.push({ kind: 'percent', ...place(p.range), percent: p.percent });
    for (const k of findCoupons(scope, c, s, prepared.nfc))
      findings.push({ kind: 'coupon', ...place(k.range), coupons: k.coupons });
  }

  findings.sort((a, b) => a.start - b.start);
  const percents = findings.flatMap((f) => (f.percent === undefined ? [] : [f.percent]));
  const coupons = findings.filter((f) => f.kind === 'coupon');
  return {
    language,
    percent: percents.length > 0 ? Math.max(...percents) : null,
    // A coupon named only as "your code is SAVE10" is still one coupon.
    coupons: Math.max(
      coupons.reduce((n, f) => n + (f.coupons ?? 0), 0),
      coupons.length > 0 ? 1 : 0,
    ),
    findings,
  };
}

/** The draft's language; a draft nothing tells (a bare "20% off") is read as English. */
function languageOf(text: string): Language {
  const detected = detectLanguage(text).language;
  if (detected) return detected;
  return /[\u0400-\u04ff]/.test(text) ? 'ru' : 'en';
}
