import type { Updateable } from 'kysely';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { CallDirection, CallOutcome, CallsTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeTimeIdCursor, toPage } from '../../pagination.ts';
import {
  findOrCreateClient,
  getClient,
  isPhoneNumber,
  normalisePhone,
} from '../clients/client.service.ts';
import { createConversation, getConversation } from '../conversations/conversation.service.ts';
import { listConversations } from '../conversations/inbox.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { findUsersByIds } from '../users/user.service.ts';
import { canCall, type CallAction } from './call.policy.ts';
import * as repo from './call.repo.ts';
import type { CallRecord, CallRow } from './call.repo.ts';

/** A PBX's clock may run a little ahead of ours; a call further in the future is a mistake. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Conversations a call joins by default: the client's phone conversations still being worked. */
const ACTIVE_STATUSES = 'new,open,pending,on_hold';

function authorise(ctx: Ctx, action: CallAction, call?: CallRecord) {
  if (!canCall(ctx.actor, action, call)) throw forbidden();
}

/** A not_found of a referenced record becomes a 400 naming the field that referenced it. */
function asFieldError(field: string, message: string) {
  return (err: unknown): never => {
    if (err instanceof AppError && err.code === 'not_found') throw invalid({ [field]: message });
    throw err;
  };
}

export interface NewCallInput {
  direction: CallDirection;
  phone: string;
  duration_seconds: number;
  outcome: CallOutcome;
  notes: string;
  started_at?: string;
  client_id?: string;
  client_name?: string;
  conversation_id?: string;
  create_conversation?: boolean;
  agent_id?: string;
  external_id?: string;
  /** Set by the callbacks feature when an attempt of a callback is a call. */
  callback_id?: string;
}

/**
 * Logs a call: the client is the one given, or the one with this number (a
 * new number makes a new client); the conversation is the one given, or the
 * client's open phone conversation, or a new phone conversation when asked.
 * Both timelines show it. A PBX posting the same external_id again gets the
 * call stored the first time (created = false).
 */
export async function logCall(
  ctx: Ctx,
  input: NewCallInput,
): Promise<{ call: CallRow; created: boolean }> {
  authorise(ctx, 'create');
  const phone = normalisePhone(input.phone);
  if (!isPhoneNumber(phone)) throw invalid({ phone: 'must be a phone number' });
  const startedAt = input.started_at ? new Date(input.started_at) : ctx.now();
  if (startedAt.getTime() > ctx.now().getTime() + FUTURE_SLACK_MS)
    throw invalid({ started_at: 'must not be in the future' });
  const externalId = input.external_id ?? null;

  const existing = async () => {
    if (!externalId) return undefined;
    const row = await repo.findCallByExternalId(ctx.db, ctx.workspaceId, externalId);
    return row ? { call: row, created: false } : undefined;
  };
  const repeat = await existing();
  if (repeat) return repeat;

  for (let attempt = 1; ; attempt++) {
    try {
      return await insertNewCall(ctx, input, phone, startedAt, externalId);
    } catch (err) {
      // Two posts of one PBX call at once: the unique index keeps one and the other
      // answers with it; two first calls from a new number: the retry finds its client.
      if (!isUniqueViolation(err) || ctx.db.isTransaction || attempt >= 3) throw err;
      const first = await existing();
      if (first) return first;
    }
  }
}

async function insertNewCall(
  ctx: Ctx,
  input: NewCallInput,
  phone: string,
  startedAt: Date,
  externalId: string | null,
): Promise<{ call: CallRow; created: boolean }> {
  return withTransaction(ctx, async (tx) => {
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
    } else if (clientId) {
      await getClient(tx, clientId).catch(
        asFieldError('client_id', 'no such client in this workspace'),
      );
    } else {
      const found = await findOrCreateClient(tx, {
        phone,
        name: input.client_name || undefined,
      }).catch(asFieldError('phone', 'belongs to a deleted client'));
      clientId = found.client.id;
    }

    if (!conversationId) {
      const open = await listConversations(tx, {
        view: 'all',
        client_id: clientId,
        channel: 'phone',
        status: ACTIVE_STATUSES,
        sort: 'last_activity',
        limit: 1,
      });
      conversationId = open.items[0]?.id ?? null;
    }
    if (!conversationId && input.create_conversation) {
      const { conversation } = await createConversation(tx, {
        client_id: clientId,
        subject: phone,
        channel: 'phone',
        direction: input.direction,
        message: { body_text: input.notes || phone },
      });
      conversationId = conversation.id;
    }

    const agentId = input.agent_id ?? actorUserId(tx);
    let agent: { id: string; name: string } | null = null;
    if (agentId) {
      const [user] = await findUsersByIds(tx, [agentId]);
      if (!user || !user.is_active)
        throw invalid({ agent_id: 'must be an active user of this workspace' });
      agent = { id: user.id, name: user.name };
    }

    const now = tx.now();
    const { id } = await repo.insertCall(tx.db, tx.workspaceId, {
      direction: input.direction,
      phone,
      duration_seconds: input.duration_seconds,
      outcome: input.outcome,
      notes: input.notes,
      client_id: clientId,
      conversation_id: conversationId,
      agent_id: agent?.id ?? null,
      callback_id: input.callback_id ?? null,
      started_at: startedAt,
      external_id: externalId,
      created_by_id: actorUserId(tx),
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'call.logged',
      conversationId,
      clientId,
      data: {
        call_id: id,
        direction: input.direction,
        phone,
        duration_seconds: input.duration_seconds,
        outcome: input.outcome,
        started_at: startedAt.toISOString(),
        agent,
        ...(input.callback_id ? { callback_id: input.callback_id } : {}),
      },
    });
    return { call: (await repo.findCallRow(tx.db, tx.workspaceId, id))!, created: true };
  });
}

/** A call of the workspace, or not_found. */
export async function getCall(ctx: Ctx, id: string): Promise<CallRow> {
  authorise(ctx, 'read');
  const row = await repo.findCallRow(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('call');
  return row;
}

/** A page of the call log, newest first, filtered; rows are limit + 1. */
export async function listCalls(
  ctx: Ctx,
  input: {
    client_id?: string;
    conversation_id?: string;
    agent_id?: string;
    direction?: CallDirection;
    outcome?: CallOutcome;
    cursor?: string;
    limit: number;
  },
) {
  authorise(ctx, 'list');
  const before = input.cursor ? decodeTimeIdCursor(input.cursor) : undefined;
  const rows = await repo.listCalls(ctx.db, ctx.workspaceId, {
    clientId: input.client_id,
    conversationId: input.conversation_id,
    agentId: input.agent_id,
    direction: input.direction,
    outcome: input.outcome,
    before,
    limit: input.limit,
  });
  return toPage(
    rows,
    input.limit,
    (r) => [r.started_key, r.id],
    (r) => r,
  );
}

export interface CallPatch {
  notes?: string;
  outcome?: CallOutcome;
  duration_seconds?: number;
}

/** Corrects a call's notes, outcome or duration; the timelines record what changed. */
export async function updateCall(ctx: Ctx, id: string, input: CallPatch): Promise<CallRow> {
  return withTransaction(ctx, async (tx) => {
    const current = await repo.lockCall(tx.db, tx.workspaceId, id);
    if (!current) throw notFound('call');
    authorise(tx, 'update', current);
    const patch: Updateable<CallsTable> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of ['notes', 'outcome', 'duration_seconds'] as const) {
      const value = input[key];
      if (value === undefined || value === current[key]) continue;
      before[key] = current[key];
      after[key] = value;
      (patch as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(patch).length > 0) {
      patch.updated_at = tx.now();
      await repo.updateCall(tx.db, tx.workspaceId, id, patch);
      await recordEvent(tx, {
        type: 'call.updated',
        conversationId: current.conversation_id,
        clientId: current.client_id,
        data: { call_id: id, before, after },
      });
    }
    return (await repo.findCallRow(tx.db, tx.workspaceId, id))!;
  });
}

/** Moves a duplicate client's calls to the client it is merged into (in the merge's transaction). */
export function moveClientCalls(tx: Ctx, fromClientId: string, toClientId: string) {
  return repo.moveCalls(tx.db, tx.workspaceId, fromClientId, toClientId);
}
