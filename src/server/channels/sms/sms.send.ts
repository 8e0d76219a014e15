// Sending an agent's reply by SMS: from the number of the provider the client
// wrote through (else the workspace's first active provider) to the client's number.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  findFirstActiveSmsProvider,
  findSmsProvider,
  type SmsProviderRow,
} from '../../features/sms-providers/sms-provider.repo.ts';
import type { Secrets } from '../../security/secrets.ts';
import { genericHttpAdapter, SmsSendError, type SmsAdapter } from './adapter.ts';
import { outboundExternalId } from './sms.service.ts';
import * as repo from './sms.repo.ts';

/** What a send needs to know of the reply (a subset of the delivery contract's OutboundDelivery). */
export interface SmsReply {
  workspaceId: string;
  message: { id: string; body_text: string };
  conversation: { id: string; client_id: string };
}

/** The adapter for a provider row, its auth header opened from the sealed value. */
export function adapterFor(provider: SmsProviderRow, secrets: Secrets): SmsAdapter {
  const value = provider.auth_header_value_sealed
    ? secrets.open(provider.auth_header_value_sealed)
    : undefined;
  return genericHttpAdapter({
    sendUrl: provider.send_url,
    authHeader:
      provider.auth_header_name && value !== undefined
        ? { name: provider.auth_header_name, value }
        : undefined,
  });
}

/**
 * Sends the reply; returns the external id to store on the message (by which
 * status reports find it). Throws SmsSendError: retryable or not.
 */
export async function sendSmsReply(
  db: Kysely<DB>,
  secrets: Secrets,
  reply: SmsReply,
): Promise<{ externalId: string }> {
  const body = reply.message.body_text.trim();
  if (!body) throw new SmsSendError('an SMS cannot be empty', false, undefined, 'empty_message');
  const providerId = await repo.findConversationSmsProviderId(
    db,
    reply.workspaceId,
    reply.conversation.id,
  );
  let provider = providerId ? await findSmsProvider(db, reply.workspaceId, providerId) : undefined;
  if (!provider || !provider.is_active) {
    provider = await findFirstActiveSmsProvider(db, reply.workspaceId);
  }
  if (!provider) {
    throw new SmsSendError(
      'this workspace has no active SMS provider',
      false,
      undefined,
      'no_sms_provider',
    );
  }
  const to = await repo.findClientPhone(db, reply.workspaceId, reply.conversation.client_id);
  if (!to) {
    throw new SmsSendError('the client has no phone number', false, undefined, 'no_phone_number');
  }
  const { providerMessageId } = await adapterFor(provider, secrets).send({
    from: provider.phone_number,
    to,
    body,
    clientRef: reply.message.id,
  });
  return { externalId: outboundExternalId(provider.id, providerMessageId) };
}
