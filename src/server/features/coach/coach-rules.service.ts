/**
 * A workspace's phrase rules: the defaults with its changes (edits, disables)
 * by stable rule id, and rules of its own. Stored as the engine's
 * PhraseRuleChange, so mergeRules gives the rules drafts are checked with.
 */
import {
  DEFAULT_RULES,
  DEFAULT_RULES_BY_LANGUAGE,
  COACH_LANGUAGES,
  mergeRules,
  validatePhraseRule,
  type CoachLanguage,
  type LocalizedText,
  type PatternError,
  type PhraseRule,
  type PhraseRuleChange,
  type Policy,
  type RewriteScope,
  type RuleProblem,
} from '../../../shared/coach/index.ts';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { Updateable } from 'kysely';
import type { CoachRulesTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, forbidden, invalid, notFound, type FieldErrors } from '../../errors.ts';
import { recordEvent } from '../events/event.service.ts';
import { canCoach } from './coach.policy.ts';
import * as repo from './coach.repo.ts';

type RuleRow = Awaited<ReturnType<typeof repo.listRuleRows>>[number];

/** Rules of its own a workspace may have (all languages). */
export const OWN_RULES_MAX = 300;

const DEFAULT_BY_ID = new Map(DEFAULT_RULES.map((r) => [r.id, r] as const));
// Ids of this shape belong to the built-in rules (present and future) and the further checks.
const RESERVED_ID = new RegExp(`^(?:${COACH_LANGUAGES.join('|')}|check)\\.`);

/** A rule as the workspace has it, with where it comes from. */
export interface EffectiveRule {
  rule: PhraseRule;
  source: 'default' | 'workspace';
  /** A default the workspace changed beyond enabling or disabling it. */
  changed: boolean;
  /** The workspace has a row for it (a change to a default, or its own rule). */
  stored: boolean;
}

/** The change a stored row makes (only the fields it sets). */
function changeOf(row: RuleRow): PhraseRuleChange {
  const change: PhraseRuleChange = { id: row.rule_id };
  if (row.kind === 'own') {
    change.language = row.language as CoachLanguage;
    change.category = 'custom';
    change.rewriteScope = 'sentence';
  }
  if (row.pattern !== null) change.pattern = row.pattern;
  if (row.except_patterns !== null) change.except = row.except_patterns;
  if (row.why !== null) change.why = row.why as LocalizedText;
  if (row.rewrite !== null) change.rewrite = row.rewrite;
  if (row.rewrite_scope !== null) change.rewriteScope = row.rewrite_scope;
  if (row.policy !== null) change.policy = row.policy;
  if (row.enabled !== null) change.enabled = row.enabled;
  return change;
}

const isChanged = (row: RuleRow) =>
  [row.pattern, row.except_patterns, row.why, row.rewrite, row.rewrite_scope, row.policy].some(
    (v) => v !== null,
  );

/** The rules drafts are checked with, of one language or every language, each with its origin. */
export async function loadEffectiveRules(
  ctx: Ctx,
  language?: CoachLanguage,
): Promise<EffectiveRule[]> {
  const rows = await repo.listRuleRows(ctx.db, ctx.workspaceId, language);
  const base = language ? DEFAULT_RULES_BY_LANGUAGE[language] : DEFAULT_RULES;
  const merged = mergeRules(base, rows.map(changeOf));
  const byId = new Map(rows.map((r) => [r.rule_id, r] as const));
  return merged.map((rule) => {
    const row = byId.get(rule.id);
    const isDefault = DEFAULT_BY_ID.has(rule.id);
    return {
      rule,
      source: isDefault ? 'default' : 'workspace',
      changed: isDefault && row !== undefined && isChanged(row),
      stored: row !== undefined,
    };
  });
}

/** Every rule of a language, for the composer and the rules screen. */
export async function listCoachRules(ctx: Ctx, language: CoachLanguage) {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  return loadEffectiveRules(ctx, language);
}

async function getEffectiveRule(ctx: Ctx, ruleId: string): Promise<EffectiveRule> {
  const base = DEFAULT_BY_ID.get(ruleId);
  const row = await repo.findRuleRow(ctx.db, ctx.workspaceId, ruleId);
  if (!base && !row) throw notFound('rule');
  const language = (base?.language ?? row!.language) as CoachLanguage;
  const found = (await loadEffectiveRules(ctx, language)).find((r) => r.rule.id === ruleId);
  if (!found) throw notFound('rule');
  return found;
}

const PATTERN_PROBLEMS: Record<PatternError['code'], string> = {
  empty: 'is empty',
  too_long: 'is too long',
  bad_character: 'has a character patterns do not allow',
  unbalanced: 'has a bracket without its pair',
  empty_alternative: 'has an empty alternative',
  nothing_required: 'has only optional parts: it would match anything',
  gap_at_edge: 'cannot start or end with "..."',
  bare_wildcard: 'has a "*" without letters before it',
  too_deep: 'nests brackets too deeply',
};

function describePatternError(error: PatternError): string {
  const where =
    error.code === 'empty' || error.code === 'too_long' ? '' : ` (at character ${error.at + 1})`;
  return PATTERN_PROBLEMS[error.code] + where;
}

/** The engine's problems with a rule as API fields and messages. */
export function ruleProblemFields(problems: RuleProblem[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const p of problems) {
    if (p.field === 'pattern') fields.pattern = describePatternError(p.pattern);
    else if (p.field === 'except' && p.code === 'invalid')
      fields[`except.${p.index}`] = describePatternError(p.pattern);
    else if (p.field === 'except') fields.except = 'has too many patterns';
    else if (p.field === 'rewriteScope') fields.rewrite_scope = 'is not a rewrite scope';
    else if (p.field === 'why') fields.why = 'needs a text in at least one language';
    else fields[p.field] = 'is invalid';
  }
  return fields;
}

function refuseProblems(rule: PhraseRule) {
  const problems = validatePhraseRule(rule);
  if (problems.length) throw invalid(ruleProblemFields(problems));
}

export interface NewRuleInput {
  id?: string;
  language: CoachLanguage;
  pattern: string;
  except?: string[];
  why: LocalizedText;
  rewrite?: string;
  rewrite_scope?: RewriteScope;
  policy: Policy;
  enabled?: boolean;
}

/** A free id for a new rule of the workspace: custom-1, custom-2... */
async function newRuleId(tx: Ctx): Promise<string> {
  for (let n = (await repo.countOwnRules(tx.db, tx.workspaceId)) + 1; ; n++) {
    const id = `custom-${n}`;
    if (!(await repo.findRuleRow(tx.db, tx.workspaceId, id))) return id;
  }
}

const summary = (r: PhraseRule) => ({
  pattern: r.pattern,
  policy: r.policy,
  enabled: r.enabled !== false,
});

/** An admin or supervisor adds a rule of the workspace's own. */
export async function createCoachRule(ctx: Ctx, input: NewRuleInput): Promise<EffectiveRule> {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  if (input.id && (RESERVED_ID.test(input.id) || DEFAULT_BY_ID.has(input.id)))
    throw invalid({ id: 'is kept for built-in rules: choose one not starting with a language' });
  return withTransaction(ctx, async (tx) => {
    if ((await repo.countOwnRules(tx.db, tx.workspaceId)) >= OWN_RULES_MAX)
      throw conflict(`a workspace has at most ${OWN_RULES_MAX} rules of its own`);
    const id = input.id ?? (await newRuleId(tx));
    const rule: PhraseRule = {
      id,
      language: input.language,
      pattern: input.pattern,
      ...(input.except ? { except: input.except } : {}),
      why: input.why,
      ...(input.rewrite ? { rewrite: input.rewrite } : {}),
      rewriteScope: input.rewrite_scope ?? 'sentence',
      policy: input.policy,
      category: 'custom',
    };
    refuseProblems(rule);
    const userId = actorUserId(tx);
    try {
      await repo.insertRuleRow(tx.db, tx.workspaceId, {
        rule_id: id,
        kind: 'own',
        language: input.language,
        pattern: input.pattern,
        except_patterns: input.except ?? null,
        why: JSON.stringify(input.why),
        rewrite: input.rewrite ?? null,
        rewrite_scope: input.rewrite_scope ?? 'sentence',
        policy: input.policy,
        enabled: input.enabled ?? null,
        created_by: userId,
        updated_by: userId,
        created_at: tx.now(),
        updated_at: tx.now(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('a rule with this id exists', { id: 'is taken' });
      throw err;
    }
    await recordEvent(tx, {
      type: 'coach_rule.created',
      data: { rule_id: id, after: { language: input.language, ...summary(rule) } },
    });
    return getEffectiveRule(tx, id);
  });
}

export interface RulePatch {
  pattern?: string;
  except?: string[];
  why?: LocalizedText;
  rewrite?: string;
  rewrite_scope?: RewriteScope;
  policy?: Policy;
  enabled?: boolean;
}

/**
 * Changes a rule: a default is changed (or disabled) for this workspace only,
 * its own fields kept in the change; a rule of the workspace's own is edited.
 * The rule as it would then be is validated first.
 */
export async function updateCoachRule(
  ctx: Ctx,
  ruleId: string,
  patch: RulePatch,
): Promise<EffectiveRule> {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  return withTransaction(ctx, async (tx) => {
    const before = await getEffectiveRule(tx, ruleId);
    const why = patch.why ? { ...before.rule.why, ...patch.why } : undefined;
    const after: PhraseRule = {
      ...before.rule,
      ...(patch.pattern !== undefined ? { pattern: patch.pattern } : {}),
      ...(patch.except !== undefined ? { except: patch.except } : {}),
      ...(why ? { why } : {}),
      ...(patch.rewrite !== undefined ? { rewrite: patch.rewrite } : {}),
      ...(patch.rewrite_scope !== undefined ? { rewriteScope: patch.rewrite_scope } : {}),
      ...(patch.policy !== undefined ? { policy: patch.policy } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    };
    refuseProblems(after);
    const set: Updateable<CoachRulesTable> = {};
    if (patch.pattern !== undefined) set.pattern = patch.pattern;
    if (patch.except !== undefined) set.except_patterns = patch.except;
    if (why) set.why = JSON.stringify(why);
    if (patch.rewrite !== undefined) set.rewrite = patch.rewrite;
    if (patch.rewrite_scope !== undefined) set.rewrite_scope = patch.rewrite_scope;
    if (patch.policy !== undefined) set.policy = patch.policy;
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    const userId = actorUserId(tx);
    if (before.stored) {
      await repo.updateRuleRow(tx.db, tx.workspaceId, ruleId, {
        ...set,
        updated_by: userId,
        updated_at: tx.now(),
      });
    } else {
      await repo.insertRuleRow(tx.db, tx.workspaceId, {
        rule_id: ruleId,
        kind: 'default',
        language: before.rule.language,
        ...set,
        created_by: userId,
        updated_by: userId,
        created_at: tx.now(),
        updated_at: tx.now(),
      });
    }
    await recordEvent(tx, {
      type: 'coach_rule.updated',
      data: { rule_id: ruleId, before: summary(before.rule), after: summary(after) },
    });
    return getEffectiveRule(tx, ruleId);
  });
}

/**
 * Deletes a rule of the workspace's own, or undoes the workspace's changes to
 * a default (which is then as built in, enabled).
 */
export async function deleteCoachRule(ctx: Ctx, ruleId: string) {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  await withTransaction(ctx, async (tx) => {
    const before = await getEffectiveRule(tx, ruleId);
    if (!before.stored) return;
    await repo.deleteRuleRow(tx.db, tx.workspaceId, ruleId);
    await recordEvent(tx, {
      type: before.source === 'default' ? 'coach_rule.reset' : 'coach_rule.deleted',
      data: { rule_id: ruleId, before: summary(before.rule) },
    });
  });
}
