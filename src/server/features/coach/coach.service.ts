/**
 * The reply coach at work on the server: the workspace's check policies, what
 * a reply to a conversation is checked against, and the check on send that
 * refuses a blocked reply unless a supervisor overrides it.
 */
import {
  checkDraft,
  DEFAULT_CHECK_POLICIES,
  isCoachLanguage,
  type CheckName,
  type CoachContext,
  type CoachLanguage,
  type CoachResult,
  type Finding,
  type Policy,
} from '../../../shared/coach/index.ts';
import { toCoachContext } from '../../../shared/api/coach.ts';
import { actorUserId, type Ctx } from '../../context.ts';
import type { CoachCheckPolicy } from '../../db/schema.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { canClient } from '../clients/client.policy.ts';
import { can as canConversation } from '../conversations/conversation.policy.ts';
import { recordEvent } from '../events/event.service.ts';
import { loadEffectiveRules } from './coach-rules.service.ts';
import { presentDraftContext } from './coach.presenter.ts';
import { canCoach } from './coach.policy.ts';
import * as repo from './coach.repo.ts';

export interface CheckPolicies {
  introduction: CoachCheckPolicy;
  client_name: CoachCheckPolicy;
  jargon: CoachCheckPolicy;
}

const DEFAULT_POLICIES: CheckPolicies = {
  introduction: DEFAULT_CHECK_POLICIES.introduction,
  client_name: DEFAULT_CHECK_POLICIES['client-name'],
  jargon: DEFAULT_CHECK_POLICIES.jargon,
};

async function loadPolicies(ctx: Ctx): Promise<CheckPolicies> {
  const row = await repo.findSettings(ctx.db, ctx.workspaceId);
  return row
    ? { introduction: row.introduction, client_name: row.client_name, jargon: row.jargon }
    : DEFAULT_POLICIES;
}

const enginePolicies = (p: CheckPolicies): Record<CheckName, Policy | 'off'> => ({
  introduction: p.introduction,
  'client-name': p.client_name,
  jargon: p.jargon,
});

export async function getCoachSettings(ctx: Ctx) {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  return loadPolicies(ctx);
}

/** An admin or supervisor sets the policies of the further checks. */
export async function updateCoachSettings(ctx: Ctx, input: { checks?: Partial<CheckPolicies> }) {
  if (!canCoach(ctx.actor, 'edit'))
    throw forbidden('only admins and supervisors change the reply coach');
  const before = await loadPolicies(ctx);
  const after = { ...before, ...input.checks };
  const row = await repo.upsertSettings(ctx.db, ctx.workspaceId, after, ctx.now());
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    await recordEvent(ctx, { type: 'coach_settings.updated', data: { before, after } });
  }
  return { introduction: row.introduction, client_name: row.client_name, jargon: row.jargon };
}

const languageOr = (value: string | null | undefined): CoachLanguage | null =>
  isCoachLanguage(value) ? value : null;

/** What the server checks a reply to the conversation against, in the API's words. */
export interface DraftContext {
  /** Null for a new conversation's first message, checked before the conversation exists. */
  conversationId: string | null;
  /** The conversation's language: the client's, else the workspace's. */
  language: CoachLanguage;
  uiLanguage: CoachLanguage;
  isFirstReply: boolean;
  channel: NonNullable<CoachContext['channel']>;
  agent: { name: string; team: string | null };
  client: { name: string; language: CoachLanguage | null };
  checks: CheckPolicies;
  jargon: { term: string; plain: string | null; language: CoachLanguage | null }[];
  /** The caller may send a reply the coach blocks. */
  canOverride: boolean;
}

async function loadDraftContext(ctx: Ctx, conversationId: string): Promise<DraftContext> {
  const userId = actorUserId(ctx);
  const facts = await repo.findDraftFacts(ctx.db, ctx.workspaceId, { conversationId }, userId);
  if (!facts?.id || !facts.channel || !facts.status) throw notFound('conversation');
  if (!canConversation(ctx.actor, 'read', { ...facts, status: facts.status })) throw forbidden();
  // One after the other: inside a transaction they share its one connection.
  const checks = await loadPolicies(ctx);
  const jargon = await repo.listAllJargon(ctx.db, ctx.workspaceId);
  const clientLanguage = languageOr(facts.client_language);
  const language = clientLanguage ?? languageOr(facts.default_language) ?? 'en';
  return {
    conversationId: facts.id,
    language,
    uiLanguage: languageOr(facts.user_language) ?? language,
    isFirstReply: facts.first_responded_at === null,
    channel: facts.channel,
    agent: { name: facts.user_name ?? '', team: facts.team_name },
    client: { name: facts.client_name, language: clientLanguage },
    checks,
    jargon: jargon.map((j) => ({ ...j, language: languageOr(j.language) })),
    canOverride: canCoach(ctx.actor, 'override'),
  };
}

/**
 * The context of a new conversation's first message (the New conversation
 * form): the facts the check on send will use once the conversation is opened
 * with it, so the form shows what sending will find. Always a first reply.
 */
export async function getNewConversationContext(
  ctx: Ctx,
  clientId: string,
  channel: DraftContext['channel'],
): Promise<DraftContext> {
  if (!canCoach(ctx.actor, 'view') || !canClient(ctx.actor, 'read')) throw forbidden();
  const facts = await repo.findDraftFacts(ctx.db, ctx.workspaceId, { clientId }, actorUserId(ctx));
  if (!facts) throw notFound('client');
  const checks = await loadPolicies(ctx);
  const jargon = await repo.listAllJargon(ctx.db, ctx.workspaceId);
  const clientLanguage = languageOr(facts.client_language);
  const language = clientLanguage ?? languageOr(facts.default_language) ?? 'en';
  return {
    conversationId: null,
    language,
    uiLanguage: languageOr(facts.user_language) ?? language,
    isFirstReply: true,
    channel,
    agent: { name: facts.user_name ?? '', team: facts.team_name },
    client: { name: facts.client_name, language: clientLanguage },
    checks,
    jargon: jargon.map((j) => ({ ...j, language: languageOr(j.language) })),
    canOverride: canCoach(ctx.actor, 'override'),
  };
}

/** The context for the composer: the same facts the check on send uses. */
export async function getDraftContext(ctx: Ctx, conversationId: string) {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  return loadDraftContext(ctx, conversationId);
}

/** The engine's context for a draft context: the composer's, built by the same function. */
export function engineContext(c: DraftContext): CoachContext {
  return toCoachContext(presentDraftContext(c));
}

/**
 * Checks a text as the server would on send: as a reply to a conversation
 * when one is named, else with the phrase rules and the jargon list only.
 */
export async function checkText(
  ctx: Ctx,
  input: { text: string; conversation_id?: string; language?: CoachLanguage },
): Promise<CoachResult> {
  if (!canCoach(ctx.actor, 'view')) throw forbidden();
  const rules = (await loadEffectiveRules(ctx)).map((r) => r.rule);
  let context: CoachContext;
  if (input.conversation_id) {
    context = engineContext(await loadDraftContext(ctx, input.conversation_id));
  } else {
    const [checks, jargon, user] = await Promise.all([
      loadPolicies(ctx),
      repo.listAllJargon(ctx.db, ctx.workspaceId),
      actorUserId(ctx) ? repo.findUserFacts(ctx.db, ctx.workspaceId, actorUserId(ctx)!) : null,
    ]);
    context = {
      jargon: jargon.map((j) => ({
        term: j.term,
        ...(j.plain ? { plain: j.plain } : {}),
        ...(isCoachLanguage(j.language) ? { language: j.language } : {}),
      })),
      ...(isCoachLanguage(user?.language) ? { uiLanguage: user.language } : {}),
      checks: { ...enginePolicies(checks), introduction: 'off', 'client-name': 'off' },
    };
  }
  return checkDraft(input.text, {
    rules,
    context,
    ...(input.language ? { language: input.language } : {}),
  });
}

/** The API shape of a finding. */
export function presentFinding(f: Finding) {
  return {
    rule_id: f.ruleId,
    kind: f.kind,
    policy: f.policy,
    start: f.start,
    end: f.end,
    text: f.text,
    explanation: f.explanation,
    rewrite: f.rewrite ?? null,
    replace: f.replace ?? null,
  };
}

export function presentCheckResult(r: CoachResult) {
  return {
    language: r.language,
    detected: { language: r.detected.language ?? null, confident: r.detected.confident },
    policy: r.policy,
    findings: r.findings.map(presentFinding),
  };
}

export interface ReplyVerdict {
  /** The rule ids the reply triggered, once each, in the order found; stored on the message. */
  rules: string[];
  /** Set when a supervisor sent a blocked reply: what to record once the message exists. */
  override?: { rules: string[]; reason: string; findings: { rule_id: string; text: string }[] };
}

/**
 * The check on send, inside the caller's transaction: the reply is checked
 * with the workspace's rules as a reply to this conversation. A block refuses
 * it (422 coach_blocked, with the findings) unless a supervisor or admin gives
 * an override with a reason; an agent may not override (403: they ask a
 * supervisor, or rewrite). Hints and warnings never stop a reply.
 */
export async function checkReplyOnSend(
  tx: Ctx,
  conversationId: string,
  text: string,
  override: { reason: string } | undefined,
  /**
   * `opening`: the message that opens the conversation (stored just before the
   * check, so the conversation already counts as answered): it is the first reply.
   */
  options: { opening?: boolean } = {},
): Promise<ReplyVerdict> {
  if (override && !canCoach(tx.actor, 'override'))
    throw forbidden('only a supervisor or an admin may send a reply the coach blocks');
  const rules = await loadEffectiveRules(tx);
  const loaded = await loadDraftContext(tx, conversationId);
  const context = options.opening ? { ...loaded, isFirstReply: true } : loaded;
  const result = checkDraft(text, {
    rules: rules.map((r) => r.rule),
    context: engineContext(context),
  });
  const ids = [...new Set(result.findings.map((f) => f.ruleId))];
  const blocking = result.findings.filter((f) => f.policy === 'block');
  if (blocking.length === 0) return { rules: ids };
  if (!override) {
    throw new AppError(
      'coach_blocked',
      `the reply uses words the workspace does not send to clients (${[...new Set(blocking.map((f) => f.ruleId))].join(', ')}): rewrite it, or ask a supervisor to send it`,
      undefined,
      { language: result.language, findings: result.findings.map(presentFinding) },
    );
  }
  return {
    rules: ids,
    override: {
      rules: [...new Set(blocking.map((f) => f.ruleId))],
      reason: override.reason,
      findings: blocking.map((f) => ({ rule_id: f.ruleId, text: f.text })),
    },
  };
}

/** Records on the conversation that a blocked reply was sent anyway: who, which rules, why. */
export async function recordCoachOverride(
  tx: Ctx,
  conversationId: string,
  messageId: string,
  override: NonNullable<ReplyVerdict['override']>,
) {
  await recordEvent(tx, {
    type: 'message.coach_override',
    conversationId,
    data: { message_id: messageId, ...override },
  });
}

/** Refuses an override on anything but an outbound reply. */
export function refuseMisplacedOverride(direction: string, override: unknown) {
  if (override !== undefined && direction !== 'outbound')
    throw invalid({ coach_override: 'only an outbound reply is checked by the coach' });
}
