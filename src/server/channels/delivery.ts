// Outbound delivery: an agent's reply on a channel that leaves Rapport (email,
// SMS) is stored with delivery_state 'queued' and a message.deliver job in the
// same transaction; the job hands it to the channel's Deliverer and records
// the outcome. Nothing here imports a channel, so the conversation workflow can
// ask deliversOutbound() without pulling every channel in (deliverers.ts does).
import type { Kysely } from 'kysely';
import type { DeliveryErrorCode } from '../../shared/api/conversations.ts';
import { jobsOf, withTransaction, type Ctx } from '../context.ts';
import type { Channel, DB, DeliveryState } from '../db/schema.ts';
import { recordEvent } from '../features/events/event.service.ts';
import type { Secrets } from '../security/secrets.ts';
import type { FileStorage } from '../storage/file-storage.ts';

/** The job that sends one queued message. */
export const MESSAGE_DELIVER_JOB = 'message.deliver';

/** Channels whose outbound messages a Deliverer sends (see deliverers.ts). */
const DELIVERED_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['email', 'sms']);

/** Whether an agent's reply on this channel is sent by a Deliverer. */
export function deliversOutbound(channel: Channel): boolean {
  return DELIVERED_CHANNELS.has(channel);
}

/** Everything a Deliverer needs to know about the reply it sends. */
export interface OutboundDelivery {
  workspaceId: string;
  message: {
    id: string;
    body_text: string;
    created_at: Date;
    attachments: { id: string; filename: string; content_type: string; size_bytes: number }[];
  };
  conversation: {
    id: string;
    number: number;
    subject: string;
    channel: Channel;
    client_id: string;
  };
  client: { id: string; name: string; language: string | null };
  author: { id: string; name: string } | null;
}

/** What a Deliverer may use: the database, the secrets, the attachment files. */
export interface DeliveryDeps {
  db: Kysely<DB>;
  secrets?: Secrets;
  files?: FileStorage;
  now: () => Date;
}

/** Sends a channel's replies. Throws PermanentDeliveryError when retrying cannot help. */
export interface Deliverer {
  channel: Channel;
  deliver(deps: DeliveryDeps, d: OutboundDelivery): Promise<{ externalId?: string }>;
  /** Whether an error the channel threw is permanent (a wrong address); default: PermanentDeliveryError only. */
  isPermanent?(err: unknown): boolean;
}

/** A failure that retrying will not fix (no mailbox, no address, refused recipient). */
export class PermanentDeliveryError extends Error {}

/**
 * An error that says why, as a code (the channels' own errors carry one); the
 * agent app words the code in the agent's language.
 */
export interface CodedDeliveryError {
  deliveryCode?: DeliveryErrorCode;
}

/** Network errors (Node's and nodemailer's codes): the server could not be reached. */
const UNREACHABLE = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'EDNS',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ESOCKET',
  'ETIMEDOUT',
]);

/** Why a delivery attempt failed, as a code: the error's own, else read off a network error. */
export function deliveryErrorCode(err: unknown): DeliveryErrorCode {
  const e = (err ?? {}) as CodedDeliveryError & { code?: unknown; responseCode?: unknown };
  if (e.deliveryCode) return e.deliveryCode;
  if (e.code === 'EAUTH') return 'auth_failed';
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return 'server_unreachable';
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return 'refused';
  return 'other';
}

/** The job's data. */
export interface DeliverJobData {
  workspaceId: string;
  messageId: string;
}

/**
 * Marks a just-written outbound message for delivery and queues its job in
 * the same transaction. A process without a job queue (a test app started
 * without jobs) leaves it queued; the next process with one does not pick it
 * up by itself, so that is logged.
 */
export async function queueDelivery(tx: Ctx, messageId: string): Promise<void> {
  const data: DeliverJobData = { workspaceId: tx.workspaceId, messageId };
  if (!tx.jobs) {
    tx.log.warn({ messageId }, 'no job queue in this process: the reply stays queued');
    return;
  }
  await jobsOf(tx).sendWith(tx.db, MESSAGE_DELIVER_JOB, data);
}

/**
 * Moves a queued message to 'sent' (with the channel's id for it) or
 * 'failed'; only from 'queued', so a late retry never undoes a later state.
 * Returns whether it moved.
 */
export async function markDelivery(
  db: Kysely<DB>,
  workspaceId: string,
  messageId: string,
  to: {
    state: Extract<DeliveryState, 'sent' | 'failed'>;
    externalId?: string;
    error?: string;
    code?: DeliveryErrorCode;
  },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set((eb) => ({
      delivery_state: to.state,
      delivery_error: to.error ?? null,
      delivery_error_code: to.code ?? null,
      delivery_updated_at: now,
      external_id: to.externalId ?? eb.ref('external_id'),
    }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', messageId)
    .where('delivery_state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records why the last attempt failed while the message stays queued for a retry. */
export async function noteDeliveryError(
  db: Kysely<DB>,
  workspaceId: string,
  messageId: string,
  error: { message: string; code: DeliveryErrorCode },
  now: Date,
) {
  await db
    .updateTable('messages')
    .set({
      delivery_error: error.message,
      delivery_error_code: error.code,
      delivery_updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', messageId)
    .where('delivery_state', '=', 'queued')
    .execute();
}

/** Reads what a Deliverer needs about a queued message; undefined when it is not queued (done already). */
export async function loadQueuedDelivery(
  db: Kysely<DB>,
  workspaceId: string,
  messageId: string,
): Promise<OutboundDelivery | undefined> {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'm.workspace_id').onRef('c.id', '=', 'm.conversation_id'),
    )
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'm.workspace_id').onRef('u.id', '=', 'm.author_user_id'),
    )
    .select([
      'm.id',
      'm.body_text',
      'm.created_at',
      'm.channel',
      'm.delivery_state',
      'c.id as conversation_id',
      'c.number',
      'c.subject',
      'c.client_id',
      'cl.name as client_name',
      'cl.language as client_language',
      'u.id as author_id',
      'u.name as author_name',
    ])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  if (!row || row.delivery_state !== 'queued') return undefined;
  const attachments = await db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'size_bytes'])
    .where('workspace_id', '=', workspaceId)
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
  return {
    workspaceId,
    message: {
      id: row.id,
      body_text: row.body_text,
      created_at: row.created_at,
      attachments: attachments.map((a) => ({ ...a, size_bytes: Number(a.size_bytes) })),
    },
    conversation: {
      id: row.conversation_id,
      number: Number(row.number),
      subject: row.subject,
      // The message's channel: a reply by SMS on a conversation that began by email leaves by SMS.
      channel: row.channel,
      client_id: row.client_id,
    },
    client: { id: row.client_id, name: row.client_name, language: row.client_language },
    author: row.author_id && row.author_name ? { id: row.author_id, name: row.author_name } : null,
  };
}

/** A Deliverer failed for good: the message is marked failed and the timeline says why. */
export async function failDelivery(
  ctx: Ctx,
  d: { conversationId: string; messageId: string; error: string; code: DeliveryErrorCode },
) {
  await withTransaction(ctx, async (tx) => {
    const moved = await markDelivery(
      tx.db as Kysely<DB>,
      tx.workspaceId,
      d.messageId,
      { state: 'failed', error: d.error, code: d.code },
      tx.now(),
    );
    if (!moved) return;
    await recordEvent(tx, {
      type: 'message.delivery_failed',
      conversationId: d.conversationId,
      data: { message_id: d.messageId, error: d.error, code: d.code },
    });
  });
}
