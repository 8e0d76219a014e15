/**
 * The default phrase rules, one set per language, from the seeds' service
 * standards: negative phrases and their positive rewrites, the words "no" and
 * "never", and forbidden expressions. Every language has the same keys, so a
 * default's id is `<language>.<key>` (`ro.dont-know`), stable for workspaces
 * to disable or edit; the patterns and rewrites are written for each language,
 * not translated from English.
 */
import type {
  CoachLanguage,
  LocalizedText,
  PhraseRule,
  Policy,
  RewriteScope,
  RuleCategory,
} from '../types.ts';
import { REASONS } from './reasons.ts';

export const DEFAULT_KEYS = [
  'dont-know',
  'not-my-job',
  'flat-refusal',
  'not-in-stock',
  'no',
  'never',
  'calm-down',
  'not-my-problem',
  'you-are-wrong',
  'as-i-said',
] as const;

export type DefaultKey = (typeof DEFAULT_KEYS)[number];

const SHAPE: Record<DefaultKey, { policy: Policy; category: RuleCategory; scope: RewriteScope }> = {
  'dont-know': { policy: 'warn', category: 'negative', scope: 'sentence' },
  'not-my-job': { policy: 'warn', category: 'negative', scope: 'sentence' },
  'flat-refusal': { policy: 'warn', category: 'negative', scope: 'sentence' },
  'not-in-stock': { policy: 'warn', category: 'negative', scope: 'sentence' },
  no: { policy: 'hint', category: 'word', scope: 'none' },
  never: { policy: 'hint', category: 'word', scope: 'none' },
  'calm-down': { policy: 'block', category: 'forbidden', scope: 'sentence' },
  'not-my-problem': { policy: 'block', category: 'forbidden', scope: 'sentence' },
  'you-are-wrong': { policy: 'block', category: 'forbidden', scope: 'sentence' },
  'as-i-said': { policy: 'warn', category: 'negative', scope: 'none' },
};

/** One language's wording of a default: the pattern, its exceptions and the better way to say it. */
export interface DefaultWording {
  pattern: string;
  except?: string[];
  /** A whole sentence for sentence rewrites; an opening to build on for the others. */
  rewrite: string;
}

export type LanguageDefaults = Record<DefaultKey, DefaultWording>;

export function buildDefaults(language: CoachLanguage, wordings: LanguageDefaults): PhraseRule[] {
  return DEFAULT_KEYS.map((key) => {
    const { pattern, except, rewrite } = wordings[key];
    const shape = SHAPE[key];
    const why: LocalizedText = REASONS[key];
    return {
      id: `${language}.${key}`,
      language,
      pattern: pattern.replace(/\s+/g, ' ').trim(),
      ...(except ? { except } : {}),
      why,
      rewrite,
      rewriteScope: shape.scope,
      policy: shape.policy,
      category: shape.category,
    };
  });
}
