// Reading an agent's search box: the words, a conversation number, and the
// text-search queries for each language's configuration. Pure, so the rules
// are unit-tested without a database; the stems come from the database
// (search.repo.ts stemWords), which holds the snowball dictionaries.

/** The text-search configurations documents are indexed with (language_ts_config, 0023). */
export const SEARCH_CONFIGS = [
  'english',
  'spanish',
  'hungarian',
  'romanian',
  'russian',
  'simple',
] as const;
export type SearchConfig = (typeof SEARCH_CONFIGS)[number];

/**
 * The languages each configuration indexes: language_ts_config's mapping
 * (0023), with null (not detected) indexed as simple. The partial indexes of
 * 0030 are one per configuration with exactly these predicates.
 */
export const CONFIG_LANGUAGES: Record<SearchConfig, readonly (string | null)[]> = {
  english: ['en'],
  spanish: ['es'],
  hungarian: ['hu'],
  romanian: ['ro'],
  russian: ['ru'],
  simple: ['kk', null],
};

const MAX_WORDS = 12;
const MAX_WORD_CHARS = 60;
const MAX_NUMBER = 2_147_483_647;

// An email address as PostgreSQL's text-search parser reads one: a single
// token, so the messages that mention it are one index entry away (its parts
// would be common words: "gmail", "com").
const EMAIL = /^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

/**
 * The words of a query: letters, digits and marks only (so no tsquery
 * operator can be smuggled in), an email address kept whole, lower-case, at
 * most 12 of at most 60 characters, repeats dropped.
 */
export function queryWords(q: string): string[] {
  const words = q
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/u)
    .flatMap((token) => {
      const bare = token.replace(/^[<([,;:"']+|[>)\],;:"'.]+$/gu, '');
      return EMAIL.test(bare) ? [bare] : token.split(/[^\p{L}\p{N}\p{M}]+/u);
    })
    .filter((w) => w.length > 0 && w.length <= MAX_WORD_CHARS);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/**
 * The conversation number a query names: "#123" names only it; a bare "123"
 * is also searched as a word. undefined when there is none (or it is out of
 * range: no conversation has it).
 */
export function queryNumber(q: string): { number: number; only: boolean } | undefined {
  const text = q.trim();
  const hash = /^#\s*(\d{1,10})$/.exec(text);
  const bare = /^\d{1,10}$/.exec(text);
  const digits = hash?.[1] ?? bare?.[0];
  if (digits === undefined) return undefined;
  const n = Number(digits);
  return n >= 1 && n <= MAX_NUMBER ? { number: n, only: Boolean(hash) } : undefined;
}

// Kazakh has no stemmer in PostgreSQL (its documents use simple: words as
// written). Its words take suffixes in a fixed order, stem + plural +
// possessive + case ("тапсырыс-тар-ымыз-ға"), so stripping the typed word's
// suffixes, case first, and matching what is left as a prefix finds the other
// forms: "тапсырысымды" -> "тапсырыс" finds "тапсырыстарға". Longest first.
const KAZAKH_SUFFIXES: string[][] = [
  // case
  `ның нің дың дің тың тің ға ге қа ке на не ны ні ды ді ты ті нда нде да де та те
   ндан нден нан нен дан ден тан тен менен мен бен пен`,
  // possessive
  `ымыз іміз мыз міз ыңыз іңіз ңыз ңіз сы сі ым ім ың ің ы і м ң`,
  // plural
  `лар лер дар дер тар тер`,
].map((list) =>
  list
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length),
);
const KAZAKH_MIN_STEM = 4;

/** A Kazakh word without its case, possessive and plural suffixes (at least 4 letters kept). */
export function kazakhStem(word: string): string {
  let stem = word;
  for (const suffixes of KAZAKH_SUFFIXES) {
    const cut = suffixes.find(
      (s) => stem.endsWith(s) && [...stem].length - [...s].length >= KAZAKH_MIN_STEM,
    );
    if (cut) stem = stem.slice(0, stem.length - cut.length);
  }
  return stem;
}

/**
 * The shorter prefix a stem is also looked for by. Snowball stems of one
 * word's forms do not always agree: Romanian "reducere" -> "reduc" but
 * "reduceri" -> "reducer", Hungarian "termék" -> "terme" but "termékek" ->
 * "termék", Russian "скидка" -> "скидк" but "скидок" -> "скидок", English
 * "delivered" -> "deliv" but "delivery" -> "deliveri". Up to three letters
 * off (never below four) catches these; the ranking keeps exact stems first.
 */
export function stemPrefix(config: SearchConfig, lexeme: string): string | undefined {
  const letters = [...lexeme];
  if (config === 'simple') {
    const stem = kazakhStem(lexeme);
    return stem !== lexeme ? stem : undefined;
  }
  if (letters.length < 5) return undefined;
  return letters.slice(0, Math.max(4, letters.length - 3)).join('');
}

/** A lexeme (under a range's name) as a tsquery operand (quoted; a prefix from three letters on). */
function operand(lexeme: string, under = ''): string {
  const quoted = `'${(under + lexeme).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return [...lexeme].length >= 3 ? `${quoted}:*` : quoted;
}

/** The tsqueries of one configuration: exact stems, and stems or their shorter prefixes. */
export interface ConfigQuery {
  config: SearchConfig;
  /** Every word's stem (as a prefix): what ranks first. */
  strict: string;
  /** Every word's stem or its shorter prefix (stemPrefix): what matches. */
  broad: string;
  /**
   * broad for the index: the same matches without the prefixes a shorter one
   * of the same word covers ('comand':* | 'coma':* is 'coma':*). The index
   * reads every prefix's entries, so each left out is a scan saved.
   */
  match: string;
  /** match's forms, word by word (for rangedMatch). */
  matchForms: string[][];
}

/**
 * match for the word indexes of conversations and messages, which hold each
 * word under its row's range of ids (0033): the same forms under the name of
 * each range from `from` to `to` (one range by default), so only those
 * ranges' entries are read. A row holds its words under its own range's name
 * only, so every word of the AND matches under the same range.
 */
export function rangedMatch(q: ConfigQuery, from: number, to = from): string {
  const ranges = Array.from({ length: to - from + 1 }, (_, k) => `r${to - k}:`);
  return q.matchForms
    .map(
      (forms) => `(${forms.flatMap((f) => ranges.map((range) => operand(f, range))).join(' | ')})`,
    )
    .join(' & ');
}

/** The forms not covered by a shorter prefix among them (a form under three letters is exact, no prefix). */
function withoutCoveredPrefixes(forms: string[]): string[] {
  return forms.filter(
    (form) =>
      !forms.some((other) => other !== form && [...other].length >= 3 && form.startsWith(other)),
  );
}

/**
 * The queries for each configuration from the stems of the words in it
 * (lexemes[config][i]: the lexemes of word i; none for a stop word, which is
 * left out). Every word must match. A configuration where every word is a
 * stop word gets no query: its documents cannot match.
 */
export function buildConfigQueries(
  lexemes: Partial<Record<SearchConfig, string[][]>>,
): ConfigQuery[] {
  const queries: ConfigQuery[] = [];
  for (const config of SEARCH_CONFIGS) {
    const words = (lexemes[config] ?? []).filter((l) => l.length > 0);
    if (words.length === 0) continue;
    const strict = words.map((l) => `(${l.map((f) => operand(f)).join(' | ')})`);
    const forms = words.map((l) => {
      const set = new Set(l);
      for (const lexeme of l) {
        const prefix = stemPrefix(config, lexeme);
        if (prefix) set.add(prefix);
      }
      return [...set];
    });
    const broad = forms.map((f) => `(${f.map((f) => operand(f)).join(' | ')})`);
    const matchForms = forms.map(withoutCoveredPrefixes);
    const match = matchForms.map((f) => `(${f.map((f) => operand(f)).join(' | ')})`);
    queries.push({
      config,
      strict: strict.join(' & '),
      broad: broad.join(' & '),
      match: match.join(' & '),
      matchForms,
    });
  }
  return queries;
}
