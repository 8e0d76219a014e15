// The in-transaction building blocks both conversation and message use cases
// share: opening a conversation, appending a message and what it does to the
// conversation, retrying after a lost race on a unique key.
import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Channel, ConversationsTable, Direction, Priority } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalid } from '../../errors.ts';
import { recordEvent } from '../events/event.service.ts';
import {
  recordMessageForSla,
  recordStatusForSla,
  startConversationSla,
} from '../sla/sla.service.ts';
import * as repo from './conversation.repo.ts';
import type { ConversationRecord } from './conversation.repo.ts';
import { excerptOf, planStatusChange, statusAfterMessage } from './conversation.status.ts';
import * as messages from './message.repo.ts';

export interface NewConversation {
  clientId: string;
  subject: string;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  priority: Priority;
  teamId: string | null;
  assigneeId: string | null;
  tags: string[];
  /** How the assignee was chosen, for the timeline. */
  assignedVia?: 'manual' | 'round_robin';
}

/**
 * Inserts a conversation with the workspace's next number, records it and
 * starts its SLA clock. The number is taken last: it holds the workspace row
 * lock until commit.
 */
export async function openConversation(tx: Ctx, c: NewConversation): Promise<ConversationRecord> {
  const now = tx.now();
  const number = await repo.takeConversationNumber(tx.db, tx.workspaceId);
  const conversation = await repo.insertConversation(tx.db, tx.workspaceId, {
    number,
    subject: c.subject,
    client_id: c.clientId,
    channel: c.channel,
    // An agent who starts the conversation has already answered it.
    status: c.direction === 'outbound' ? 'open' : 'new',
    first_responded_at: c.direction === 'outbound' ? now : null,
    priority: c.priority,
    team_id: c.teamId,
    assignee_id: c.assigneeId,
    tags: c.tags,
    last_message_at: now,
    created_at: now,
    updated_at: now,
  });
  await recordEvent(tx, {
    type: 'conversation.created',
    conversationId: conversation.id,
    clientId: c.clientId,
    data: {
      after: {
        number,
        subject: c.subject,
        channel: c.channel,
        direction: c.direction,
        status: conversation.status,
        priority: c.priority,
        team_id: c.teamId,
        assignee_id: c.assigneeId,
        tags: c.tags,
      },
      ...(c.assigneeId && c.assignedVia ? { assigned_via: c.assignedVia } : {}),
    },
  });
  await startConversationSla(tx, conversation.id);
  return conversation;
}

export interface NewMessage {
  direction: Direction;
  channel: Channel;
  bodyText: string;
  externalId: string | null;
  authorUserId: string | null;
  authorClientId: string | null;
}

/**
 * Stores a message on a conversation the caller has locked and applies what it
 * means: activity time, count and excerpt, the first response, reopening on a
 * client's message, and the SLA clocks.
 */
export async function appendMessage(tx: Ctx, conversation: ConversationRecord, m: NewMessage) {
  const now = tx.now();
  const { id } = await messages.insertMessage(tx.db, tx.workspaceId, {
    conversation_id: conversation.id,
    direction: m.direction,
    channel: m.channel,
    author_user_id: m.authorUserId,
    author_client_id: m.authorClientId,
    body_text: m.bodyText,
    body_html: null,
    external_id: m.externalId,
    created_at: now,
  });
  const patch: Updateable<ConversationsTable> = { last_message_at: now, updated_at: now };
  // Notes are internal: they are activity, but neither the excerpt nor an answer.
  if (m.direction !== 'note') patch.last_excerpt = excerptOf(m.bodyText);
  if (m.direction === 'inbound') patch.last_inbound_at = now;
  if (m.direction === 'outbound' && !conversation.first_responded_at) {
    patch.first_responded_at = now;
  }
  const to = statusAfterMessage(conversation.status, m.direction);
  const plan = to ? planStatusChange(conversation, to, now) : undefined;
  if (plan?.ok && plan.changed) Object.assign(patch, plan.patch);
  const updated = await repo.updateAfterMessage(tx.db, tx.workspaceId, conversation.id, patch);
  if (to && updated.status !== conversation.status) {
    await recordEvent(tx, {
      type: 'conversation.status_changed',
      conversationId: conversation.id,
      byClient: m.direction === 'inbound',
      data: {
        before: { status: conversation.status },
        after: { status: updated.status },
        cause: { message_id: id, direction: m.direction },
      },
    });
    await recordStatusForSla(tx, conversation.id, conversation.status, updated.status);
  }
  await recordMessageForSla(tx, conversation.id, m.direction, now);
  return { messageId: id, conversation: updated };
}

/** No HTML sanitiser is installed yet, so HTML bodies are refused rather than stored raw. */
export function refuseHtml(field: string, html: string | undefined) {
  if (html !== undefined) {
    throw invalid({
      [field]: 'HTML bodies are not accepted yet (no sanitiser is installed); send body_text',
    });
  }
}

/**
 * Runs an idempotent use case (its own transaction, which starts by looking for
 * what it would create) again when it lost a race on a unique key: a concurrent
 * request stored the same external id or client identity first and committed,
 * so the retry finds it. Inside a caller's transaction the error propagates,
 * since the transaction is already aborted.
 */
export async function retryOnUniqueViolation<T>(ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (ctx.db.isTransaction || attempt >= 3 || !isUniqueViolation(err)) throw err;
      ctx.log.info({ attempt }, 'lost a race on a unique key; retrying');
    }
  }
}
