import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import { GroupPartlyStored, ItemFailure } from '../../db/group-commit.ts';
import type { Channel, Direction } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../pagination.ts';
import { attachToMessage, listMessageAttachments } from '../attachments/attachment.service.ts';
import {
  checkReplyOnSend,
  recordCoachOverride,
  refuseMisplacedOverride,
} from '../coach/coach.service.ts';
import { queueAnswerNotice } from '../portal/portal-answer.service.ts';
import { checkDiscountOnSend, recordDiscountOnSend } from '../discounts/discount-send.service.ts';
import { queueDelivery } from '../../channels/delivery.ts';
import { recordEvent } from '../events/event.service.ts';
import { proposePromisesFromReply } from '../promises/promise-proposals.service.ts';
import * as repo from './conversation.repo.ts';
import { can } from './conversation.policy.ts';
import { appendMessage, refuseHtml, retryOnUniqueViolation } from './conversation.workflow.ts';
import * as messages from './message.repo.ts';
import type { MessageRow } from './message.repo.ts';
import type { AttachmentRow } from '../attachments/attachment.presenter.ts';
import { appendWhereOnlyCountersChange, ingestInboundBatch } from './ingest-batch.service.ts';
import { excerptOf } from './conversation.status.ts';
import { listMessagesByExternalIds } from './ingest.repo.ts';

const ID = /^[1-9]\d{0,18}$/;
/** The first part of a cursor to newer messages. */
const NEWER = 'newer';

export interface AddMessageInput {
  direction: Direction;
  body_text: string;
  body_html?: string;
  external_id?: string;
  channel?: Channel;
  /** Uploads (POST /attachments) to send with the message. */
  attachment_ids?: string[];
  /** A supervisor sends a reply the reply coach blocks, saying why. */
  coach_override?: { reason: string };
}

/** A message added: the stored row (with the attachments sent with it) and whether it is new. */
export interface AddedMessage {
  message: MessageRow & { attachments?: AttachmentRow[] };
  /** False for a repeat of a stored external_id: nothing was written. */
  created: boolean;
}

/** What a use case sending a reply on someone's behalf adds (not part of the API). */
export interface AddMessageOptions {
  /** The approved discount request whose waiting reply this is: the reply uses it. */
  discountRequestId?: string;
}

/**
 * Adds a message to a conversation: a client's (inbound), an agent's reply
 * (outbound) or an internal note. Idempotent by external_id: a repeat returns
 * the stored message with created = false and stores nothing.
 */
export async function addMessage(
  ctx: Ctx,
  conversationId: string,
  input: AddMessageInput,
  options: AddMessageOptions = {},
): Promise<AddedMessage> {
  // A client's message posted by an integration: concurrent ones share transactions.
  if (ctx.inbound && !ctx.db.isTransaction && isGroupableMessage(input, options)) {
    return ctx.inbound.add(ctx, conversationId, input);
  }
  return addMessageAlone(ctx, conversationId, input, options);
}

/** Whether a message may be added by group commit (addInboundMessages): a client's text. */
export function isGroupableMessage(input: AddMessageInput, options: AddMessageOptions = {}) {
  return (
    input.direction === 'inbound' &&
    input.body_html === undefined &&
    !input.coach_override &&
    !input.attachment_ids?.length &&
    !options.discountRequestId
  );
}

/** addMessage in a transaction of its own (or the caller's), never grouped with others. */
export async function addMessageAlone(
  ctx: Ctx,
  conversationId: string,
  input: AddMessageInput,
  options: AddMessageOptions = {},
): Promise<AddedMessage> {
  refuseHtml('body_html', input.body_html);
  refuseMisplacedOverride(input.direction, input.coach_override);
  const externalId = input.external_id ?? null;
  return retryOnUniqueViolation(ctx, (retry) =>
    withTransaction(ctx, async (tx) => {
      const conversation = await repo.lockConversation(tx.db, tx.workspaceId, conversationId);
      if (!conversation) throw notFound('conversation');
      const action = input.direction === 'note' ? 'note' : 'reply';
      if (!can(tx.actor, action)) throw forbidden();
      const findRepeat = async () => {
        if (!externalId) return undefined;
        return messages.findMessageByExternalId(tx.db, tx.workspaceId, externalId);
      };
      // A repeat is rare: the unique index on external_id refuses it, and the retry
      // (or a caller's transaction, which cannot retry) looks it up first.
      const repeat = retry || ctx.db.isTransaction ? await findRepeat() : undefined;
      if (repeat) return { message: repeat, created: false };
      if (!can(tx.actor, action, conversation)) {
        const stored = await findRepeat();
        if (stored) return { message: stored, created: false };
        throw conflict('the conversation is closed: reopen it before adding messages');
      }
      // A user's reply is checked by the reply coach again (the composer checked it as typed);
      // notes are internal and the system's messages are not an agent's words.
      const verdict =
        input.direction === 'outbound' && tx.actor.kind === 'user'
          ? await checkReplyOnSend(tx, conversation.id, input.body_text, input.coach_override)
          : undefined;
      // A discount above the sender's authority needs a supervisor's approval (422 otherwise).
      const discount =
        input.direction === 'outbound' && tx.actor.kind === 'user'
          ? await checkDiscountOnSend(tx, conversation.id, input.body_text, {
              requestId: options.discountRequestId,
            })
          : undefined;
      const { message } = await appendMessage(tx, conversation, {
        direction: input.direction,
        channel: input.channel ?? conversation.channel,
        bodyText: input.body_text,
        externalId,
        authorUserId: input.direction === 'inbound' ? null : actorUserId(tx),
        authorClientId: input.direction === 'inbound' ? conversation.client_id : null,
        ...(verdict ? { coachRules: verdict.rules } : {}),
      });
      if (verdict?.override)
        await recordCoachOverride(tx, conversation.id, message.id, verdict.override);
      // An agent's reply may promise something ("I'll call you back in 10 minutes"): propose it.
      await proposePromisesFromReply(tx, message);
      if (discount) await recordDiscountOnSend(tx, discount, message, conversation.client_id);
      // A request made in the portal: its client is emailed that an answer waits there.
      if (tx.actor.kind === 'user') await queueAnswerNotice(tx, conversation, message);
      const attachments = await attachToMessage(tx, message.id, input.attachment_ids ?? []);
      return { message: { ...message, attachments }, created: true };
    }),
  );
}

/** A messages cursor: [id] continues older than the id, ['newer', id] newer than it. */
function decodeMessageCursor(cursor: string): { direction: 'older' | 'newer'; id: string } {
  const key = decodeCursor(cursor, [1, 2]);
  const direction = key.length === 1 ? 'older' : key[0];
  const id = key.at(-1);
  if ((direction !== 'older' && direction !== NEWER) || typeof id !== 'string' || !ID.test(id))
    throw invalid({ cursor: 'is not a cursor from this list' });
  return { direction, id };
}

/**
 * Sends again a reply whose delivery failed for good (a mailbox or provider
 * fixed since): the same message is queued again, so nothing it did (the
 * approval it used, the discount and promises it recorded) is done twice.
 * 404 for another conversation's message, 409 unless its delivery failed.
 */
export async function resendMessage(ctx: Ctx, conversationId: string, messageId: string) {
  return withTransaction(ctx, async (tx) => {
    const conversation = await repo.lockConversation(tx.db, tx.workspaceId, conversationId);
    if (!conversation) throw notFound('conversation');
    if (!can(tx.actor, 'reply')) throw forbidden();
    const message = await messages.findMessage(tx.db, tx.workspaceId, messageId);
    if (!message || message.conversation_id !== conversationId) throw notFound('message');
    if (!can(tx.actor, 'reply', conversation))
      throw conflict('the conversation is closed: reopen it before sending again');
    const now = tx.now();
    const requeued = await messages.requeueFailedMessage(
      tx.db,
      tx.workspaceId,
      conversationId,
      messageId,
      now,
    );
    if (!requeued)
      throw conflict(
        `only a reply whose delivery failed is sent again; this one is ${message.delivery_state}`,
        {
          messageId: `is ${message.direction === 'outbound' ? message.delivery_state : message.direction}`,
        },
      );
    await queueDelivery(tx, messageId);
    await recordEvent(tx, {
      type: 'message.delivery_retried',
      conversationId,
      data: { message_id: messageId, after_error: message.delivery_error_code },
    });
    const stored = (await messages.findMessage(tx.db, tx.workspaceId, messageId))!;
    const attachments = await listMessageAttachments(tx, [messageId]);
    return { ...stored, attachments: attachments.get(messageId) ?? [] };
  });
}

/**
 * A page of the conversation's messages, newest first: the newest page, the
 * page a cursor continues to (older or newer), or the page around one message
 * (`around`, for a link to it). next_cursor goes older, prev_cursor newer.
 */
export async function listMessages(
  ctx: Ctx,
  conversationId: string,
  input: { limit: number; cursor?: string; around?: string },
) {
  const conversation = await repo.findConversation(ctx.db, ctx.workspaceId, conversationId);
  if (!conversation) throw notFound('conversation');
  if (!can(ctx.actor, 'read', conversation)) throw forbidden();
  const { limit } = input;
  const from = input.cursor ? decodeMessageCursor(input.cursor) : undefined;
  // Newest first, and whether there are messages past each end.
  let rows: MessageRow[];
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (input.around) {
    // Half the page newer than the message (25 of 50), the message and the rest older.
    const newerCount = Math.floor(limit / 2);
    const olderCount = limit - 1 - newerCount;
    const found = await messages.listMessagesAround(
      ctx.db,
      ctx.workspaceId,
      conversationId,
      input.around,
      { older: olderCount, newer: newerCount },
    );
    if (!found) throw notFound('message');
    hasOlder = found.older.length > olderCount + 1;
    hasNewer = found.newer.length > newerCount;
    rows = [...found.newer.slice(0, newerCount).reverse(), ...found.older.slice(0, olderCount + 1)];
  } else if (from?.direction === 'newer') {
    const after = await messages.listMessagesAfter(
      ctx.db,
      ctx.workspaceId,
      conversationId,
      limit,
      from.id,
    );
    hasNewer = after.length > limit;
    // The cursor's own message is older than this page.
    hasOlder = true;
    rows = after.slice(0, limit).reverse();
  } else {
    const before = await messages.listMessages(
      ctx.db,
      ctx.workspaceId,
      conversationId,
      limit,
      from?.id,
    );
    hasOlder = before.length > limit;
    // A cursor's own message is newer than this page; without one this is the newest.
    hasNewer = from !== undefined;
    rows = before.slice(0, limit);
  }
  const attachments = await listMessageAttachments(
    ctx,
    rows.map((r) => r.id),
  );
  const oldest = rows.at(-1);
  const newest = rows[0];
  return {
    items: rows.map((r) => ({ ...r, attachments: attachments.get(r.id) ?? [] })),
    next_cursor: hasOlder && oldest ? encodeCursor([oldest.id]) : null,
    prev_cursor: hasNewer && newest ? encodeCursor([NEWER, newest.id]) : null,
  };
}

/** Thrown inside a group when one of its messages needs addMessage's own answer. */
export class NotGroupable extends Error {}

/**
 * addMessage for several clients' messages (each isGroupableMessage) in one transaction,
 * in the order given: their conversations locked in the order of their ids, then
 * written by ingestInboundBatch's multi-row statements. Idempotent by external_id, as
 * addMessage. A group where a conversation is missing or closed fails whole, so that
 * each message gets addMessage's own answer (the group commit then adds them one by one).
 */
export async function addInboundMessages(
  ctx: Ctx,
  items: { conversationId: string; input: AddMessageInput; receivedAt?: Date }[],
): Promise<AddedMessage[]> {
  if (!can(ctx.actor, 'reply')) throw forbidden();
  if (ctx.db.isTransaction) return addInboundInTransaction(ctx, items);
  // Messages that change nothing but their conversations' counters: one statement.
  const appended = await appendWhereOnlyCountersChange(
    ctx,
    0,
    items.map(({ conversationId, input, receivedAt }) => ({
      conversationId,
      channel: input.channel ?? null,
      bodyText: input.body_text,
      excerpt: excerptOf(input.body_text),
      externalId: input.external_id ?? null,
      at: receivedAt ?? ctx.now(),
    })),
  );
  const out: AddedMessage[] = new Array(items.length);
  if (appended.length) {
    const rows = new Map(
      (
        await messages.listMessagesByIds(
          ctx.db,
          ctx.workspaceId,
          appended.map((a) => a.message_id),
        )
      ).map((m) => [m.id, m]),
    );
    for (const a of appended) {
      out[a.ord] = { message: { ...rows.get(a.message_id)!, attachments: [] }, created: true };
    }
  }
  const rest = items.flatMap((_, i) => (out[i] ? [] : [i]));
  if (rest.length === 0) return out;
  try {
    const more = await addInboundInTransaction(
      ctx,
      rest.map((i) => items[i]!),
    );
    rest.forEach((i, n) => (out[i] = more[n]!));
    return out;
  } catch (err) {
    // Nothing stored: the caller may add the group again one by one.
    if (appended.length === 0) throw err;
  }
  // Part of the group is stored: the rest one by one, each with its own answer.
  const results: (AddedMessage | ItemFailure)[] = [...out];
  for (const i of rest) {
    const { conversationId, input } = items[i]!;
    try {
      results[i] = await addMessageAlone(ctx, conversationId, input);
    } catch (err) {
      results[i] = new ItemFailure(err);
    }
  }
  if (results.some((r) => r instanceof ItemFailure)) throw new GroupPartlyStored(results);
  return results as AddedMessage[];
}

/**
 * A client's message posted alone (isGroupableMessage): in one statement when it changes
 * nothing but its conversation's counters, else as addMessage does.
 */
export async function addInboundMessageAlone(
  ctx: Ctx,
  conversationId: string,
  input: AddMessageInput,
): Promise<AddedMessage> {
  if (can(ctx.actor, 'reply') && !ctx.db.isTransaction) {
    const [appended] = await appendWhereOnlyCountersChange(ctx, 0, [
      {
        conversationId,
        channel: input.channel ?? null,
        bodyText: input.body_text,
        excerpt: excerptOf(input.body_text),
        externalId: input.external_id ?? null,
        at: ctx.now(),
      },
    ]);
    const message =
      appended && (await messages.findMessage(ctx.db, ctx.workspaceId, appended.message_id));
    if (message) return { message: { ...message, attachments: [] }, created: true };
  }
  return addMessageAlone(ctx, conversationId, input);
}

/** addInboundMessages in one transaction (the caller's, or its own). */
async function addInboundInTransaction(
  ctx: Ctx,
  items: { conversationId: string; input: AddMessageInput; receivedAt?: Date }[],
): Promise<AddedMessage[]> {
  return withTransaction(ctx, async (tx) => {
    const locked = new Map(
      (
        await repo.lockConversations(tx.db, tx.workspaceId, [
          ...new Set(items.map((i) => i.conversationId)),
        ])
      ).map((c) => [c.id, c]),
    );
    for (const item of items) {
      const conversation = locked.get(item.conversationId);
      if (!conversation || !can(tx.actor, 'reply', conversation)) throw new NotGroupable();
    }
    const stored = new Map(
      (
        await listMessagesByExternalIds(tx.db, tx.workspaceId, [
          ...new Set(items.flatMap((i) => (i.input.external_id ? [i.input.external_id] : []))),
        ])
      ).map((m) => [m.external_id!, m.id]),
    );
    const firstWith = new Map<string, number>();
    const fresh: number[] = [];
    items.forEach((item, i) => {
      const externalId = item.input.external_id;
      if (externalId && (stored.has(externalId) || firstWith.has(externalId))) return;
      if (externalId) firstWith.set(externalId, i);
      fresh.push(i);
    });
    const results = await ingestInboundBatch(
      tx,
      fresh.map((i) => {
        const { conversationId, input, receivedAt } = items[i]!;
        const conversation = locked.get(conversationId)!;
        return {
          client_id: conversation.client_id,
          channel: input.channel ?? conversation.channel,
          subject: conversation.subject,
          body_text: input.body_text,
          external_id: input.external_id ?? null,
          team_id: null,
          thread: { conversation },
          received_at: receivedAt,
        };
      }),
    );
    const messageIds = new Map(fresh.map((i, n) => [i, results[n]!.messageId]));
    const idOf = (i: number) => {
      const externalId = items[i]!.input.external_id;
      return (
        messageIds.get(i) ?? stored.get(externalId!) ?? messageIds.get(firstWith.get(externalId!)!)!
      );
    };
    const rows = new Map(
      (
        await messages.listMessagesByIds(tx.db, tx.workspaceId, [
          ...new Set(items.map((_, i) => idOf(i))),
        ])
      ).map((m) => [m.id, m]),
    );
    return items.map((_, i) => ({
      message: { ...rows.get(idOf(i))!, attachments: [] },
      created: messageIds.has(i),
    }));
  });
}
