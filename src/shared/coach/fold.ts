/**
 * Folding: the text the phrase patterns run on. Lower case, diacritics
 * dropped (so "nu stiu" matches "nu știu" and "no se" matches "no sé"),
 * Kazakh letters mapped to the Russian letters a Russian keyboard types
 * instead (қ -> к, ә -> а, і -> и), curly apostrophes made straight. Every
 * UTF-16 unit maps to exactly one, so an offset in the folded text is the
 * same offset in the draft and findings can be underlined where they are.
 */

const KAZAKH: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
};

const PUNCTUATION: Record<string, string> = {
  '\u2019': "'", // right single quotation mark, the usual typed apostrophe
  '\u2018': "'",
  '\u02bc': "'", // modifier letter apostrophe
  '\u00b4': "'",
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
};

const COMBINING = /\p{M}/gu;

// Folded form of each non-ASCII UTF-16 unit met so far.
const foldedUnits = new Map<string, string>();

function foldUnit(ch: string): string {
  let out = foldedUnits.get(ch);
  if (out === undefined) {
    out = String.fromCharCode(computeFold(ch.charCodeAt(0)));
    foldedUnits.set(ch, out);
  }
  return out;
}

function computeFold(code: number): number {
  // Surrogate halves (emoji and other astral characters) stay as they are.
  if (code >= 0xd800 && code <= 0xdfff) return code;
  const ch = String.fromCharCode(code);
  const punct = PUNCTUATION[ch];
  if (punct) return punct.charCodeAt(0);
  const lower = ch.toLowerCase();
  if (lower.length !== 1) return code;
  const kazakh = KAZAKH[lower];
  if (kazakh) return kazakh.charCodeAt(0);
  // й is a letter of its own in Russian and Kazakh, not и with a mark.
  if (lower === 'й') return lower.charCodeAt(0);
  const base = lower.normalize('NFD').replace(COMBINING, '');
  return (base.length === 1 ? base : lower).charCodeAt(0);
}

/** Lower case, unit by unit, for the rare text whose native lower case changes its length. */
function lowerByUnit(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}

/** Lower case only (for patterns that must see the diacritics), same length as the input. */
export function lowerText(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : lowerByUnit(text);
}

// Units that may fold to something else: all but ASCII and the basic lower-case Cyrillic а-я,
// which fold to themselves (so Russian text costs no callbacks).
const FOLDABLE = /[\u0080-\u042f\u0450-\uffff]/g;

/** Lower case, without diacritics, same length as the input. */
export function foldText(text: string): string {
  return lowerText(text).replace(FOLDABLE, foldUnit);
}

/** A pattern's literal word, folded the same way as the text it is matched against. */
export function foldWord(word: string): string {
  return foldText(word.normalize('NFC'));
}

/**
 * A draft prepared for matching: NFC-composed (a macOS paste may bring "s" +
 * combining comma instead of "ș"), with the way back to the draft's offsets
 * when composing changed them.
 */
export interface PreparedText {
  /** The original draft. */
  source: string;
  /** The NFC form the patterns run on. */
  nfc: string;
  folded: string;
  lower: string;
  /** Start offset in the source of each NFC unit (only when NFC differs from the source). */
  toSourceStart?: Int32Array;
  toSourceEnd?: Int32Array;
}

export function prepareText(source: string): PreparedText {
  const nfc = source.normalize('NFC');
  if (nfc === source) return { source, nfc, folded: foldText(nfc), lower: lowerText(nfc) };
  // Compose cluster by cluster (a base character and its marks) and remember where each came from.
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const cluster = /\P{M}\p{M}*|\p{M}+/gu;
  for (const m of source.matchAll(cluster)) {
    const composed = m[0].normalize('NFC');
    parts.push(composed);
    for (let k = 0; k < composed.length; k++) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
  }
  const joined = parts.join('');
  return {
    source,
    nfc: joined,
    folded: foldText(joined),
    lower: lowerText(joined),
    toSourceStart: Int32Array.from(starts),
    toSourceEnd: Int32Array.from(ends),
  };
}

/** Maps a [start, end) range of the prepared text back to the source draft. */
export function toSourceRange(
  prepared: PreparedText,
  start: number,
  end: number,
): [number, number] {
  const starts = prepared.toSourceStart;
  const ends = prepared.toSourceEnd;
  if (!starts || !ends) return [start, end];
  const s = start < starts.length ? starts[start]! : prepared.source.length;
  const e = end > 0 ? ends[Math.min(end, ends.length) - 1]! : s;
  return [s, Math.max(s, e)];
}
