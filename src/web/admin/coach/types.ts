import type { z } from 'zod';
import type {
  CoachJargonTerm as JargonSchema,
  CoachRule as RuleSchema,
  CoachRuleList as RuleListSchema,
  CoachSettings as SettingsSchema,
} from '../../../shared/api/coach.ts';

export type CoachRule = z.infer<typeof RuleSchema>;
export type CoachRuleList = z.infer<typeof RuleListSchema>;
export type JargonTerm = z.infer<typeof JargonSchema>;
export type CoachSettings = z.infer<typeof SettingsSchema>;
export type Policy = CoachRule['policy'];
export type RewriteScope = CoachRule['rewrite_scope'];

export const POLICIES: Policy[] = ['hint', 'warn', 'block'];
export const REWRITE_SCOPES: RewriteScope[] = ['sentence', 'match', 'none'];
/** Badge colours of the policies, as the composer marks them. */
export const POLICY_COLORS: Record<Policy, string> = { hint: 'blue', warn: 'orange', block: 'red' };

/** Query keys: the admin lists, and the composer's copy of the rules (refreshed after a change). */
export const RULES_KEY = ['admin', 'coach-rules'] as const;
export const COMPOSER_RULES_KEY = ['coach-rules'] as const;
