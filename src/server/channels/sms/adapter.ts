// The SMS adapter: how Rapport hands a text to a provider. One generic HTTP
// provider for now; another kind (a vendor's own API) implements SmsAdapter.

import type { DeliveryErrorCode } from '../../../shared/api/conversations.ts';

/** One text to send. */
export interface SmsMessage {
  /** The provider's number (E.164). */
  from: string;
  /** The client's number (E.164). */
  to: string;
  body: string;
  /** Rapport's reference for the text (its message id): the provider may echo it. */
  clientRef?: string;
}

export interface SmsAdapter {
  /** Sends the text; throws SmsSendError (retryable or not). */
  send(msg: SmsMessage): Promise<{ providerMessageId: string }>;
}

/**
 * A failed send. Retryable: the provider or the network failed (5xx, 429,
 * timeout, refused connection), a later try may pass. Not retryable: the
 * provider refused the text itself (4xx), a retry would be refused again.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly deliveryCode: DeliveryErrorCode = 'provider_error',
  ) {
    super(message);
  }
}

export interface GenericHttpConfig {
  sendUrl: string;
  /** The auth header sent with every request (e.g. Authorization: Bearer …). */
  authHeader?: { name: string; value: string };
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The generic HTTP provider: POST {from, to, text, client_ref} as JSON to the
 * send URL; a 2xx answer carries the provider's id for the text as "id"
 * (or "message_id").
 */
export function genericHttpAdapter(config: GenericHttpConfig): SmsAdapter {
  return {
    async send(msg) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
      };
      if (config.authHeader) headers[config.authHeader.name] = config.authHeader.value;
      let res: Response;
      try {
        res = await fetch(config.sendUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            from: msg.from,
            to: msg.to,
            text: msg.body,
            client_ref: msg.clientRef ?? null,
          }),
          redirect: 'error',
          signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (err) {
        throw new SmsSendError(
          `the SMS provider could not be reached: ${describe(err)}`,
          true,
          undefined,
          'server_unreachable',
        );
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
        throw new SmsSendError(
          `the SMS provider answered ${res.status}: ${text.slice(0, 300)}`,
          retryable,
          res.status,
        );
      }
      let id: unknown;
      try {
        const json = JSON.parse(text) as { id?: unknown; message_id?: unknown };
        id = json.id ?? json.message_id;
      } catch {
        id = undefined;
      }
      if ((typeof id !== 'string' && typeof id !== 'number') || String(id).length === 0) {
        // Sent, but we cannot match its status reports: not worth a second text.
        throw new SmsSendError('the SMS provider answered without a message id', false, res.status);
      }
      return { providerMessageId: String(id).slice(0, 200) };
    },
  };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
