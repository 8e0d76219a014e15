import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '../../../shared/api/common.ts';
import { SmsWebhookAck } from '../../../shared/api/sms-providers.ts';
import { AppError } from '../../errors.ts';
import { SIGNATURE_HEADER } from './signature.ts';
import { receiveInboundSms, receiveSmsStatus } from './sms.service.ts';

const tags = ['sms'];
/** A text is at most a few kB; a larger body is not a provider's webhook. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

const ProviderParams = z.object({
  providerId: Id.meta({ description: "The provider's id, from its webhook URLs" }),
});

/** What both webhooks say about their signature and answers (the OpenAPI description). */
const SIGNED_WEBHOOK =
  'Public: called by the SMS gateway, not a user. The body is JSON (at most 64 kB) and must ' +
  'carry X-Rapport-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with ' +
  "the provider's signing secret>; signatures older than 5 minutes are refused. A missing, " +
  'wrong or old signature is 401 and nothing is stored; an unknown or inactive provider is 404. ' +
  'See docs/channels.md, "SMS".';
const signed = {
  headers: z.object({
    'x-rapport-signature': z
      .string()
      .max(1000)
      .optional()
      .meta({ description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "t.<raw body>">' }),
  }),
};

function hookOf(req: FastifyRequest, providerId: string) {
  const raw = req.body;
  if (!Buffer.isBuffer(raw)) throw new AppError('invalid_json', 'send a JSON body');
  const header = req.headers[SIGNATURE_HEADER];
  return {
    providerId,
    signature: typeof header === 'string' ? header : undefined,
    rawBody: raw,
  };
}

/**
 * The provider's webhooks: public (no session), proven by an HMAC signature
 * over the raw body, which is why this scope keeps bodies as bytes.
 */
export async function registerSmsWebhookRoutes(api: FastifyInstance) {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const secretsOrFail = () => {
      if (!api.secrets) throw new AppError('unavailable', 'this server has no secrets key');
      return api.secrets;
    };

    r.post(
      '/sms/:providerId/inbound',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'Webhook for an SMS provider: a text a client sent (JSON {id, from, to, text}, signed)',
          description:
            `${SIGNED_WEBHOOK} The text is stored once per gateway id (a retried webhook answers ` +
            'with the same message_id); a new number becomes a client; the text joins the ' +
            "client's recent SMS conversation or opens one in the provider's team.",
          params: ProviderParams,
          ...signed,
          response: { 200: SmsWebhookAck, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (req) => {
        const result = await receiveInboundSms(
          api.base,
          secretsOrFail(),
          hookOf(req, req.params.providerId),
        );
        return { ok: true as const, message_id: result.messageId };
      },
    );

    r.post(
      '/sms/:providerId/status',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'Webhook for an SMS provider: a delivery report (JSON {id, status, error?, client_ref?}, signed)',
          description:
            `${SIGNED_WEBHOOK} delivered and failed move the message's delivery state forward ` +
            '(never back); failed records the error and a message.delivery_failed event. queued ' +
            'and sent are acknowledged only. The message is found by the id the gateway gave ' +
            'when it took the text, or by client_ref (the message id Rapport sent); a report about ' +
            'an unknown text is answered 200 with message_id null.',
          params: ProviderParams,
          ...signed,
          response: { 200: SmsWebhookAck, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (req) => {
        const result = await receiveSmsStatus(
          api.base,
          secretsOrFail(),
          hookOf(req, req.params.providerId),
        );
        return { ok: true as const, message_id: result.messageId };
      },
    );
  });
}
