// What the SMS webhooks do: check the provider's signature, then store a
// received text (once, whatever the retries) or a delivery report.
import { SmsInboundBody, SmsStatusBody } from '../../../shared/api/sms-providers.ts';
import { withTransaction, type Ctx } from '../../context.ts';
import type { BaseCtx } from '../../features/auth/auth.service.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { isPhoneNumber, normalisePhone } from '../../features/clients/client.service.ts';
import { updateConversation } from '../../features/conversations/conversation.service.ts';
import { ingestInbound } from '../../features/conversations/ingest-many.service.ts';
import { recordEvent } from '../../features/events/event.service.ts';
import {
  unscopedFindSmsProvider,
  type SmsProviderRow,
} from '../../features/sms-providers/sms-provider.repo.ts';
import type { Secrets } from '../../security/secrets.ts';
import { verifyWebhook } from './signature.ts';
import * as repo from './sms.repo.ts';

/** The external id of a received text: one message per provider and provider id. */
export const inboundExternalId = (providerId: string, id: string) => `sms:${providerId}:${id}`;
/** The external id of a sent text, by which its status reports find it. */
export const outboundExternalId = (providerId: string, id: string) => `sms-out:${providerId}:${id}`;

interface Webhook {
  providerId: string;
  signature: string | undefined;
  rawBody: Buffer;
}

/**
 * The provider the webhook names, once its signature is proven: unknown or
 * inactive → 404; a missing, wrong or old signature → 401, nothing stored.
 */
async function authenticateWebhook(base: BaseCtx, secrets: Secrets, hook: Webhook) {
  const provider = /^[1-9]\d{0,18}$/.test(hook.providerId)
    ? await unscopedFindSmsProvider(base.db, hook.providerId)
    : undefined;
  if (!provider || !provider.is_active) throw notFound('SMS provider');
  const check = verifyWebhook(
    secrets.open(provider.webhook_secret_sealed),
    hook.signature,
    hook.rawBody,
    base.now(),
  );
  if (check !== 'ok') {
    base.log.warn({ providerId: provider.id, check }, 'SMS webhook refused: bad signature');
    throw new AppError(
      'unauthenticated',
      check === 'expired'
        ? 'the signature is too old (more than 5 minutes)'
        : `the X-Rapport-Signature header is ${check === 'missing' ? 'missing' : 'wrong'}`,
    );
  }
  return provider;
}

function parseJson<T>(
  rawBody: Buffer,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodLikeError };
  },
): T {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new AppError('invalid_json', 'the body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      fields[issue.path.join('.') || 'body'] = issue.message;
    }
    throw invalid(fields);
  }
  return parsed.data;
}

interface ZodLikeError {
  issues: { path: PropertyKey[]; message: string }[];
}

function systemCtx(base: BaseCtx, provider: SmsProviderRow): Ctx {
  return {
    workspaceId: provider.workspace_id,
    actor: { kind: 'system' },
    db: base.db,
    log: base.log,
    now: base.now,
    jobs: base.jobs,
    secrets: base.secrets,
    inbound: base.inbound,
  };
}

/** Stores a text a client sent to the provider's number. Idempotent by the provider's id. */
export async function receiveInboundSms(base: BaseCtx, secrets: Secrets, hook: Webhook) {
  const provider = await authenticateWebhook(base, secrets, hook);
  const body = parseJson(hook.rawBody, SmsInboundBody);
  const from = normalisePhone(body.from);
  if (!isPhoneNumber(from)) throw invalid({ from: 'must be a phone number' });
  if (!body.text.trim()) throw invalid({ text: 'must not be empty' });
  const ctx = systemCtx(base, provider);
  if (normalisePhone(body.to) !== provider.phone_number) {
    ctx.log.warn(
      { providerId: provider.id, to: body.to },
      "SMS to a number that is not the provider's",
    );
  }
  // Texts a provider posts at once share transactions (group commit); one alone goes at once.
  const result = await ingestInbound(ctx, {
    contact: { phone: from },
    channel: 'sms',
    subject: firstLine(body.text),
    body_text: body.text,
    external_id: inboundExternalId(provider.id, body.id),
  });
  await repo.setConversationSmsProvider(
    ctx.db,
    ctx.workspaceId,
    result.conversationId,
    provider.id,
  );
  // A text opens its conversation in no team: into the provider's team's queue, where the
  // team's own rules (or a supervisor) assign it.
  if (result.conversationCreated && provider.default_team_id) {
    try {
      await updateConversation(ctx, result.conversationId, {
        team_id: provider.default_team_id,
      });
    } catch (err) {
      // The text is stored; a team that cannot take it leaves it unassigned.
      ctx.log.warn({ err, providerId: provider.id }, 'SMS conversation not routed to its team');
    }
  }
  return { messageId: result.messageId as string | null, created: result.created };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * Records a provider's delivery report on the message it is about: delivered,
 * or failed with the reason and a message.delivery_failed event (the same
 * event the message.deliver job writes when a send fails). "queued" and
 * "sent" are acknowledged only: the job marks a message sent when the
 * provider took it. A report about a text Rapport does not know is
 * acknowledged and ignored, so the provider does not retry it forever.
 */
export async function receiveSmsStatus(base: BaseCtx, secrets: Secrets, hook: Webhook) {
  const provider = await authenticateWebhook(base, secrets, hook);
  const body = parseJson(hook.rawBody, SmsStatusBody);
  const ctx = systemCtx(base, provider);
  const message = await repo.findOutboundSms(ctx.db, ctx.workspaceId, {
    externalId: outboundExternalId(provider.id, body.id),
    clientRef: body.client_ref ?? undefined,
  });
  if (!message) return { messageId: null };
  const status = body.status;
  if (status !== 'delivered' && status !== 'failed') return { messageId: message.id };
  const error =
    status === 'failed' ? body.error?.trim() || 'the SMS provider reported a failure' : null;
  await withTransaction(ctx, async (tx) => {
    const moved = await repo.recordProviderReport(
      tx.db,
      tx.workspaceId,
      message.id,
      { state: status, error },
      tx.now(),
    );
    if (moved && status === 'failed') {
      await recordEvent(tx, {
        type: 'message.delivery_failed',
        conversationId: message.conversation_id,
        data: { message_id: message.id, error, code: 'not_delivered' },
      });
    }
  });
  return { messageId: message.id };
}
