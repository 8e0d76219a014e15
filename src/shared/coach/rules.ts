/**
 * A workspace's rules: the defaults plus its own changes (disable, edit) and
 * additions, and the checks a rule must pass before it is saved.
 */
import { findPatternError, type PatternError } from './pattern.ts';
import {
  COACH_LANGUAGES,
  POLICIES,
  isCoachLanguage,
  type PhraseRule,
  type PhraseRuleChange,
} from './types.ts';

export const RULE_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/;
export const TEXT_MAX_LENGTH = 1000;
export const EXCEPT_MAX = 10;

/**
 * The rules a workspace checks drafts with: `base` (the defaults) with each
 * change applied by id, and changes with a new id added as rules of their own
 * (they must then be complete). Order: base order, then additions.
 */
export function mergeRules(
  base: readonly PhraseRule[],
  changes: readonly PhraseRuleChange[],
): PhraseRule[] {
  const byId = new Map(base.map((r) => [r.id, r] as const));
  const added: PhraseRule[] = [];
  for (const change of changes) {
    const current = byId.get(change.id);
    if (current) {
      byId.set(change.id, { ...current, ...change });
    } else if (isCompleteRule(change)) {
      byId.set(change.id, change);
      added.push(change);
    }
  }
  return [...base.map((r) => byId.get(r.id)!), ...added.map((r) => byId.get(r.id)!)];
}

function isCompleteRule(change: PhraseRuleChange): change is PhraseRule {
  return (
    typeof change.pattern === 'string' &&
    isCoachLanguage(change.language) &&
    typeof change.policy === 'string' &&
    typeof change.why === 'object' &&
    change.why !== null
  );
}

export type RuleProblem =
  | { field: 'id' | 'language' | 'policy' | 'why' | 'rewrite' | 'rewriteScope'; code: 'invalid' }
  | { field: 'pattern'; code: 'invalid'; pattern: PatternError }
  | { field: 'except'; code: 'invalid'; index: number; pattern: PatternError }
  | { field: 'except'; code: 'too_many' };

/** What is wrong with a rule before it is stored (empty when nothing is). */
export function validatePhraseRule(rule: PhraseRule): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!RULE_ID.test(rule.id)) problems.push({ field: 'id', code: 'invalid' });
  if (!isCoachLanguage(rule.language)) problems.push({ field: 'language', code: 'invalid' });
  if (!(POLICIES as readonly string[]).includes(rule.policy)) {
    problems.push({ field: 'policy', code: 'invalid' });
  }
  const patternError = findPatternError(rule.pattern);
  if (patternError) problems.push({ field: 'pattern', code: 'invalid', pattern: patternError });
  if ((rule.except?.length ?? 0) > EXCEPT_MAX) problems.push({ field: 'except', code: 'too_many' });
  rule.except?.forEach((p, index) => {
    const error = findPatternError(p);
    if (error) problems.push({ field: 'except', code: 'invalid', index, pattern: error });
  });
  const whys = Object.entries(rule.why ?? {});
  if (
    whys.length === 0 ||
    whys.some(
      ([lang, text]) =>
        !(COACH_LANGUAGES as readonly string[]).includes(lang) ||
        typeof text !== 'string' ||
        text.trim() === '' ||
        text.length > TEXT_MAX_LENGTH,
    )
  ) {
    problems.push({ field: 'why', code: 'invalid' });
  }
  if (
    rule.rewrite !== undefined &&
    (rule.rewrite.trim() === '' || rule.rewrite.length > TEXT_MAX_LENGTH)
  ) {
    problems.push({ field: 'rewrite', code: 'invalid' });
  }
  if (
    rule.rewriteScope !== undefined &&
    !['sentence', 'match', 'none'].includes(rule.rewriteScope)
  ) {
    problems.push({ field: 'rewriteScope', code: 'invalid' });
  }
  return problems;
}
