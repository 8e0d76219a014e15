import type { Ctx } from '../../context.ts';
import type { ConversationStatus, Direction, SlaTargetKind } from '../../db/schema.ts';
import type { BusinessCalendar } from '../../../shared/sla/business-time.ts';
import {
  calendarOf,
  minutesFor,
  pauseClock,
  redateClock,
  resumeClock,
  startClock,
} from './sla.clock.ts';
import * as repo from './sla.repo.ts';
import type { PolicyWithCalendar, SlaTargetRow, TargetClock } from './sla.repo.ts';
import { businessMinutesBetween } from '../../../shared/sla/business-time.ts';

// The conversation feature calls these four hooks inside its transactions;
// they keep sla_targets and conversations.sla_due_at up to date. A target is
// running (due_at set), paused (paused_at set, remaining_minutes kept), met
// (met_at set) or stopped (none of these: the conversation was resolved or
// closed before the target was met).

const DONE: readonly ConversationStatus[] = ['resolved', 'closed'];
const KINDS: readonly SlaTargetKind[] = ['first_response', 'next_response', 'resolution'];

/** A policy's target lengths and calendar, as the clocks need them. */
export interface ClockPolicy {
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar: BusinessCalendar;
}

export function toClockPolicy(p: PolicyWithCalendar): ClockPolicy {
  return {
    first_response_minutes: p.first_response_minutes,
    next_response_minutes: p.next_response_minutes,
    resolution_minutes: p.resolution_minutes,
    calendar: calendarOf(p),
  };
}

const isRunning = (t: SlaTargetRow | undefined) => !!t && !t.met_at && !!t.due_at;
const isPaused = (t: SlaTargetRow | undefined) => !!t && !t.met_at && !!t.paused_at;

async function currentPolicy(ctx: Ctx, policyId: string | null) {
  if (!policyId) return undefined;
  const p = await repo.findPolicyWithCalendar(ctx.db, ctx.workspaceId, policyId);
  return p ? toClockPolicy(p) : undefined;
}

/** Starts the SLA clock of a new conversation: picks the policy and writes its targets. */
export async function startConversationSla(ctx: Ctx, conversationId: string): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c) return;
  const match = await repo.findMatchingPolicy(ctx.db, ctx.workspaceId, {
    priority: c.priority,
    tier: c.tier,
    isVip: c.is_vip,
  });
  await repo.setConversationPolicy(ctx.db, ctx.workspaceId, conversationId, match?.id ?? null);
  if (match && !DONE.includes(c.status)) {
    const policy = toClockPolicy(match);
    const now = ctx.now();
    const paused = c.status === 'pending';
    const targets: TargetClock[] = [];
    // A conversation an agent started has had its first response already.
    if (policy.first_response_minutes && !c.first_responded_at) {
      targets.push(
        startClock('first_response', policy.first_response_minutes, now, policy.calendar, paused),
      );
    }
    if (policy.resolution_minutes) {
      targets.push(
        startClock('resolution', policy.resolution_minutes, now, policy.calendar, paused),
      );
    }
    await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, targets);
  }
  await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
}

/** A message was added: an agent's reply meets first/next response; a client's message starts next response. */
export async function recordMessageForSla(
  ctx: Ctx,
  conversationId: string,
  direction: Direction,
  at: Date,
): Promise<void> {
  if (direction === 'note') return;
  if (direction === 'outbound') {
    await repo.meetTargets(
      ctx.db,
      ctx.workspaceId,
      conversationId,
      ['first_response', 'next_response'],
      at,
    );
    await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
    return;
  }
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c || DONE.includes(c.status)) return;
  const policy = await currentPolicy(ctx, c.sla_policy_id);
  if (!policy?.next_response_minutes) return;
  const targets = await repo.listTargets(ctx.db, ctx.workspaceId, conversationId);
  const first = targets.find((t) => t.kind === 'first_response');
  const next = targets.find((t) => t.kind === 'next_response');
  // Before the first answer the client is still waiting on that one; a
  // client writing twice keeps the clock that started with the first message.
  const answered = !!c.first_responded_at || !!first?.met_at;
  if (!answered || isRunning(first) || isPaused(first)) return;
  if (isRunning(next) || isPaused(next)) return;
  await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, [
    startClock(
      'next_response',
      policy.next_response_minutes,
      at,
      policy.calendar,
      c.status === 'pending',
    ),
  ]);
  await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
}

/** The status changed: pending pauses the clocks, resolved/closed meets resolution, reopening restarts. */
export async function recordStatusForSla(
  ctx: Ctx,
  conversationId: string,
  from: ConversationStatus,
  to: ConversationStatus,
): Promise<void> {
  if (from === to) return;
  const now = ctx.now();
  const { db, workspaceId } = ctx;
  if (DONE.includes(to)) {
    if (!DONE.includes(from)) {
      await repo.meetTargets(db, workspaceId, conversationId, ['resolution'], now);
      await repo.stopTargets(db, workspaceId, conversationId);
    }
  } else if (DONE.includes(from)) {
    await restartClocks(ctx, conversationId, to === 'pending');
  } else if (to === 'pending' || from === 'pending') {
    const c = await repo.findSlaInputs(db, workspaceId, conversationId);
    const policy = await currentPolicy(ctx, c?.sla_policy_id ?? null);
    if (!policy) return;
    const targets = await repo.listTargets(db, workspaceId, conversationId);
    const changed =
      to === 'pending'
        ? targets.filter(isRunning).map((t) => pauseClock(t, now, policy.calendar))
        : targets.filter(isPaused).map((t) => resumeClock(t, now, policy.calendar));
    await repo.upsertTargets(db, workspaceId, conversationId, changed);
  } else {
    return;
  }
  await repo.syncConversationDue(db, workspaceId, conversationId);
}

/** A reopened conversation gets a new resolution clock and a new response clock. */
async function restartClocks(ctx: Ctx, conversationId: string, paused: boolean) {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  const policy = await currentPolicy(ctx, c?.sla_policy_id ?? null);
  if (!c || !policy) return;
  const now = ctx.now();
  const response: SlaTargetKind = c.first_responded_at ? 'next_response' : 'first_response';
  const targets: TargetClock[] = [];
  for (const kind of [response, 'resolution'] as const) {
    const minutes = minutesFor(policy, kind);
    if (minutes) targets.push(startClock(kind, minutes, now, policy.calendar, paused));
  }
  await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, targets);
}

/** The priority (or the client's tier/VIP) changed: the policy is picked again and running targets re-dated. */
export async function recordPolicyInputsForSla(ctx: Ctx, conversationId: string): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c) return;
  await repickPolicySla(
    ctx,
    conversationId,
    c.sla_policy_id,
    await currentPolicy(ctx, c.sla_policy_id),
  );
}

/**
 * Picks the conversation's policy again; when it changes, the clocks of an
 * active conversation move from `before` (the clocks' old policy) to the new one.
 */
export async function repickPolicySla(
  ctx: Ctx,
  conversationId: string,
  beforeId: string | null,
  before: ClockPolicy | undefined,
): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c) return;
  const match = await repo.findMatchingPolicy(ctx.db, ctx.workspaceId, {
    priority: c.priority,
    tier: c.tier,
    isVip: c.is_vip,
  });
  if ((match?.id ?? null) === beforeId) return;
  await repo.setConversationPolicy(ctx.db, ctx.workspaceId, conversationId, match?.id ?? null);
  if (DONE.includes(c.status)) return;
  await redateConversationSla(
    ctx,
    conversationId,
    before,
    match ? toClockPolicy(match) : undefined,
  );
}

/** Re-dates the clocks of every active conversation following a policy, a page at a time. */
export async function redatePolicySla(
  ctx: Ctx,
  policyId: string,
  before: ClockPolicy,
  after: ClockPolicy,
): Promise<number> {
  let afterId: string | null = null;
  let count = 0;
  for (;;) {
    const ids = await repo.listActiveConversationsOfPolicies(
      ctx.db,
      ctx.workspaceId,
      [policyId],
      afterId,
      200,
    );
    for (const id of ids) await redateConversationSla(ctx, id, before, after);
    count += ids.length;
    if (ids.length < 200) return count;
    afterId = ids[ids.length - 1]!;
  }
}

/** A policy's clock settings by id (undefined if it does not exist). */
export async function findClockPolicy(ctx: Ctx, policyId: string) {
  return currentPolicy(ctx, policyId);
}

/**
 * Re-dates the clocks of one active conversation from one policy (or calendar)
 * to another: running and paused targets keep the business time already
 * spent; a kind the new policy has no target for stops; a target the new
 * policy adds starts from the conversation's creation.
 */
export async function redateConversationSla(
  ctx: Ctx,
  conversationId: string,
  before: ClockPolicy | undefined,
  after: ClockPolicy | undefined,
): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c || DONE.includes(c.status)) return;
  const now = ctx.now();
  const targets = await repo.listTargets(ctx.db, ctx.workspaceId, conversationId);
  const changed: TargetClock[] = [];
  for (const kind of KINDS) {
    const t = targets.find((x) => x.kind === kind);
    const minutes = after ? minutesFor(after, kind) : null;
    if (t && (isRunning(t) || isPaused(t))) {
      if (minutes && after) {
        changed.push(
          redateClock(t, minutes, now, before?.calendar ?? after.calendar, after.calendar),
        );
      } else {
        changed.push({
          ...t,
          due_at: null,
          warn_at: null,
          paused_at: null,
          remaining_minutes: null,
        });
      }
    } else if (!t && minutes && after) {
      if (kind === 'next_response' || (kind === 'first_response' && c.first_responded_at)) continue;
      const clock = startClock(kind, minutes, c.created_at, after.calendar, false);
      if (c.status === 'pending') {
        const spent = businessMinutesBetween(c.created_at, now, after.calendar);
        changed.push({
          ...clock,
          due_at: null,
          warn_at: null,
          paused_at: now,
          remaining_minutes: Math.max(0, Math.ceil(minutes - spent)),
        });
      } else {
        changed.push(clock);
      }
    }
  }
  await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, changed);
  await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
}
