import type { Updateable } from 'kysely';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { CallbacksTable, CallbackStatus } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeTimeIdCursor, toPage } from '../../pagination.ts';
import { getClient, isPhoneNumber, normalisePhone } from '../clients/client.service.ts';
import { getConversation } from '../conversations/conversation.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { logCall } from '../calls/call.service.ts';
import { notifyUsers } from '../notifications/notification.service.ts';
import type { CallOutcome } from '../../db/schema.ts';
import { findUsersByIds } from '../users/user.service.ts';
import { canCallback, type CallbackAction } from './callback.policy.ts';
import { isFinished } from './callback.presenter.ts';
import * as repo from './callback.repo.ts';
import type { CallbackRecord, CallbackRow } from './callback.repo.ts';

// A callback is a tracked promise: offered, attempted, done or not. Due and
// overdue reminders are sent by the callbacks.sweep job (callback.jobs.ts).

const ALREADY_SCHEDULED = 'this callback is already scheduled for the client at that time';

function authorise(ctx: Ctx, action: CallbackAction, callback?: CallbackRecord) {
  if (!canCallback(ctx.actor, action, callback)) throw forbidden();
}

/** Turns a lost race on the one-scheduled-callback index into the conflict it means. */
async function guardDuplicate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(ALREADY_SCHEDULED, { window_start: 'is taken' });
    throw err;
  }
}

async function requireResponsible(tx: Ctx, userId: string) {
  const [user] = await findUsersByIds(tx, [userId]);
  if (!user || !user.is_active)
    throw invalid({ responsible_id: 'must be an active user of this workspace' });
  return user;
}

function checkPhone(phone: string) {
  const normalised = normalisePhone(phone);
  if (!isPhoneNumber(normalised)) throw invalid({ phone: 'must be a phone number' });
  return normalised;
}

function checkWindow(start: Date, end: Date | null) {
  if (end && end < start) throw invalid({ window_end: 'must not be before window_start' });
}

const windowData = (start: Date, end: Date | null) => ({
  window_start: start.toISOString(),
  window_end: end?.toISOString() ?? null,
});

export interface NewCallbackInput {
  conversation_id?: string;
  client_id?: string;
  phone: string;
  window_start: string;
  window_end?: string;
  responsible_id?: string;
  note: string;
}

/**
 * Offers a client a callback: a phone number, a time or window, a responsible
 * person (the caller by default) and a note; the conversation's timeline shows
 * it, and the responsible person is told when someone else promised it.
 */
export async function offerCallback(ctx: Ctx, input: NewCallbackInput): Promise<CallbackRow> {
  authorise(ctx, 'create');
  if (!input.conversation_id && !input.client_id)
    throw invalid({ client_id: 'give conversation_id or client_id' });
  const phone = checkPhone(input.phone);
  const start = new Date(input.window_start);
  const end = input.window_end ? new Date(input.window_end) : null;
  checkWindow(start, end);
  if ((end ?? start) < ctx.now()) throw invalid({ window_start: 'must be in the future' });
  const responsibleId = input.responsible_id ?? actorUserId(ctx);
  if (!responsibleId) throw invalid({ responsible_id: 'is required' });

  return guardDuplicate(() =>
    withTransaction(ctx, async (tx) => {
      let clientId = input.client_id;
      let conversationId: string | null = null;
      if (input.conversation_id) {
        const conversation = await getConversation(tx, input.conversation_id).catch(
          asFieldError('conversation_id', 'no such conversation in this workspace'),
        );
        if (clientId && clientId !== conversation.client_id)
          throw invalid({ client_id: "is not the conversation's client" });
        clientId = conversation.client_id;
        conversationId = conversation.id;
      } else {
        await getClient(tx, clientId!).catch(
          asFieldError('client_id', 'no such client in this workspace'),
        );
      }
      const responsible = await requireResponsible(tx, responsibleId);
      const now = tx.now();
      const { id } = await repo.insertCallback(tx.db, tx.workspaceId, {
        client_id: clientId!,
        conversation_id: conversationId,
        phone,
        window_start: start,
        window_end: end,
        responsible_id: responsible.id,
        note: input.note,
        created_by_id: actorUserId(tx),
        created_at: now,
        updated_at: now,
      });
      await recordEvent(tx, {
        type: 'callback.offered',
        conversationId,
        clientId,
        data: {
          callback_id: id,
          phone,
          ...windowData(start, end),
          responsible: { id: responsible.id, name: responsible.name },
        },
      });
      if (responsible.id !== actorUserId(tx)) {
        await notifyUsers(tx, {
          userIds: [responsible.id],
          kind: 'callback.assigned',
          conversationId,
          data: { callback_id: id, phone, ...windowData(start, end) },
          dedupeKey: `callback.assigned:${id}:${responsible.id}`,
        });
      }
      return (await repo.findCallbackRow(tx.db, tx.workspaceId, id))!;
    }),
  );
}

/** A not_found of a referenced record becomes a 400 naming the field that referenced it. */
function asFieldError(field: string, message: string) {
  return (err: unknown): never => {
    if (err instanceof AppError && err.code === 'not_found') throw invalid({ [field]: message });
    throw err;
  };
}

/** A page of callbacks by time (window_start, then id), filtered; rows are limit + 1. */
export async function listCallbacks(
  ctx: Ctx,
  input: {
    responsible_id?: string;
    status?: CallbackStatus;
    conversation_id?: string;
    client_id?: string;
    view?: 'mine' | 'my_teams';
    cursor?: string;
    limit: number;
  },
) {
  authorise(ctx, 'list');
  const me = actorUserId(ctx);
  const after = input.cursor ? decodeTimeIdCursor(input.cursor) : undefined;
  const rows = await repo.listCallbacks(ctx.db, ctx.workspaceId, {
    responsibleId: input.responsible_id,
    status: input.status,
    conversationId: input.conversation_id,
    clientId: input.client_id,
    // "Mine" is what I call back; "my teams" what my teams' members (me included) do.
    responsibleOf: input.view && me ? { view: input.view, userId: me } : undefined,
    after,
    limit: input.limit,
  });
  return toPage(
    rows,
    input.limit,
    (r) => [r.window_key, r.id],
    (r) => r,
  );
}

export interface CallbackPatch {
  /** result (no answer, busy…) logs the attempt as an outbound call too. */
  attempt?: { outcome?: string; result?: CallOutcome; duration_seconds?: number };
  status?: CallbackStatus;
  window_start?: string;
  window_end?: string | null;
  responsible_id?: string;
  note?: string;
}

/**
 * Works a callback: records an attempt and its outcome (attempts count up in
 * the statement, so two at once both count), marks it done, failed or
 * cancelled, re-dates it (a failed one is scheduled again) or hands it to
 * someone else. Each change is an event on its conversation.
 */
export async function updateCallback(ctx: Ctx, id: string, input: CallbackPatch) {
  return guardDuplicate(() =>
    withTransaction(ctx, async (tx) => {
      const current = await repo.lockCallback(tx.db, tx.workspaceId, id);
      if (!current) throw notFound('callback');
      authorise(tx, 'update', current);
      if (isFinished(current.status))
        throw conflict(`the callback is ${current.status}; it no longer changes`, {
          status: `is ${current.status}`,
        });

      const patch: Updateable<CallbacksTable> = {};
      const events: { type: string; data: Record<string, unknown> }[] = [];
      const start = input.window_start ? new Date(input.window_start) : current.window_start;
      // A new start without an end is a time, not the old window moved.
      const end =
        input.window_end !== undefined
          ? input.window_end === null
            ? null
            : new Date(input.window_end)
          : input.window_start
            ? null
            : current.window_end;
      const redated =
        start.getTime() !== current.window_start.getTime() ||
        (end?.getTime() ?? null) !== (current.window_end?.getTime() ?? null);
      if (redated) {
        checkWindow(start, end);
        if ((end ?? start) < tx.now()) throw invalid({ window_start: 'must be in the future' });
        patch.window_start = start;
        patch.window_end = end;
        // Re-dated: the reminders are for the new time.
        patch.due_notified_at = null;
        patch.overdue_notified_at = null;
        events.push({ type: 'callback.rescheduled', data: windowData(start, end) });
      }
      let status = input.status ?? current.status;
      // Re-dating a failed callback means trying again.
      if (redated && !input.status && current.status === 'failed') status = 'scheduled';
      if (status !== current.status) {
        patch.status = status;
        events.push({
          type: 'callback.status_changed',
          data: { before: { status: current.status }, after: { status } },
        });
      }
      if (input.attempt) {
        const outcome = input.attempt.outcome ?? input.attempt.result ?? '';
        patch.outcome = outcome;
        events.unshift({
          type: 'callback.attempted',
          data: {
            outcome,
            ...(input.attempt.result ? { result: input.attempt.result } : {}),
          },
        });
        if (input.attempt.result) {
          // The attempt was a call: it goes into the call log, linked to the callback.
          await logCall(tx, {
            direction: 'outbound',
            phone: current.phone,
            duration_seconds: input.attempt.duration_seconds ?? 0,
            outcome: input.attempt.result,
            notes: input.attempt.outcome ?? '',
            client_id: current.client_id,
            conversation_id: current.conversation_id ?? undefined,
            callback_id: current.id,
          });
        }
      }
      if (input.responsible_id && input.responsible_id !== current.responsible_id) {
        const responsible = await requireResponsible(tx, input.responsible_id);
        patch.responsible_id = responsible.id;
        events.push({
          type: 'callback.reassigned',
          data: { responsible: { id: responsible.id, name: responsible.name } },
        });
      }
      if (input.note !== undefined && input.note !== current.note) patch.note = input.note;
      if (Object.keys(patch).length === 0)
        return (await repo.findCallbackRow(tx.db, tx.workspaceId, id))!;

      patch.updated_at = tx.now();
      const { attempts } = await repo.updateCallback(
        tx.db,
        tx.workspaceId,
        id,
        patch,
        Boolean(input.attempt),
      );
      for (const e of events) {
        await recordEvent(tx, {
          type: e.type,
          conversationId: current.conversation_id,
          clientId: current.client_id,
          data: {
            callback_id: id,
            ...e.data,
            ...(e.type === 'callback.attempted' ? { attempts } : {}),
          },
        });
      }
      return (await repo.findCallbackRow(tx.db, tx.workspaceId, id))!;
    }),
  );
}

/**
 * Moves a duplicate client's callbacks to the client it is merged into (in the
 * merge's transaction). A scheduled callback the survivor already has (same
 * number and time) is cancelled rather than kept twice. Returns how many moved.
 */
export function moveClientCallbacks(tx: Ctx, fromClientId: string, toClientId: string) {
  return repo.moveCallbacks(tx.db, tx.workspaceId, fromClientId, toClientId, tx.now());
}
