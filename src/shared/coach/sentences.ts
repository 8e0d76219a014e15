/** Sentences of a message, with their offsets, for rewrites and for the client's questions. */

export interface Span {
  start: number;
  end: number;
  text: string;
}

// Words that end in a full stop without ending the sentence (lower case, without the stop).
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'mr',
  'mrs',
  'ms',
  'dr',
  'no',
  'nr',
  'vs',
  'etc',
  'approx',
  'sr',
  'sra',
  'dra',
  'ud',
  'uds',
  'núm',
  'pág',
  'pl',
  'kb',
  'stb',
  'ill',
  'dvs',
  'str',
  'dl',
  'т.е',
  'т.д',
  'т.п',
  'т.б',
  'т.с.с',
  'г',
  'ул',
  'стр',
  'см',
  'руб',
  'тг',
  'тел',
  'мин',
  'пр',
]);

function endsSentence(text: string, dot: number, runLength: number): boolean {
  if (runLength > 1 || text[dot] !== '.') return true;
  // The word before a single full stop: an abbreviation, an initial or a list number does not end a sentence.
  let from = dot;
  while (from > 0 && /[\p{L}\p{N}.]/u.test(text[from - 1]!)) from--;
  const word = text.slice(from, dot).toLowerCase();
  if (word === '') return true;
  if (ABBREVIATIONS.has(word)) return false;
  if (/^\p{L}$/u.test(word)) return false;
  if (/^\d{1,2}$/.test(word)) {
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    if (text.slice(lineStart, from).trim() === '') return false;
  }
  return true;
}

// A line break, or a run of terminators (with closing quotes) before a space or the end.
const BOUNDARY = /\n|[.!?\u2026]+["'\u00bb\u201d\u2019)\]]*(?=\s|$)/g;

/**
 * Splits text into sentences: after . ! ? … (with closing quotes) followed by
 * a space, and at every line break, since chat messages often end lines
 * without punctuation. Offsets are UTF-16 indexes into the text.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/u.test(text[s]!)) s++;
    while (e > s && /\s/u.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e, text: text.slice(s, e) });
  };
  for (const m of text.matchAll(BOUNDARY)) {
    if (m[0] === '\n') {
      push(m.index);
      start = m.index + 1;
      continue;
    }
    const runLength = m[0].match(/^[.!?\u2026]+/)![0].length;
    if (!endsSentence(text, m.index, runLength)) continue;
    push(m.index + m[0].length);
    start = m.index + m[0].length;
  }
  push(text.length);
  return spans;
}

/** The sentence that holds offset `at`, or undefined when it falls between sentences. */
export function sentenceAt(spans: readonly Span[], at: number): Span | undefined {
  return spans.find((s) => s.start <= at && at < s.end);
}
