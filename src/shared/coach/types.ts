/**
 * Types of the reply coach. Everything here is plain data (strings, numbers,
 * arrays, records), so a rule can be stored as JSON, sent over the API and
 * edited by a workspace without the engine's code.
 */
import type { Language } from '../api/common.ts';

export const COACH_LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type CoachLanguage = (typeof COACH_LANGUAGES)[number];

// The coach speaks exactly the product's languages; this fails to compile if the two drift.
const sameLanguages: [CoachLanguage, Language] extends [Language, CoachLanguage] ? true : never =
  true;
void sameLanguages;

export function isCoachLanguage(value: unknown): value is CoachLanguage {
  return typeof value === 'string' && (COACH_LANGUAGES as readonly string[]).includes(value);
}

/** How strongly a finding speaks: a hint is advice, a warning asks for attention, a block stops sending without a supervisor's override. */
export const POLICIES = ['hint', 'warn', 'block'] as const;
export type Policy = (typeof POLICIES)[number];

export function policyRank(policy: Policy): number {
  return POLICIES.indexOf(policy);
}

/** A text in several languages (the explanation a rule gives the agent); at least one entry. */
export type LocalizedText = Partial<Record<CoachLanguage, string>>;

/**
 * What a one-click rewrite replaces: the sentence holding the match, only the
 * matched words, or nothing (the rewrite is advice to read, not text to insert).
 */
export type RewriteScope = 'sentence' | 'match' | 'none';

export type RuleCategory = 'negative' | 'word' | 'forbidden' | 'custom';

/**
 * A phrase rule. `id` is stable (defaults: `<language>.<key>`, e.g.
 * `en.dont-know`), so a workspace can disable or edit a default by id and add
 * rules of its own with new ids. `pattern` is a phrase pattern (see pattern.ts);
 * `except` lists patterns whose matches cancel an overlapping match ("no
 * problem" is not a "no").
 */
export interface PhraseRule {
  id: string;
  language: CoachLanguage;
  pattern: string;
  except?: string[];
  /** Why the phrase hurts, for the agent, in one or more interface languages. */
  why: LocalizedText;
  /** A better way to say it, written in the rule's language. */
  rewrite?: string;
  rewriteScope?: RewriteScope;
  policy: Policy;
  category?: RuleCategory;
  /** Absent means enabled. */
  enabled?: boolean;
}

/** A workspace's change to a rule it already has (a default or its own): only the fields it sets. */
export type PhraseRuleChange = { id: string } & Partial<Omit<PhraseRule, 'id'>>;

/** A word or phrase of a workspace's own jargon, with the plain words to say instead. */
export interface JargonTerm {
  term: string;
  plain?: string;
  /** Only for drafts in this language; absent: every language. */
  language?: CoachLanguage;
}

export type CheckName = 'introduction' | 'client-name' | 'jargon';

/** What the engine knows about the conversation the draft answers. */
export interface CoachContext {
  /** The draft is the first reply of the conversation (introduction and name checks). */
  isFirstReply?: boolean;
  agentName?: string;
  agentTeam?: string;
  /** The client's full name when known; Hungarian names are written family name first. */
  clientName?: string;
  /** The client's language (for their given name and the greeting); defaults to the draft's. */
  clientLanguage?: CoachLanguage;
  /** On email every reply is a letter and greets the client by name; on chat only the first. */
  channel?: 'email' | 'chat' | 'sms' | 'phone' | 'web' | 'api';
  jargon?: readonly (JargonTerm | string)[];
  /** The language of the conversation, used when the draft is too short to tell. */
  fallbackLanguage?: CoachLanguage;
  /** The language the agent reads explanations in; defaults to the draft's language. */
  uiLanguage?: CoachLanguage;
  /** Policy per further check, or 'off'. */
  checks?: Partial<Record<CheckName, Policy | 'off'>>;
}

export interface CheckOptions {
  /** The draft's language when the caller knows it; otherwise it is detected. */
  language?: CoachLanguage;
  rules: readonly PhraseRule[];
  context?: CoachContext;
}

/** A text edit in the draft: replace [start, end) with text (start === end inserts). */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * One thing the coach points out. `start`/`end` are UTF-16 offsets into the
 * draft (for underlining); a check about something missing (no introduction)
 * has start === end at the place the fix would go.
 */
export interface Finding {
  ruleId: string;
  kind: 'phrase' | CheckName;
  policy: Policy;
  start: number;
  end: number;
  /** The words found (empty for a missing thing). */
  text: string;
  explanation: string;
  rewrite?: string;
  /** The one-click edit, when the rewrite can be applied as text. */
  replace?: Replacement;
}

export interface DetectedLanguage {
  /** The best guess, or undefined when the text gives no evidence. */
  language: CoachLanguage | undefined;
  /** True when the best guess clearly beats the runner-up. */
  confident: boolean;
}

export interface CoachResult {
  /** The language whose rules were applied. */
  language: CoachLanguage;
  /** What detection found; when the caller gave the language, that language (not detected). */
  detected: DetectedLanguage;
  findings: Finding[];
  /** The strongest policy among the findings, or null when there are none. */
  policy: Policy | null;
}
