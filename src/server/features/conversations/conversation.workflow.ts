// The in-transaction building blocks both conversation and message use cases
// share: opening a conversation, appending a message and what it does to the
// conversation, retrying after a lost race on a unique key.
import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Channel, ConversationsTable, Direction, Priority } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalid } from '../../errors.ts';
import { deliversOutbound, queueDelivery } from '../../channels/delivery.ts';
import { eventRow, recordEvent } from '../events/event.service.ts';
import {
  planConversationSla,
  recordMessageForSla,
  recordStatusForSla,
  writeConversationSla,
} from '../sla/sla.service.ts';
import * as repo from './conversation.repo.ts';
import type { ConversationRecord, ConversationRow } from './conversation.repo.ts';
import { excerptOf, planStatusChange, statusAfterMessage } from './conversation.status.ts';
import * as messages from './message.repo.ts';
import type { MessageRow } from './message.repo.ts';
import { searchLanguageOf } from '../search/search-language.ts';

export interface NewConversation {
  /** The client, with what picks the SLA policy. */
  client: { id: string; tier: string; is_vip: boolean };
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

export interface NewMessage {
  direction: Direction;
  channel: Channel;
  bodyText: string;
  externalId: string | null;
  authorUserId: string | null;
  authorClientId: string | null;
  /** Sanitised HTML (inbound email's, cleaned by channels/email/parse); null for none. */
  bodyHtml?: string | null;
  /** The reply coach's rule ids a checked reply triggered (features/coach); absent: not checked. */
  coachRules?: string[];
}

/** A conversation's first message; `held`: an agent's, waiting for a supervisor's approval. */
export type FirstMessage = Omit<NewMessage, 'direction'> & { held?: boolean };

/**
 * Opens a conversation with its first message: inserts it with what the
 * message means for it (activity, count, excerpt) and its SLA policy and
 * clocks, stores the message, then gives it the workspace's next number and
 * records its creation event (one statement). The number is taken last because it holds the workspace row lock
 * until commit (new conversations of a workspace wait for each other there):
 * call this as the last step of the transaction.
 *
 * A held first message (an agent's that waits for a discount approval) is not
 * stored: the conversation opens as if it were sent (no client waits for an
 * answer), without messages, and the message is appended like any reply once
 * approved.
 */
export async function openConversation(
  tx: Ctx,
  c: NewConversation,
  first: Omit<NewMessage, 'direction'>,
): Promise<{ conversation: ConversationRow; messageId: string }>;
export async function openConversation(
  tx: Ctx,
  c: NewConversation,
  first: FirstMessage,
): Promise<{ conversation: ConversationRow; messageId: string | null }>;
export async function openConversation(
  tx: Ctx,
  c: NewConversation,
  first: FirstMessage,
): Promise<{ conversation: ConversationRow; messageId: string | null }> {
  const now = tx.now();
  // An agent who starts the conversation has already answered it.
  const status = c.direction === 'outbound' ? 'open' : 'new';
  const firstRespondedAt = c.direction === 'outbound' ? now : null;
  const sla = await planConversationSla(tx, {
    priority: c.priority,
    tier: c.client.tier,
    isVip: c.client.is_vip,
    status,
    firstRespondedAt,
  });
  const draft = await repo.insertConversation(tx.db, tx.workspaceId, {
    subject: c.subject,
    client_id: c.client.id,
    channel: c.channel,
    status,
    first_responded_at: firstRespondedAt,
    priority: c.priority,
    team_id: c.teamId,
    assignee_id: c.assigneeId,
    tags: c.tags,
    // What appendMessage would set for this first message.
    message_count: first.held ? 0 : 1,
    last_excerpt: first.held ? '' : excerptOf(first.bodyText),
    last_inbound_at: c.direction === 'inbound' ? now : null,
    last_message_at: now,
    created_at: now,
    updated_at: now,
    sla_policy_id: sla.policyId,
    sla_due_at: sla.dueAt,
    // A subject alone is often too short to tell; with the first message it rarely is.
    language: searchLanguageOf(`${c.subject}\n${first.bodyText}`),
  });
  await writeConversationSla(tx, draft.id, sla);
  // The first message changes no status, and the clocks just planned already
  // count from it, so none of appendMessage's hooks apply.
  const messageId = first.held
    ? null
    : await insertFirstMessage(tx, draft.id, c.direction, first, now);
  // The event's number is filled in by the statement that takes it.
  const created = eventRow(tx, {
    type: 'conversation.created',
    conversationId: draft.id,
    clientId: c.client.id,
    data: {
      after: {
        number: null,
        subject: c.subject,
        channel: c.channel,
        direction: c.direction,
        status,
        priority: c.priority,
        team_id: c.teamId,
        assignee_id: c.assigneeId,
        tags: c.tags,
      },
      ...(c.assigneeId && c.assignedVia ? { assigned_via: c.assignedVia } : {}),
    },
  });
  const conversation = await repo.numberConversation(tx.db, tx.workspaceId, draft.id, created);
  return { conversation, messageId };
}

async function insertFirstMessage(
  tx: Ctx,
  conversationId: string,
  direction: 'inbound' | 'outbound',
  first: FirstMessage,
  now: Date,
) {
  const delivery = deliveryOf(tx, direction, first);
  const { id } = await messages.insertMessage(tx.db, tx.workspaceId, {
    conversation_id: conversationId,
    direction,
    channel: first.channel,
    author_user_id: first.authorUserId,
    author_client_id: first.authorClientId,
    body_text: first.bodyText,
    body_html: first.bodyHtml ?? null,
    external_id: first.externalId,
    created_at: now,
    delivery_state: delivery,
  });
  if (delivery === 'queued') await queueDelivery(tx, id);
  return id;
}

/**
 * Stores a message on a conversation the caller has locked and applies what it
 * means: activity time, count and excerpt, the first response, reopening on a
 * client's message, and the SLA clocks. Returns the conversation's row after it.
 */
export async function appendMessage(
  tx: Ctx,
  conversation: ConversationRecord,
  m: NewMessage,
): Promise<{ messageId: string; message: MessageRow; conversation: ConversationRow }> {
  const now = tx.now();
  const delivery = deliveryOf(tx, m.direction, m);
  const message = await messages.insertMessage(tx.db, tx.workspaceId, {
    conversation_id: conversation.id,
    direction: m.direction,
    channel: m.channel,
    author_user_id: m.authorUserId,
    author_client_id: m.authorClientId,
    body_text: m.bodyText,
    body_html: m.bodyHtml ?? null,
    external_id: m.externalId,
    created_at: now,
    delivery_state: delivery,
    ...(m.coachRules ? { coach_rules: m.coachRules } : {}),
  });
  if (delivery === 'queued') await queueDelivery(tx, message.id);
  // Activity never moves back: an inbound message may be stored a while after it
  // arrived (now is then its arrival), when an agent has answered meanwhile.
  const activityAt =
    conversation.last_message_at.getTime() > now.getTime() ? conversation.last_message_at : now;
  const patch: Updateable<ConversationsTable> = {
    last_message_at: activityAt,
    updated_at: activityAt,
  };
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
  let dueChanged = false;
  if (to && updated.status !== conversation.status) {
    await recordEvent(tx, {
      type: 'conversation.status_changed',
      conversationId: conversation.id,
      byClient: m.direction === 'inbound',
      data: {
        before: { status: conversation.status },
        after: { status: updated.status },
        cause: { message_id: message.id, direction: m.direction },
      },
    });
    await recordStatusForSla(tx, conversation.id, conversation.status, updated.status);
    dueChanged = true;
  }
  if (await recordMessageForSla(tx, conversation.id, m.direction, now, updated)) dueChanged = true;
  // The row the UPDATE returned is the answer, unless the clocks moved sla_due_at since.
  const row = dueChanged
    ? await repo.findConversationRow(tx.db, tx.workspaceId, conversation.id)
    : updated;
  return { messageId: message.id, message, conversation: row ?? updated };
}

/**
 * An agent's reply on email or SMS is queued for its channel's Deliverer
 * (channels/delivery.ts). Not when it carries an external_id (a message
 * imported after it was sent elsewhere), nor in a process without a job queue
 * (the demo seed), where it is recorded as not sent by Rapport.
 */
function deliveryOf(
  tx: Ctx,
  direction: Direction,
  m: { channel: Channel; externalId: string | null },
): 'queued' | 'none' {
  return direction === 'outbound' && !m.externalId && tx.jobs && deliversOutbound(m.channel)
    ? 'queued'
    : 'none';
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
 * since the transaction is already aborted. fn learns whether it is a retry.
 */
export async function retryOnUniqueViolation<T>(
  ctx: Ctx,
  fn: (retry: boolean) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt > 1);
    } catch (err) {
      if (ctx.db.isTransaction || attempt >= 3 || !isUniqueViolation(err)) throw err;
      ctx.log.info({ attempt }, 'lost a race on a unique key; retrying');
    }
  }
}
