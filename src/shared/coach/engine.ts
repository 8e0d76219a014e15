/**
 * The reply coach's engine: one pure function the composer calls on every
 * keystroke and the server calls again on send, so both see the same
 * findings for the same draft and rules.
 */
import { checkClientName, checkIntroduction, checkJargon, type CheckInput } from './checks.ts';
import { detectLanguage } from './detect.ts';
import { prepareText, toSourceRange, type PreparedText } from './fold.ts';
import { compilePattern, matchRanges } from './pattern.ts';
import { sentenceAt, splitSentences, type Span } from './sentences.ts';
import {
  policyRank,
  type CheckName,
  type CheckOptions,
  type CoachLanguage,
  type CoachResult,
  type DetectedLanguage,
  type Finding,
  type LocalizedText,
  type PhraseRule,
  type Policy,
} from './types.ts';

/** Policies of the further checks when the context does not set them. */
export const DEFAULT_CHECK_POLICIES: Record<CheckName, Policy> = {
  introduction: 'warn',
  'client-name': 'hint',
  jargon: 'hint',
};

/** The text in the reader's language, else the draft's, else English, else any. */
export function pickText(text: LocalizedText, ...preferred: CoachLanguage[]): string {
  for (const lang of [...preferred, 'en' as const]) {
    const value = text[lang];
    if (value) return value;
  }
  return Object.values(text).find(Boolean) ?? '';
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

/** Match ranges of one rule on the folded text, minus those its exceptions cover. */
function ruleMatches(rule: PhraseRule, folded: string): [number, number][] {
  const re = compilePattern(rule.pattern);
  if (!(re instanceof RegExp)) return []; // rules are validated when saved; a broken one is skipped
  const hits = matchRanges(re, folded);
  if (hits.length === 0 || !rule.except?.length) return hits;
  const cancelled = rule.except.flatMap((p) => {
    const ex = compilePattern(p);
    return ex instanceof RegExp ? matchRanges(ex, folded) : [];
  });
  return hits.filter((hit) => !cancelled.some((c) => overlaps(hit, c)));
}

function phraseFindings(
  prepared: PreparedText,
  rules: readonly PhraseRule[],
  language: CoachLanguage,
  ui: CoachLanguage,
): Finding[] {
  let sentences: Span[] | undefined;
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.language !== language || rule.enabled === false) continue;
    for (const [s, e] of ruleMatches(rule, prepared.folded)) {
      const [start, end] = toSourceRange(prepared, s, e);
      const f: Finding = {
        ruleId: rule.id,
        kind: 'phrase',
        policy: rule.policy,
        start,
        end,
        text: prepared.source.slice(start, end),
        explanation: pickText(rule.why, ui, language),
      };
      if (rule.rewrite) {
        f.rewrite = rule.rewrite;
        const scope = rule.rewriteScope ?? 'sentence';
        if (scope === 'match') f.replace = { start, end, text: rule.rewrite };
        if (scope === 'sentence') {
          sentences ??= splitSentences(prepared.nfc);
          const sentence = sentenceAt(sentences, s);
          const [from, to] = sentence
            ? toSourceRange(prepared, sentence.start, sentence.end)
            : [start, end];
          f.replace = { start: from, end: to, text: rule.rewrite };
        }
      }
      out.push(f);
    }
  }
  // One underline per place: a hint inside a stronger (or equal) finding's
  // words says nothing new ("never" inside "the company will never do this").
  return out.filter(
    (f) =>
      !out.some(
        (g) =>
          g !== f &&
          g.ruleId !== f.ruleId &&
          g.start <= f.start &&
          f.end <= g.end &&
          (g.end - g.start > f.end - f.start || policyRank(g.policy) > policyRank(f.policy)) &&
          policyRank(g.policy) >= policyRank(f.policy),
      ),
  );
}

/**
 * The language whose rules apply: the caller's, the detected one when clear,
 * else the conversation's. Exported so the composer fetches that language's
 * rules, the same ones the server applies on send.
 */
export function chooseLanguage(
  text: string,
  options: CheckOptions,
): { language: CoachLanguage; detected: DetectedLanguage } {
  if (options.language)
    return {
      language: options.language,
      detected: { language: options.language, confident: true },
    };
  const detected = detectLanguage(text);
  const fallback = options.context?.fallbackLanguage;
  const language =
    (detected.confident ? detected.language : undefined) ?? fallback ?? detected.language ?? 'en';
  return { language, detected };
}

/**
 * Checks a draft reply: the phrase rules of its language, then the further
 * checks the context asks for. Findings come in the order they appear in the
 * draft, with UTF-16 offsets for underlining and, where the fix is text, the
 * edit a click applies.
 */
export function checkDraft(text: string, options: CheckOptions): CoachResult {
  const context = options.context ?? {};
  const { language, detected } = chooseLanguage(text, options);
  const ui = context.uiLanguage ?? language;
  const prepared = prepareText(text);
  const findings = phraseFindings(prepared, options.rules, language, ui);

  const input: CheckInput = { prepared, language, ui, context };
  const policyOf = (name: CheckName) => context.checks?.[name] ?? DEFAULT_CHECK_POLICIES[name];
  const intro = policyOf('introduction');
  if (intro !== 'off') {
    const f = checkIntroduction(input, intro);
    if (f) findings.push(f);
  }
  const name = policyOf('client-name');
  if (name !== 'off') {
    const f = checkClientName(input, name);
    if (f) findings.push(f);
  }
  const jargon = policyOf('jargon');
  if (jargon !== 'off') findings.push(...checkJargon(input, jargon));

  findings.sort((a, b) => a.start - b.start || policyRank(b.policy) - policyRank(a.policy));
  let policy: Policy | null = null;
  for (const f of findings) {
    if (policy === null || policyRank(f.policy) > policyRank(policy)) policy = f.policy;
  }
  return { language, detected, findings, policy };
}

/** The draft with one finding's edit applied (the composer's one-click rewrite). */
export function applyReplacement(
  text: string,
  replace: { start: number; end: number; text: string },
): string {
  return text.slice(0, replace.start) + replace.text + text.slice(replace.end);
}
