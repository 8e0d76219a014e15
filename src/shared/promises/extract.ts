/**
 * Finds the promises in an agent's outgoing reply. A promise is a sentence
 * (or a clause of one) that holds both a commitment ("I'll", "we will send",
 * "you'll have", "перезвоню", "visszahívom") and a time the commitment can be
 * held to ("in 10 minutes", "by Friday"). It is not a promise when the
 * sentence asks, denies, hedges ("might", "try to"), makes it conditional,
 * reports someone else's words, or sits in quoted text (lines starting with
 * ">", a quoted earlier message, text in quotation marks); nor when the time
 * lies in the past. Matching works on the folded draft, so diacritics and
 * Kazakh letters typed on a Russian keyboard do not matter, and every offset
 * points into the draft as given.
 *
 * Pure and synchronous: the composer runs it on every keystroke and the
 * server again on send.
 */
import type { Language } from '../api/common.ts';
import { detectLanguage } from '../coach/detect.ts';
import {
  foldText,
  lowerText,
  prepareText,
  toSourceRange,
  type PreparedText,
} from '../coach/fold.ts';
import { splitSentences, type Span } from '../coach/sentences.ts';
import { parseClock } from '../sla/business-time.ts';
import { resolveDue, type DueContext, type TimeSpec } from './due.ts';
import type { Lexicon, Pattern } from './grammar.ts';
import { LEXICONS } from './languages/index.ts';
import type { ExtractOptions, PromiseFinding, PromiseKind } from './types.ts';

interface Range {
  start: number;
  end: number;
}
interface TimeHit extends Range {
  spec: TimeSpec;
}

const DEFAULT_END_OF_DAY = 18 * 60;

function textFor(prepared: PreparedText, pattern: Pattern): string {
  return pattern.on === 'lower' ? prepared.lower : prepared.folded;
}

/** The draft folded for matching; the lower-cased copy only when a pattern asks for it. */
function prepare(text: string): PreparedText {
  // Decomposed input needs offsets mapped back; the usual composed text does not.
  if (text.normalize('NFC') !== text) return prepareText(text);
  let lower: string | undefined;
  return {
    source: text,
    nfc: text,
    folded: foldText(text),
    get lower() {
      return (lower ??= lowerText(text));
    },
  };
}

// exec() on the shared global pattern: matchAll would clone the RegExp on every call.
function matches(pattern: Pattern, text: string): RegExpExecArray[] {
  const re = pattern.re;
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function ranges(pattern: Pattern | undefined, prepared: PreparedText): Range[] {
  if (!pattern) return [];
  return matches(pattern, textFor(prepared, pattern)).map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function test(pattern: Pattern | undefined, text: string): boolean {
  if (!pattern) return false;
  pattern.re.lastIndex = 0;
  return pattern.re.test(text);
}

const overlaps = (a: Range, b: Range) => a.start < b.end && b.start < a.end;
const inside = (r: Range, outer: Range) => r.start >= outer.start && r.end <= outer.end;

/** True when `r` lies inside one of the (ordered) ranges. */
function insideAny(r: Range, list: readonly Range[]): boolean {
  for (const x of list) {
    if (x.start > r.start) return false;
    if (r.end <= x.end) return true;
  }
  return false;
}

/** True when `r` overlaps one of the ranges. */
function overlapsAny(r: Range, list: readonly Range[]): boolean {
  for (const x of list) if (overlaps(x, r)) return true;
  return false;
}

/** Of overlapping hits keeps the longest, in order of position. */
function longestFirst<T extends Range>(hits: T[]): T[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const h of sorted) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      if (h.end - h.start > last.end - last.start) kept[kept.length - 1] = h;
    } else kept.push(h);
  }
  return kept;
}

/** The ranges of a list ordered by start that lie inside `span` (binary search, then a short walk). */
function within<T extends Range>(list: readonly T[], span: Range): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < list.length && list[i]!.start < span.end; i++) {
    if (list[i]!.end <= span.end) out.push(list[i]!);
  }
  return out;
}

// A line that starts a quoted earlier message, in any of the six languages' mail clients.
const QUOTE_HEADER =
  /^\s*(?:on\s.{0,200}\swrote:|el\s.{0,200}\sescribio:|.{0,200}\sirta:|.{0,200}\sa scris:|.{0,200}\sнаписал[аи]?:|.{0,200}\sжазды:|-{2,}\s*(?:original message|mensaje original|eredeti uzenet|mesaj original|исходное сообщение|пересылаемое сообщение)\s*-{2,}|(?:from|de|felado|от|кимнен):\s.+@)/u;
const QUOTE_PAIRS: [string, string][] = [
  ['\u201c', '\u201d'],
  ['\u201e', '\u201d'],
  ['\u201e', '\u201c'],
  ['\u00ab', '\u00bb'],
  ['"', '"'],
];

/** Parts of the draft that quote someone: ">" lines, a quoted earlier message, text in quotation marks. */
function quotedRanges(prepared: PreparedText): Range[] {
  const { nfc, folded } = prepared;
  const out: Range[] = [];
  let lineStart = 0;
  while (lineStart <= nfc.length) {
    const nl = nfc.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? nfc.length : nl;
    const line = folded.slice(lineStart, lineEnd);
    const mayBeHeader = /:\s*$/.test(line) || line.includes('--') || line.includes('@');
    if (mayBeHeader && QUOTE_HEADER.test(line)) {
      out.push({ start: lineStart, end: nfc.length });
      break;
    }
    if (/^\s*>/.test(line)) out.push({ start: lineStart, end: lineEnd });
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  for (const [open, close] of QUOTE_PAIRS) {
    let from = 0;
    for (;;) {
      const s = nfc.indexOf(open, from);
      if (s === -1) break;
      const e = nfc.indexOf(close, s + 1);
      if (e === -1) break;
      const inner = nfc.slice(s + 1, e);
      // A quotation stays within a paragraph and is not a whole letter.
      if (inner.length <= 500 && !/\n\s*\n/.test(inner)) {
        out.push({ start: s, end: e + 1 });
        from = e + 1;
      } else from = s + 1;
    }
  }
  return out;
}

/** Two adjacent time expressions that name one time ("tomorrow" + "at 10"), or undefined. */
function mergeSpecs(a: TimeSpec, b: TimeSpec): TimeSpec | undefined {
  if (a.t !== 'at' || b.t !== 'at') return undefined;
  if (a.clock !== undefined && b.clock !== undefined) return undefined;
  if (a.part && b.part && a.part !== b.part) return undefined;
  let day = a.day ?? b.day;
  if (a.day && b.day) {
    // "Friday, 15 December": the date is the more exact of the two.
    if ('weekday' in a.day && !('weekday' in b.day)) day = b.day;
    else if ('weekday' in b.day && !('weekday' in a.day)) day = a.day;
    else return undefined;
  }
  const clock = a.clock ?? b.clock;
  const part = a.part ?? b.part;
  const ambiguous = a.clock !== undefined ? a.ambiguous : b.ambiguous;
  return {
    t: 'at',
    ...(day ? { day } : {}),
    ...(clock !== undefined ? { clock } : {}),
    ...(part ? { part } : {}),
    ...(ambiguous ? { ambiguous } : {}),
  };
}

function findTimes(prepared: PreparedText, lexicon: Lexicon, masked: Range[]): TimeHit[] {
  const hits: TimeHit[] = [];
  for (const rule of lexicon.times) {
    for (const m of matches(rule.pattern, textFor(prepared, rule.pattern))) {
      const hit = { start: m.index, end: m.index + m[0].length };
      if (overlapsAny(hit, masked)) continue;
      const spec = rule.make(m.groups ?? {});
      if (spec) hits.push({ ...hit, spec });
    }
  }
  const merged: TimeHit[] = [];
  for (const hit of longestFirst(hits)) {
    const last = merged[merged.length - 1];
    if (last && lexicon.glue.test(prepared.folded.slice(last.end, hit.start))) {
      const spec = mergeSpecs(last.spec, hit.spec);
      if (spec) {
        merged[merged.length - 1] = { start: last.start, end: hit.end, spec };
        continue;
      }
    }
    merged.push(hit);
  }
  return merged;
}

function findCues(prepared: PreparedText, lexicon: Lexicon, blocked: Range[]): Range[] {
  const hits: Range[] = [];
  for (const rule of lexicon.cues) {
    const text = textFor(prepared, rule.pattern);
    for (const m of matches(rule.pattern, text)) {
      const hit = { start: m.index, end: m.index + m[0].length };
      if (overlapsAny(hit, blocked)) continue;
      if (
        rule.accept &&
        !rule.accept(
          m[0],
          text.slice(hit.end, hit.end + 60),
          text.slice(Math.max(0, hit.start - 60), hit.start),
        )
      )
        continue;
      hits.push(hit);
    }
  }
  return longestFirst(hits);
}

const distance = (a: Range, b: Range) => Math.max(0, a.start - b.end, b.start - a.end);
// A commitment in the same clause as the time beats a nearer one across a comma.
const CLAUSE_PENALTY = 1000;
const SHORT_CLAUSE_WORDS = 3;

interface Markers {
  negation: Range[];
  hedge: Range[];
  condition: Range[];
  reported: Range[];
  subordinate: Range[];
  /** Clause breaks: a comma or a word like "but"; one clause ends at `start`, the next begins at `end`. */
  breaks: Range[];
}

/** A marker's hits outside the times ("no later than"), less its exceptions ("no problem"), looked for only when needed. */
function markerHits(
  pattern: Pattern,
  except: Pattern | undefined,
  prepared: PreparedText,
  times: readonly TimeHit[],
): Range[] {
  const hits: Range[] = [];
  for (const h of ranges(pattern, prepared)) if (!insideAny(h, times)) hits.push(h);
  if (hits.length === 0 || !except) return hits;
  const exceptions = ranges(except, prepared);
  return hits.filter((h) => !overlapsAny(h, exceptions));
}

const BREAK_CHARS = /[,;:()\u2013\u2014\n]/g;
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

function findMarkers(prepared: PreparedText, lexicon: Lexicon, times: TimeHit[]): Markers {
  const breaks: Range[] = [];
  const nfc = prepared.nfc;
  BREAK_CHARS.lastIndex = 0;
  for (let m = BREAK_CHARS.exec(nfc); m !== null; m = BREAK_CHARS.exec(nfc)) {
    const i = m.index;
    const ch = m[0];
    // "10,5" and "15:00" are numbers, not clause breaks; nor is anything inside a time.
    if ((ch === ',' || ch === ':') && isDigit(nfc[i - 1]) && isDigit(nfc[i + 1])) continue;
    const at = { start: i, end: i + 1 };
    if (insideAny(at, times)) continue;
    breaks.push(at);
  }
  for (const r of ranges(lexicon.clauseWords, prepared)) {
    if (!overlapsAny(r, times)) breaks.push(r);
  }
  breaks.sort((a, b) => a.start - b.start);
  return {
    negation: markerHits(lexicon.negation, lexicon.negationExcept, prepared, times),
    hedge: markerHits(lexicon.hedge, lexicon.hedgeExcept, prepared, times),
    condition: markerHits(lexicon.condition, lexicon.conditionExcept, prepared, times),
    reported: ranges(lexicon.reported, prepared),
    subordinate: ranges(lexicon.subordinate, prepared),
    breaks,
  };
}

/** The markers inside one sentence, so the per-promise checks look at a handful, not the whole draft's. */
function markersWithin(markers: Markers, sentence: Span): Markers {
  return {
    negation: within(markers.negation, sentence),
    hedge: within(markers.hedge, sentence),
    condition: within(markers.condition, sentence),
    reported: within(markers.reported, sentence),
    subordinate: within(markers.subordinate, sentence),
    breaks: within(markers.breaks, sentence),
  };
}

/** True when the sentence asks rather than states, "?" closing a short tag ("…, OK?") aside. */
function isQuestion(
  sentence: Span,
  prepared: PreparedText,
  unitEnd: number,
  lexicon: Lexicon,
): boolean {
  const text = prepared.nfc.slice(sentence.start, sentence.end).replace(/[\s"'»”’)\]]+$/u, '');
  const folded = prepared.folded.slice(sentence.start, sentence.end);
  if (text.endsWith('?')) {
    const tag = Math.max(text.lastIndexOf(','), text.lastIndexOf('¿'), text.lastIndexOf(';'));
    const tagAt = sentence.start + tag;
    const tagWords = text
      .slice(tag + 1)
      .trim()
      .split(/\s+/).length;
    return !(tag >= 0 && tagAt >= unitEnd && tagWords <= 4);
  }
  const inverted = text.indexOf('¿');
  if (inverted !== -1 && sentence.start + inverted < unitEnd) return true;
  return test(lexicon.question, folded);
}

const TRIM_START = /^[\s,;:\u2013\u2014\-–—]+/u;
const TRIM_END = /[\s,;:\u2013\u2014\-–—.!?…]+$/u;

interface Unit {
  time: TimeHit;
  cue: Range;
  /** Where the unit's clause may begin at the earliest (after the previous unit's). */
  from: number;
}

/** How far a commitment is from a time: characters, and a clause break between them costs more. */
function pairCost(cue: Range, time: Range, breaks: readonly Range[]): number {
  const lo = Math.min(cue.end, time.end);
  const hi = Math.max(cue.start, time.start);
  for (const b of breaks)
    if (b.start >= lo && b.end <= hi) return distance(cue, time) + CLAUSE_PENALTY;
  return distance(cue, time);
}

/** Where the clause holding `at` begins: after the last break ending at or before it, at `floor` at the earliest. */
function clauseStart(at: number, floor: number, breaks: readonly Range[]): number {
  let start = floor;
  for (const b of breaks) if (b.end <= at && b.end > start) start = b.end;
  return start;
}

/**
 * Pairs each time of a sentence with its nearest commitment, preferring one in
 * the same clause; a commitment takes a second time only across a new clause
 * ("I'll call today and send it by Friday").
 */
function pairUnits(sentence: Span, times: TimeHit[], cues: Range[], markers: Markers): Unit[] {
  const taken = new Map<Range, TimeHit>();
  const units: Unit[] = [];
  for (const time of times) {
    let cue = cues[0]!;
    let best = pairCost(cue, time, markers.breaks);
    for (const c of cues) {
      const cost = pairCost(c, time, markers.breaks);
      if (cost < best) [cue, best] = [c, cost];
    }
    const previous = taken.get(cue);
    let from = sentence.start;
    if (previous) {
      // The last break between the two times starts the second one's clause.
      const start = clauseStart(time.start, previous.end, markers.breaks);
      if (start === previous.end) continue;
      from = start;
    }
    taken.set(cue, time);
    units.push({ time, cue, from });
  }
  return units;
}

/** The clauses a unit spans: from the clause holding its first word to the end of the one holding its last. */
function unitWindow(unit: Unit, sentence: Span, prepared: PreparedText, markers: Markers): Range {
  const lo = Math.min(unit.time.start, unit.cue.start);
  const hi = Math.max(unit.time.end, unit.cue.end);
  let left = clauseStart(lo, Math.max(unit.from, sentence.start), markers.breaks);
  // A dependent clause ("…, that it arrives by Friday") belongs with the clause before it.
  for (;;) {
    if (left <= sentence.start) break;
    const opener = markers.subordinate.find((r) => r.start >= left);
    if (!opener || prepared.nfc.slice(left, opener.start).trim() !== '') break;
    left = clauseStart(left - 1, sentence.start, markers.breaks);
  }
  let right = sentence.end;
  for (const b of markers.breaks) {
    if (b.start >= hi) {
      right = Math.min(right, b.start);
      break;
    }
  }
  return { start: left, end: right };
}

/** Why a unit is no promise: it is denied, hedged, conditional, reported or asked. */
function isWithdrawn(
  unit: Unit,
  window: Range,
  sentence: Span,
  prepared: PreparedText,
  markers: Markers,
  lexicon: Lexicon,
): boolean {
  if (markers.negation.some((r) => inside(r, window))) return true;
  // A hedge may also stand alone before a comma: "Hopefully, …", "Надеюсь, …".
  let hedgeFrom = window.start;
  if (window.start > sentence.start) {
    const lead = clauseStart(window.start - 1, sentence.start, markers.breaks);
    const leadWords = prepared.nfc.slice(lead, window.start).trim().split(/\s+/).length;
    if (leadWords <= SHORT_CLAUSE_WORDS) hedgeFrom = lead;
  }
  if (markers.hedge.some((r) => r.start >= hedgeFrom && r.end <= window.end)) return true;
  // A condition reaches over commas ("If you send a photo, we'll replace it") but not over ";".
  const lo = Math.min(unit.time.start, unit.cue.start);
  const semicolon = prepared.nfc.lastIndexOf(';', lo - 1);
  const conditionFrom = Math.max(sentence.start, semicolon + 1);
  if (markers.condition.some((r) => r.start >= conditionFrom && r.start < window.end)) return true;
  // "You said …, but" and Kazakh "… деп айттыңыз": reported words precede or follow.
  if (markers.reported.some((r) => r.start >= sentence.start && r.start < window.end)) return true;
  return isQuestion(sentence, prepared, Math.max(unit.time.end, unit.cue.end), lexicon);
}

/**
 * The promises an outgoing reply makes, in the order they appear. Each has
 * its range in the draft, its kind and its due time computed in `timeZone`
 * from `now` (see due.ts for the defaults: "by Friday" ends with Friday's
 * business day, 18:00 without business hours).
 */
export function extractPromises(text: string, options: ExtractOptions): PromiseFinding[] {
  if (text.trim() === '') return [];
  const nowMs = new Date(options.now).getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('extractPromises: `now` is not a valid time');
  const language: Language = options.language ?? detectLanguage(text).language ?? 'en';
  const lexicon = LEXICONS[language];
  const prepared = prepare(text);
  const masked = quotedRanges(prepared);
  const ctx: DueContext = {
    nowMs,
    timeZone: options.timeZone,
    ...(options.businessHours ? { calendar: options.businessHours } : {}),
    endOfDay: (options.endOfDay && parseClock(options.endOfDay)) || DEFAULT_END_OF_DAY,
  };
  const allTimes = findTimes(prepared, lexicon, [...masked, ...ranges(lexicon.notTimes, prepared)]);
  const dues = new Map(allTimes.map((t) => [t, resolveDue(t.spec, ctx)]));
  // Times already past ("yesterday at 5 pm") cannot be promised; they also keep no commitment busy.
  const times = allTimes.filter((t) => dues.get(t) !== undefined);
  if (times.length === 0) return [];
  const cues = findCues(prepared, lexicon, [...masked, ...allTimes]);
  if (cues.length === 0) return [];
  const markers = findMarkers(prepared, lexicon, allTimes);
  const findings: PromiseFinding[] = [];

  for (const sentence of splitSentences(prepared.nfc)) {
    const sTimes = within(times, sentence);
    const sCues = within(cues, sentence);
    if (sTimes.length === 0 || sCues.length === 0) continue;
    const sMarkers = markersWithin(markers, sentence);
    for (const unit of pairUnits(sentence, sTimes, sCues, sMarkers)) {
      const window = unitWindow(unit, sentence, prepared, sMarkers);
      if (isWithdrawn(unit, window, sentence, prepared, sMarkers, lexicon)) continue;
      const due = dues.get(unit.time);
      if (!due) continue;

      const slice = prepared.nfc.slice(window.start, window.end);
      const start = window.start + slice.length - slice.replace(TRIM_START, '').length;
      const end = window.end - (slice.length - slice.replace(TRIM_END, '').length);
      let kind: PromiseKind = 'other';
      for (const [pattern, k] of lexicon.kinds) {
        if (test(pattern, textFor(prepared, pattern).slice(start, end))) {
          kind = k;
          break;
        }
      }

      const [s, e] = toSourceRange(prepared, start, end);
      const [ds, de] = toSourceRange(prepared, unit.time.start, unit.time.end);
      findings.push({
        start: s,
        end: e,
        text: text.slice(s, e),
        kind,
        dueAt: new Date(due.atMs).toISOString(),
        due: { start: ds, end: de, text: text.slice(ds, de), basis: due.basis },
      });
    }
  }
  return findings;
}
