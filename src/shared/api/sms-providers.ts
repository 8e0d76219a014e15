import { z } from 'zod';
import { Id, Timestamp, text } from './common.ts';

/** A phone number in E.164: "+", then 7 to 15 digits. */
export const E164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. +34600111222')
  .meta({ description: 'E.164 phone number', example: '+34600111222' });

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .url('must be a URL')
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http or https URL');

/** An HTTP header name (RFC 9110 token). */
const HeaderName = z
  .string()
  .trim()
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name, e.g. Authorization');

export const SmsProviderAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'SmsProviderAbilities' });

/** A provider as the API shows it: secrets are never returned, only whether they are set. */
export const SmsProvider = z
  .object({
    id: Id,
    name: z.string(),
    kind: z.enum(['generic_http']),
    phone_number: z.string(),
    send_url: z.string(),
    auth_header_name: z.string().nullable(),
    has_auth_header_value: z.boolean(),
    default_team_id: Id.nullable(),
    is_active: z.boolean(),
    webhooks: z.object({
      inbound_url: z.string().meta({ description: 'Where the provider posts received texts' }),
      status_url: z.string().meta({ description: 'Where the provider posts delivery reports' }),
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: SmsProviderAbilities,
  })
  .meta({ id: 'SmsProvider' });

/** Returned once, on create and when the signing secret is rotated. */
export const SmsProviderWithSecret = SmsProvider.extend({
  webhook_secret: z.string().meta({ description: 'Signs the webhooks; shown only now' }),
}).meta({ id: 'SmsProviderWithSecret' });

export const NewSmsProviderBody = z
  .object({
    name: text(200),
    kind: z.enum(['generic_http']).default('generic_http'),
    phone_number: E164,
    send_url: HttpUrl,
    auth_header_name: HeaderName.optional(),
    auth_header_value: z.string().max(4000).optional(),
    webhook_secret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(200)
      .optional()
      .meta({ description: 'Given by the provider, or made up by Rapport when left out' }),
    default_team_id: Id.nullable().optional(),
    is_active: z.boolean().default(true),
  })
  .strict();

export const PatchSmsProviderBody = z
  .object({
    name: text(200),
    phone_number: E164,
    send_url: HttpUrl,
    auth_header_name: HeaderName.nullable(),
    auth_header_value: z.string().max(4000).nullable(),
    webhook_secret: z.string().min(16, 'must be at least 16 characters').max(200),
    rotate_webhook_secret: z.literal(true),
    default_team_id: Id.nullable(),
    is_active: z.boolean(),
  })
  .partial()
  .strict();

/** What the provider posts when a text arrives. */
export const SmsInboundBody = z.object({
  id: z.string().trim().min(1).max(200),
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  text: z.string().max(20000),
});

/** What the provider posts when a sent text's state changes. */
export const SmsStatusBody = z.object({
  id: z.string().trim().min(1).max(200),
  status: z.enum(['queued', 'sent', 'delivered', 'failed']),
  error: z.string().max(1000).optional(),
  client_ref: z
    .string()
    .max(40)
    .nullish()
    .meta({ description: 'The client_ref Rapport sent with the text, if the provider echoes it' }),
});

export const SmsWebhookAck = z.object({ ok: z.literal(true), message_id: Id.nullable() });
