import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
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
) {
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
