import type { Ctx } from '../../context.ts';
import type { ConversationStatus, Direction, SlaTargetKind } from '../../db/schema.ts';
import {
  calendarOf,
  isPaused,
  isRunning,
  minutesFor,
  pauseClock,
  planRedate,
  resumeClock,
  startClock,
  type ClockPolicy,
  type ClockState,
} from './sla.clock.ts';
import * as repo from './sla.repo.ts';
import type { PolicyWithCalendar, TargetClock } from './sla.repo.ts';

// The conversation feature calls these four hooks inside its transactions;
// they keep sla_targets and conversations.sla_due_at up to date. A target is
// running (due_at set), paused (paused_at set, remaining_minutes kept), met
// (met_at set) or stopped (none of these: the conversation was resolved or
// closed before the target was met).

const DONE: readonly ConversationStatus[] = ['resolved', 'closed'];
const REDATE_PAGE = 500;

export type { ClockPolicy };

export function toClockPolicy(p: PolicyWithCalendar): ClockPolicy {
  return {
    first_response_minutes: p.first_response_minutes,
    next_response_minutes: p.next_response_minutes,
    resolution_minutes: p.resolution_minutes,
    calendar: calendarOf(p),
  };
}

async function currentPolicy(ctx: Ctx, policyId: string | null) {
  if (!policyId) return undefined;
  const p = await repo.findPolicyWithCalendar(ctx.db, ctx.workspaceId, policyId);
  return p ? toClockPolicy(p) : undefined;
}

/** What picks the policy of a conversation being opened and shapes its first clocks. */
export interface NewConversationSla {
  priority: string;
  tier: string;
  isVip: boolean;
  status: ConversationStatus;
  firstRespondedAt: Date | null;
}

/** The policy and first clocks of a conversation, and the sla_due_at they give it. */
export interface ConversationSlaPlan {
  policyId: string | null;
  targets: TargetClock[];
  dueAt: Date | null;
}

/**
 * Picks the policy of a conversation about to be opened and plans its clocks,
 * in one query: the conversation is then inserted with its policy and due time,
 * and writeConversationSla stores the clocks.
 */
export async function planConversationSla(
  ctx: Ctx,
  c: NewConversationSla,
): Promise<ConversationSlaPlan> {
  const match = await repo.findMatchingPolicy(ctx.db, ctx.workspaceId, {
    priority: c.priority,
    tier: c.tier,
    isVip: c.isVip,
  });
  return planClocks(match, c, ctx.now());
}

/** The clocks a conversation opened at `now` under the matching policy (if any) starts. */
type MatchingPolicy = Awaited<ReturnType<typeof repo.findMatchingPolicy>>;

function planClocks(match: MatchingPolicy, c: NewConversationSla, now: Date): ConversationSlaPlan {
  const targets: TargetClock[] = [];
  if (match && !DONE.includes(c.status)) {
    const policy = toClockPolicy(match);
    const paused = c.status === 'pending';
    // A conversation an agent started has had its first response already.
    if (policy.first_response_minutes && !c.firstRespondedAt) {
      targets.push(
        startClock('first_response', policy.first_response_minutes, now, policy.calendar, paused),
      );
    }
    if (policy.resolution_minutes) {
      targets.push(
        startClock('resolution', policy.resolution_minutes, now, policy.calendar, paused),
      );
    }
  }
  // As syncConversationDue would set it: the earliest due time of the running clocks.
  const due = targets.flatMap((t) => (t.due_at && !t.met_at ? [t.due_at.getTime()] : []));
  return {
    policyId: match?.id ?? null,
    targets,
    dueAt: due.length ? new Date(Math.min(...due)) : null,
  };
}

/**
 * planConversationSla for several conversations opened at once (a batch of inbound
 * messages): one policy look-up per distinct set of inputs, not per conversation; each
 * conversation's clocks start at its own `at` (default ctx.now()).
 */
export async function planConversationSlas(
  ctx: Ctx,
  inputs: (NewConversationSla & { at?: Date })[],
): Promise<ConversationSlaPlan[]> {
  const matches = new Map<string, MatchingPolicy>();
  const out: ConversationSlaPlan[] = [];
  for (const c of inputs) {
    const key = JSON.stringify([c.priority, c.tier, c.isVip]);
    if (!matches.has(key)) {
      matches.set(
        key,
        await repo.findMatchingPolicy(ctx.db, ctx.workspaceId, {
          priority: c.priority,
          tier: c.tier,
          isVip: c.isVip,
        }),
      );
    }
    out.push(planClocks(matches.get(key), c, c.at ?? ctx.now()));
  }
  return out;
}

/** Stores the planned clocks of several conversations in one statement. */
export async function writeConversationSlas(
  ctx: Ctx,
  entries: { conversationId: string; plan: ConversationSlaPlan }[],
): Promise<void> {
  await repo.upsertTargetsOf(
    ctx.db,
    ctx.workspaceId,
    entries.flatMap((e) =>
      e.plan.targets.map((clock) => ({ conversationId: e.conversationId, clock })),
    ),
  );
}

/** The clocks of several conversations (to tell, before a message, what it would start). */
export function listSlaClocksOf(ctx: Ctx, conversationIds: string[]) {
  return repo.listTargetsOf(ctx.db, ctx.workspaceId, conversationIds);
}

/** Stores the planned clocks of a conversation inserted with the plan's policy and due time. */
export async function writeConversationSla(
  ctx: Ctx,
  conversationId: string,
  plan: ConversationSlaPlan,
): Promise<void> {
  await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, plan.targets);
}

/** Starts the SLA clock of a conversation stored without one: picks the policy and writes its targets. */
export async function startConversationSla(ctx: Ctx, conversationId: string): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c) return;
  const plan = await planConversationSla(ctx, {
    priority: c.priority,
    tier: c.tier,
    isVip: c.is_vip,
    status: c.status,
    firstRespondedAt: c.first_responded_at,
  });
  await repo.setConversationPolicy(ctx.db, ctx.workspaceId, conversationId, plan.policyId);
  await writeConversationSla(ctx, conversationId, plan);
  await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
}

/** The conversation as the message hooks need it, when the caller has it at hand. */
export interface MessageSlaInputs {
  status: ConversationStatus;
  sla_policy_id: string | null;
  first_responded_at: Date | null;
}

/**
 * A message was added: an agent's reply meets first/next response; a client's
 * message starts next response. Pass the conversation as it is after the
 * message (`known`) to save reading it again. Returns whether sla_due_at may
 * have changed.
 */
export async function recordMessageForSla(
  ctx: Ctx,
  conversationId: string,
  direction: Direction,
  at: Date,
  known?: MessageSlaInputs,
): Promise<boolean> {
  if (direction === 'note') return false;
  if (direction === 'outbound') {
    const met = await repo.meetTargets(
      ctx.db,
      ctx.workspaceId,
      conversationId,
      ['first_response', 'next_response'],
      at,
    );
    if (met === 0) return false;
    await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
    return true;
  }
  const c = known ?? (await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId));
  if (!c || DONE.includes(c.status) || !c.sla_policy_id) return false;
  // The targets first: mostly they show no clock to start, and the policy is not needed.
  const targets = await repo.listTargets(ctx.db, ctx.workspaceId, conversationId);
  if (!inboundMayStartClock(c, targets)) return false;
  const policy = await currentPolicy(ctx, c.sla_policy_id);
  if (!policy?.next_response_minutes) return false;
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
  return true;
}

/**
 * Whether a client's message on a conversation in this state (after the message)
 * may start a clock, i.e. recordMessageForSla would do more than return false.
 * It does not when the conversation is done or follows no policy, while the client
 * still waits on the first response, or while a response clock runs or is paused.
 */
export function inboundMayStartClock(c: MessageSlaInputs, targets: ClockState[]): boolean {
  if (DONE.includes(c.status) || !c.sla_policy_id) return false;
  const first = targets.find((t) => t.kind === 'first_response');
  const next = targets.find((t) => t.kind === 'next_response');
  // Before the first answer the client is still waiting on that one; a
  // client writing twice keeps the clock that started with the first message.
  const answered = !!c.first_responded_at || !!first?.met_at;
  if (!answered || isRunning(first) || isPaused(first)) return false;
  if (isRunning(next) || isPaused(next)) return false;
  return true;
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

/**
 * Re-dates the clocks of every active conversation following a policy, in
 * pages of REDATE_PAGE conversations: four statements a page (inputs,
 * targets, one upsert, one sla_due_at update) whatever the page holds.
 */
export async function redatePolicySla(
  ctx: Ctx,
  policyId: string,
  before: ClockPolicy,
  after: ClockPolicy,
): Promise<number> {
  const { db, workspaceId } = ctx;
  const now = ctx.now();
  let afterId: string | null = null;
  let count = 0;
  for (;;) {
    const ids = await repo.listActiveConversationsOfPolicies(
      db,
      workspaceId,
      [policyId],
      afterId,
      REDATE_PAGE,
    );
    const inputs = await repo.listSlaInputs(db, workspaceId, ids);
    const targets = await repo.listTargetsOf(db, workspaceId, ids);
    const entries = inputs.flatMap((c) =>
      planRedate(
        c,
        targets.filter((t) => t.conversation_id === c.id),
        before,
        after,
        now,
      ).map((clock) => ({ conversationId: c.id, clock })),
    );
    await repo.upsertTargetsOf(db, workspaceId, entries);
    await repo.syncConversationsDue(db, workspaceId, ids);
    count += ids.length;
    if (ids.length < REDATE_PAGE) return count;
    afterId = ids[ids.length - 1]!;
  }
}

/** A policy's clock settings by id (undefined if it does not exist). */
export async function findClockPolicy(ctx: Ctx, policyId: string) {
  return currentPolicy(ctx, policyId);
}

/** Re-dates the clocks of one active conversation from one policy (or calendar) to another. */
export async function redateConversationSla(
  ctx: Ctx,
  conversationId: string,
  before: ClockPolicy | undefined,
  after: ClockPolicy | undefined,
): Promise<void> {
  const c = await repo.findSlaInputs(ctx.db, ctx.workspaceId, conversationId);
  if (!c || DONE.includes(c.status)) return;
  const targets = await repo.listTargets(ctx.db, ctx.workspaceId, conversationId);
  const changed = planRedate(c, targets, before, after, ctx.now());
  await repo.upsertTargets(ctx.db, ctx.workspaceId, conversationId, changed);
  await repo.syncConversationDue(ctx.db, ctx.workspaceId, conversationId);
}
