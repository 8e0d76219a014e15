// Promises made to clients: proposed from an agent's reply
// (promise-proposals.service.ts), confirmed or dismissed, kept, re-dated by a
// delay notice sent before the deadline, or broken by the promises sweep at
// their due time (promise.jobs.ts), which also sends the reminders.
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { PromiseState } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeTimeIdCursor, toPage } from '../../pagination.ts';
import { promiseReminderAt } from '../../../shared/api/promises.ts';
import { delayNotice } from '../../../shared/promises/notice.ts';
import { addMessage } from '../conversations/message.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { presentPromise } from './promise.presenter.ts';
import { canPromise, type PromiseAction } from './promise.policy.ts';
import * as repo from './promise.repo.ts';
import type { PromiseRecord } from './promise.repo.ts';

const DAY_MS = 86_400_000;
/** How far ahead a promise may be dated, and how long a report's period may run. */
const MAX_AHEAD_DAYS = 366;

function authorise(ctx: Ctx, action: PromiseAction, promise?: PromiseRecord) {
  if (!canPromise(ctx.actor, action, promise)) throw forbidden();
}

/** Loads and locks a promise, then checks the actor may act on it (404 before 403). */
async function lockFor(tx: Ctx, id: string, action: PromiseAction) {
  const current = await repo.lockPromise(tx.db, tx.workspaceId, id, actorUserId(tx));
  if (!current) throw notFound('promise');
  authorise(tx, action, current);
  return current;
}

function requireState(p: PromiseRecord, wanted: PromiseState, doing: string) {
  if (p.state !== wanted)
    throw conflict(`the promise is ${p.state}; only a ${wanted} promise can be ${doing}`, {
      state: `is ${p.state}`,
    });
}

/** A due time the agent gives: in the future and within a year. */
function checkDueAt(dueAt: string, now: Date, field = 'due_at'): Date {
  const at = new Date(dueAt);
  if (at <= now) throw invalid({ [field]: 'must be in the future' });
  if (at.getTime() - now.getTime() > MAX_AHEAD_DAYS * DAY_MS)
    throw invalid({ [field]: `must be within ${MAX_AHEAD_DAYS} days` });
  return at;
}

async function presentOne(tx: Ctx, id: string) {
  const row = await repo.findPromiseRow(tx.db, tx.workspaceId, id, actorUserId(tx));
  return presentPromise(row!, tx.actor, tx.now());
}

const about = (p: PromiseRecord) => ({
  promise_id: p.id,
  kind: p.kind,
  text: p.text,
  agent_id: p.agent_id,
});

export interface PromiseListInput {
  conversation_id?: string;
  client_id?: string;
  view?: 'mine' | 'team';
  agent_id?: string;
  state?: string;
  due_after?: string;
  due_before?: string;
  cursor?: string;
  limit: number;
}

/**
 * A page of promises by due time: a conversation's, a client's, the caller's
 * (mine) or their teams' (team: supervisors; every agent's for admins),
 * filtered by state and due time.
 */
export async function listPromises(ctx: Ctx, input: PromiseListInput) {
  authorise(ctx, 'list');
  const me = actorUserId(ctx)!;
  if (!input.conversation_id && !input.client_id && !input.view && !input.agent_id)
    throw invalid({ view: 'give conversation_id, client_id, agent_id or view' });
  if (input.view === 'team' || (input.agent_id && input.agent_id !== me))
    authorise(ctx, 'list_team');
  if (input.due_after && input.due_before && input.due_before <= input.due_after)
    throw invalid({ due_before: 'must be after due_after' });
  const after = input.cursor ? decodeTimeIdCursor(input.cursor) : undefined;
  const rows = await repo.listPromises(ctx.db, ctx.workspaceId, me, {
    conversationId: input.conversation_id,
    clientId: input.client_id,
    agentId: input.view === 'mine' ? me : input.agent_id,
    // An admin's team is the whole workspace.
    teamOf:
      input.view === 'team' && ctx.actor.kind === 'user' && ctx.actor.role !== 'admin'
        ? me
        : undefined,
    states: input.state ? (input.state.split(',') as PromiseState[]) : undefined,
    dueAfter: input.due_after,
    dueBefore: input.due_before,
    after,
    limit: input.limit,
  });
  const now = ctx.now();
  return toPage(
    rows,
    input.limit,
    (r) => [r.due_key, r.id],
    (r) => presentPromise(r, ctx.actor, now),
  );
}

/**
 * Tracks a proposed promise (proposed → open), at the due time found in the
 * reply or one the agent gives; its reminder time is set by how long it runs.
 */
export async function confirmPromise(ctx: Ctx, id: string, input: { due_at?: string }) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockFor(tx, id, 'confirm');
    requireState(current, 'proposed', 'confirmed');
    const now = tx.now();
    let dueAt = current.due_at;
    if (input.due_at) dueAt = checkDueAt(input.due_at, now);
    else if (dueAt <= now)
      throw invalid({ due_at: 'the time in the reply has passed: give the new due time' });
    await repo.updatePromise(tx.db, tx.workspaceId, id, {
      state: 'open',
      due_at: dueAt,
      remind_at: promiseReminderAt(dueAt, now),
      reminded_at: null,
      confirmed_at: now,
      confirmed_by_id: actorUserId(tx),
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'promise.confirmed',
      conversationId: current.conversation_id,
      clientId: current.client_id,
      data: {
        ...about(current),
        due_at: dueAt.toISOString(),
        ...(dueAt.getTime() !== current.due_at.getTime()
          ? { found_due_at: current.due_at.toISOString() }
          : {}),
      },
    });
    return presentOne(tx, id);
  });
}

/** Marks a proposal as no promise (a misread reply): it is no longer tracked or shown. */
export async function dismissPromise(ctx: Ctx, id: string) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockFor(tx, id, 'dismiss');
    requireState(current, 'proposed', 'dismissed');
    const now = tx.now();
    await repo.updatePromise(tx.db, tx.workspaceId, id, {
      state: 'dismissed',
      settled_at: now,
      settled_by_id: actorUserId(tx),
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'promise.dismissed',
      conversationId: current.conversation_id,
      clientId: current.client_id,
      data: about(current),
    });
    return presentOne(tx, id);
  });
}

/** Marks an open promise kept: done, and counted for its agent. */
export async function keepPromise(ctx: Ctx, id: string) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockFor(tx, id, 'keep');
    requireState(current, 'open', 'marked kept');
    const now = tx.now();
    await repo.updatePromise(tx.db, tx.workspaceId, id, {
      state: 'kept',
      settled_at: now,
      settled_by_id: actorUserId(tx),
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'promise.kept',
      conversationId: current.conversation_id,
      clientId: current.client_id,
      data: { ...about(current), due_at: current.due_at.toISOString() },
    });
    return presentOne(tx, id);
  });
}

/**
 * Tells the client about a delay before the deadline: sends the notice (the
 * agent's text, or the default one in the client's language with the new
 * date) as a reply on the conversation's channel, through the same path as
 * any reply (so it is delivered, and the reply coach checks it), and re-dates
 * the promise, recording the old date. After the deadline it is refused: the
 * promise is then kept or broken, not quietly moved.
 */
export async function delayPromise(
  ctx: Ctx,
  id: string,
  input: { due_at: string; body_text?: string },
) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockFor(tx, id, 'delay');
    requireState(current, 'open', 'delayed');
    const now = tx.now();
    if (current.due_at <= now)
      throw conflict(
        `the promise fell due at ${current.due_at.toISOString()}: a delay is announced before ` +
          'the deadline, so it can no longer be re-dated',
        { due_at: 'the deadline has passed' },
      );
    const dueAt = checkDueAt(input.due_at, now);
    if (dueAt <= current.due_at)
      throw invalid({ due_at: 'must be later than the current due time' });
    const row = (await repo.findPromiseRow(tx.db, tx.workspaceId, id, actorUserId(tx)))!;
    const language = presentPromise(row, tx.actor, now).client;
    const bodyText =
      input.body_text ??
      delayNotice({
        kind: current.kind,
        language: language.language,
        timeZone: language.time_zone,
        dueAt,
        now,
      });
    const { message } = await addMessage(tx, current.conversation_id, {
      direction: 'outbound',
      body_text: bodyText,
    });
    // The notice restates this promise with its new date; it makes no new one.
    await repo.deleteProposalsOfMessage(tx.db, tx.workspaceId, message.id);
    await repo.updatePromise(tx.db, tx.workspaceId, id, {
      due_at: dueAt,
      remind_at: promiseReminderAt(dueAt, now),
      reminded_at: null,
      updated_at: now,
    });
    await repo.insertRedate(tx.db, tx.workspaceId, {
      promise_id: id,
      from_due_at: current.due_at,
      to_due_at: dueAt,
      message_id: message.id,
      by_id: actorUserId(tx),
      created_at: now,
    });
    await recordEvent(tx, {
      type: 'promise.delayed',
      conversationId: current.conversation_id,
      clientId: current.client_id,
      data: {
        ...about(current),
        before: { due_at: current.due_at.toISOString() },
        after: { due_at: dueAt.toISOString() },
        message_id: message.id,
      },
    });
    return { promise: await presentOne(tx, id), message_id: message.id };
  });
}

/**
 * Kept and broken promises per agent over a period, with those confirmed and
 * the delay notices sent: a supervisor's teams, or every agent for an admin.
 */
export async function promiseStats(ctx: Ctx, input: { from: string; to: string }) {
  authorise(ctx, 'stats');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (to <= from) throw invalid({ to: 'must be after from' });
  if (to.getTime() - from.getTime() > MAX_AHEAD_DAYS * DAY_MS)
    throw invalid({ to: `must be within ${MAX_AHEAD_DAYS} days of from` });
  const agentsOf =
    ctx.actor.kind === 'user' && ctx.actor.role === 'supervisor' ? ctx.actor.userId : undefined;
  const rows = await repo.agentStats(ctx.db, ctx.workspaceId, from, to, agentsOf);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    items: rows.map((r) => {
      const kept = Number(r.kept);
      const broken = Number(r.broken);
      return {
        agent: { id: r.agent_id, name: r.agent_name },
        confirmed: Number(r.confirmed),
        kept,
        broken,
        delayed: Number(r.delayed),
        kept_ratio: kept + broken > 0 ? kept / (kept + broken) : null,
      };
    }),
  };
}

/**
 * Moves a duplicate client's promises to the client it is merged into (in the
 * merge's transaction). Returns how many moved.
 */
export function moveClientPromises(tx: Ctx, fromClientId: string, toClientId: string) {
  return repo.movePromises(tx.db, tx.workspaceId, fromClientId, toClientId, tx.now());
}
