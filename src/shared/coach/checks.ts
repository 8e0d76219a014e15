/**
 * Checks beyond phrase rules: the agent introduced themselves in the first
 * reply, the client is addressed by name, and no workspace jargon slipped in.
 */
import { firstNameOf } from '../canned/variables.ts';
import { foldWord, toSourceRange, type PreparedText } from './fold.ts';
import { compilePattern, matchRanges } from './pattern.ts';
import { splitSentences } from './sentences.ts';
import {
  EXPLAIN_CLIENT_NAME,
  EXPLAIN_INTRODUCTION,
  EXPLAIN_JARGON,
  EXPLAIN_JARGON_PLAIN,
  GREET_BY_NAME,
  GREETINGS,
  INTRODUCE,
  INTRODUCE_WITH_TEAM,
  INTRODUCTION_PHRASES,
  fill,
} from './texts.ts';
import type { CoachContext, CoachLanguage, Finding, JargonTerm, Policy } from './types.ts';

export interface CheckInput {
  prepared: PreparedText;
  language: CoachLanguage;
  ui: CoachLanguage;
  context: CoachContext;
}

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const VOWEL_END = /[aeiouyаеёиоуыэюяіәөұү]$/u;
const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

const nameCache = new Map<string, RegExp | null>();

/**
 * Any word of a person's name, inflected or not: "Анна" also as "Анне",
 * "Eszter" as "Eszternek", "Айгүл" as "Айгүлге". A final vowel is dropped
 * from the stem of longer names, and up to five letters may follow.
 */
function namePattern(name: string): RegExp | null {
  const hit = nameCache.get(name);
  if (hit !== undefined) return hit;
  const stems = name
    .split(/[\s,]+/)
    .map((w) => foldWord(w.replace(/[.]/g, '')))
    .filter((w) => /\p{L}{2,}/u.test(w))
    .map((w) => (w.length >= 4 && VOWEL_END.test(w) ? w.slice(0, -1) : w))
    .map(escapeRegExp);
  const re = stems.length
    ? new RegExp(`(?<!${WORD_CHAR})(?:${stems.join('|')})\\p{L}{0,5}(?!${WORD_CHAR})`, 'gu')
    : null;
  if (nameCache.size > 1000) nameCache.clear();
  nameCache.set(name, re);
  return re;
}

function mentions(folded: string, name: string | undefined): boolean {
  const re = name ? namePattern(name) : null;
  return re ? matchRanges(re, folded).length > 0 : false;
}

/** The greeting the draft opens with, if any: its range and whether the name goes right after it. */
function openingGreeting(prepared: PreparedText, language: CoachLanguage) {
  const lead = prepared.folded.length - prepared.folded.trimStart().length;
  for (const [kind, pattern] of Object.entries(GREETINGS[language])) {
    if (!pattern) continue;
    const re = compilePattern(pattern);
    if (!(re instanceof RegExp)) continue;
    const first = matchRanges(re, prepared.folded)[0];
    if (first && first[0] === lead)
      return { start: first[0], end: first[1], direct: kind === 'direct' };
  }
  return undefined;
}

function finding(
  input: CheckInput,
  kind: Finding['kind'],
  policy: Policy,
  at: number,
  explanation: string,
  rewrite: string,
  insert?: string,
): Finding {
  const [start] = toSourceRange(input.prepared, at, at);
  return {
    ruleId: `check.${kind}`,
    kind,
    policy,
    start,
    end: start,
    text: '',
    explanation,
    rewrite,
    ...(insert === undefined ? {} : { replace: { start, end: start, text: insert } }),
  };
}

/** First reply: the agent's name (or, when it is not known, "my name is") appears in the draft. */
export function checkIntroduction(input: CheckInput, policy: Policy): Finding | undefined {
  const { prepared, language, context } = input;
  if (!context.isFirstReply) return undefined;
  const agent = context.agentName?.trim();
  if (agent) {
    if (mentions(prepared.folded, agent)) return undefined;
  } else {
    const re = compilePattern(INTRODUCTION_PHRASES[language]);
    if (re instanceof RegExp && matchRanges(re, prepared.folded).length > 0) return undefined;
  }
  const name = agent ?? '…';
  const team = context.agentTeam?.trim();
  const sentence = fill(team ? INTRODUCE_WITH_TEAM[language] : INTRODUCE[language], {
    name,
    team: team ?? '',
  });
  // After an opening greeting ("Hello Anna,"), else at the very start.
  const greeting = openingGreeting(prepared, language);
  const first = splitSentences(prepared.nfc)[0];
  let at = 0;
  let insert = `${sentence} `;
  if (greeting && first) {
    at = first.end;
    insert = prepared.nfc[at] === '\n' ? `\n${sentence}` : ` ${sentence}`;
  }
  return finding(
    input,
    'introduction',
    policy,
    at,
    EXPLAIN_INTRODUCTION[input.ui],
    sentence,
    agent ? insert : undefined,
  );
}

/** The client's name, when known, appears in the first reply (and in every email). */
export function checkClientName(input: CheckInput, policy: Policy): Finding | undefined {
  const { prepared, language, context } = input;
  const full = context.clientName?.trim();
  if (!full) return undefined;
  if (!context.isFirstReply && context.channel !== 'email') return undefined;
  if (mentions(prepared.folded, full)) return undefined;
  const given = firstNameOf(full, context.clientLanguage ?? language) || full;
  const explanation = fill(EXPLAIN_CLIENT_NAME[input.ui], { name: given });
  const greeting = openingGreeting(prepared, language);
  if (greeting) {
    const insert = greeting.direct ? ` ${given}` : `, ${given}`;
    const rewrite = prepared.nfc.slice(greeting.start, greeting.end) + insert;
    return finding(input, 'client-name', policy, greeting.end, explanation, rewrite, insert);
  }
  const opening = fill(GREET_BY_NAME[language], { name: given });
  const lead = prepared.nfc.length - prepared.nfc.trimStart().length;
  const insert = prepared.nfc.includes('\n') ? `${opening}\n\n` : `${opening} `;
  return finding(input, 'client-name', policy, lead, explanation, opening, insert);
}

const termCache = new Map<string, RegExp | null>();

/** A jargon term as a whole-word pattern on folded text; a trailing * allows endings. */
function termPattern(term: string): RegExp | null {
  const hit = termCache.get(term);
  if (hit !== undefined) return hit;
  const words = term.trim().split(/\s+/).filter(Boolean);
  let re: RegExp | null = null;
  if (words.length > 0 && words.length <= 10 && term.length <= 120) {
    const body = words
      .map((w) =>
        [...foldWord(w)].map((ch) => (ch === '*' ? '\\p{L}{0,20}' : escapeRegExp(ch))).join(''),
      )
      .join('\\s+');
    const head = /^[\p{L}\p{N}]/u.test(term.trim()) ? `(?<!${WORD_CHAR})` : '';
    const tail = /[\p{L}\p{N}*]$/u.test(term.trim()) ? `(?!${WORD_CHAR})` : '';
    re = new RegExp(head + body + tail, 'gu');
  }
  if (termCache.size > 2000) termCache.clear();
  termCache.set(term, re);
  return re;
}

/** Every use of a word from the workspace's jargon list, with the plain words to say instead. */
export function checkJargon(input: CheckInput, policy: Policy): Finding[] {
  const { prepared, language, context } = input;
  const out: Finding[] = [];
  for (const entry of context.jargon ?? []) {
    const term: JargonTerm = typeof entry === 'string' ? { term: entry } : entry;
    if (term.language && term.language !== language) continue;
    const re = termPattern(term.term);
    if (!re) continue;
    for (const [s, e] of matchRanges(re, prepared.folded)) {
      const [start, end] = toSourceRange(prepared, s, e);
      const found = prepared.source.slice(start, end);
      let explanation = fill(EXPLAIN_JARGON[input.ui], { term: found });
      if (term.plain) explanation += fill(EXPLAIN_JARGON_PLAIN[input.ui], { plain: term.plain });
      out.push({
        ruleId: 'check.jargon',
        kind: 'jargon',
        policy,
        start,
        end,
        text: found,
        explanation,
        ...(term.plain ? { rewrite: term.plain, replace: { start, end, text: term.plain } } : {}),
      });
    }
  }
  return out;
}
