// The Deliverer of each channel whose replies leave Rapport, and the job that
// runs them. Only the job runner imports this file (it pulls every channel in).
import type { Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DeliveryErrorCode } from '../../shared/api/conversations.ts';
import type { DB } from '../db/schema.ts';
import type { JobDefinition, JobDeps } from '../jobs/job-runner.ts';
import { deliverEmail } from './email/outbound/deliver.ts';
import { PermanentSendError } from './email/outbound/send.ts';
import { SmsSendError } from './sms/adapter.ts';
import { sendSmsReply } from './sms/sms.send.ts';
import {
  deliveryErrorCode,
  failDelivery,
  loadQueuedDelivery,
  markDelivery,
  MESSAGE_DELIVER_JOB,
  noteDeliveryError,
  PermanentDeliveryError,
  type DeliverJobData,
  type Deliverer,
} from './delivery.ts';

export const DELIVERERS: readonly Deliverer[] = [
  {
    channel: 'email',
    deliver: (deps, d) => deliverEmail(deps, d),
    isPermanent: (err) => err instanceof PermanentSendError,
  },
  {
    channel: 'sms',
    deliver(deps, d) {
      if (!deps.secrets)
        throw new Error('no secrets key here to open the SMS provider credentials');
      return sendSmsReply(deps.db, deps.secrets, d);
    },
    isPermanent: (err) => err instanceof SmsSendError && !err.retryable,
  },
];

/** Attempts before a reply that keeps failing is marked failed. */
export const DELIVERY_RETRY_LIMIT = 4;

/**
 * Sends one queued message. Idempotent: a message no longer queued (sent by
 * an earlier run) is left alone. A permanent failure, or the last of the
 * retries, marks it failed with an event on the conversation; other failures
 * are noted on the message and thrown so the queue retries later.
 */
export async function runDelivery(
  deps: JobDeps,
  data: DeliverJobData,
  attempt: { retryCount: number; retryLimit: number },
): Promise<'sent' | 'failed' | 'skipped' | 'retry'> {
  const db = deps.database.db as Kysely<DB>;
  const d = await loadQueuedDelivery(db, data.workspaceId, data.messageId);
  if (!d) return 'skipped';
  const ctx: Ctx = {
    workspaceId: d.workspaceId,
    actor: { kind: 'system' },
    db,
    log: deps.log as Ctx['log'],
    now: deps.now,
  };
  const fail = (error: string, code: DeliveryErrorCode) =>
    failDelivery(ctx, { conversationId: d.conversation.id, messageId: d.message.id, error, code });
  const deliverer = DELIVERERS.find((x) => x.channel === d.conversation.channel);
  if (!deliverer) {
    await fail(
      `replies on the ${d.conversation.channel} channel cannot be sent`,
      'channel_unsupported',
    );
    return 'failed';
  }
  try {
    const { externalId } = await deliverer.deliver(
      { db, secrets: deps.secrets, files: deps.files, now: deps.now },
      d,
    );
    await markDelivery(db, d.workspaceId, d.message.id, { state: 'sent', externalId }, deps.now());
    return 'sent';
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const permanent =
      err instanceof PermanentDeliveryError || (deliverer.isPermanent?.(err) ?? false);
    if (permanent || attempt.retryCount >= attempt.retryLimit) {
      deps.log.warn({ err, messageId: d.message.id }, 'reply not delivered');
      await fail(error, deliveryErrorCode(err));
      return 'failed';
    }
    await noteDeliveryError(
      db,
      d.workspaceId,
      d.message.id,
      { message: error, code: deliveryErrorCode(err) },
      deps.now(),
    );
    throw err;
  }
}

export const messageDeliverJob: JobDefinition = {
  name: MESSAGE_DELIVER_JOB,
  retryLimit: DELIVERY_RETRY_LIMIT,
  // 10 s, 20 s, 40 s, 80 s: a mail server that is restarting gets time to come back.
  retryDelaySeconds: 10,
  retryBackoff: true,
  async handle(deps, data, attempt) {
    await runDelivery(deps, data as DeliverJobData, attempt);
  },
};
