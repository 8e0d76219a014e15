// The SQL of the SMS channel: which provider a conversation came through, the
// client's number, and the outbound message a provider's status report is about.
import type { Kysely, Transaction } from 'kysely';
import type { DB, DeliveryState } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Remembers the provider a conversation's messages arrive through (replies leave by it). */
export async function setConversationSmsProvider(
  db: Db,
  workspaceId: string,
  conversationId: string,
  providerId: string,
) {
  await db
    .updateTable('conversations')
    .set({ sms_provider_id: providerId })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .where((eb) =>
      eb.or([eb('sms_provider_id', 'is', null), eb('sms_provider_id', '!=', providerId)]),
    )
    .execute();
}

export async function findConversationSmsProviderId(
  db: Db,
  workspaceId: string,
  conversationId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('conversations')
    .select('sms_provider_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return row?.sms_provider_id ?? null;
}

/** The client's phone number (the oldest one they have), or undefined. */
export async function findClientPhone(db: Db, workspaceId: string, clientId: string) {
  const row = await db
    .selectFrom('client_identities')
    .select('value')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'phone')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.value;
}

/**
 * The outbound SMS a provider's report is about: by the provider's id, stored
 * as external_id when the message.deliver job marked it sent, or by the
 * client_ref Rapport sent (its message id), for a report that overtakes that.
 */
export async function findOutboundSms(
  db: Db,
  workspaceId: string,
  ref: { externalId: string; clientRef?: string },
) {
  return db
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'delivery_state'])
    .where('workspace_id', '=', workspaceId)
    .where('direction', '=', 'outbound')
    .where('channel', '=', 'sms')
    .where((eb) => {
      const byExternalId = eb('external_id', '=', ref.externalId);
      return ref.clientRef && /^[1-9]\d{0,18}$/.test(ref.clientRef)
        ? eb.or([byExternalId, eb('id', '=', ref.clientRef)])
        : byExternalId;
    })
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The states a provider's report may move a message from. Reports may arrive
 * out of order and never move it back; 'sent' is the message.deliver job's to
 * set (channels/delivery.ts), so reports only say delivered or failed.
 */
const EARLIER: Record<'delivered' | 'failed', DeliveryState[]> = {
  delivered: ['queued', 'sent', 'failed'],
  failed: ['queued', 'sent'],
};

/** Records a provider's report on a message; false when it was already there or past it. */
export async function recordProviderReport(
  db: Db,
  workspaceId: string,
  messageId: string,
  to: { state: 'delivered' | 'failed'; error: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({
      delivery_state: to.state,
      delivery_error: to.error,
      delivery_error_code: to.state === 'failed' ? 'not_delivered' : null,
      delivery_updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', messageId)
    .where('delivery_state', 'in', EARLIER[to.state])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
