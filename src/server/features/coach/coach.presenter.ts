import type { Language } from '../../../shared/api/common.ts';
import type { Actor } from '../../context.ts';
import type { EffectiveRule } from './coach-rules.service.ts';
import type { JargonRow } from './coach-jargon.service.ts';
import type { CheckPolicies, DraftContext } from './coach.service.ts';
import { canCoach, coachAbilities } from './coach.policy.ts';

/** A rule as the workspace has it, with where it comes from and what the caller may do. */
export function presentCoachRule(actor: Actor, e: EffectiveRule) {
  const r = e.rule;
  const edit = canCoach(actor, 'edit');
  return {
    id: r.id,
    language: r.language,
    pattern: r.pattern,
    except: r.except ?? [],
    why: r.why,
    rewrite: r.rewrite ?? null,
    rewrite_scope: r.rewriteScope ?? 'sentence',
    policy: r.policy,
    category: r.category ?? 'custom',
    enabled: r.enabled !== false,
    source: e.source,
    changed: e.changed,
    abilities: { update: edit, delete: edit && e.stored },
  };
}

export function presentJargonTerm(actor: Actor, r: JargonRow) {
  return {
    id: r.id,
    term: r.term,
    plain: r.plain,
    language: r.language as Language | null,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    abilities: coachAbilities(actor),
  };
}

export function presentCoachSettings(actor: Actor, checks: CheckPolicies) {
  return { checks, abilities: { update: canCoach(actor, 'edit') } };
}

export function presentDraftContext(c: DraftContext) {
  return {
    conversation_id: c.conversationId,
    language: c.language,
    ui_language: c.uiLanguage,
    is_first_reply: c.isFirstReply,
    channel: c.channel,
    agent: c.agent,
    client: c.client,
    checks: c.checks,
    jargon: c.jargon,
    abilities: { override: c.canOverride },
  };
}
