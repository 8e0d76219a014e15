import { z } from 'zod';
import { ClientTier, Id, Language, PageQuery, Tag, Timestamp, text } from './common.ts';

export const ClientKind = z.enum(['person', 'company']);
export const IdentityKind = z.enum(['email', 'phone']);
export const ClientFieldType = z.enum(['text', 'number', 'date', 'select']);

export const Email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
/** A phone number as people write it ("+36 1 234 5678"); the server keeps "+" and digits. */
export const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[\d\s().\-/]+$/, 'must be a phone number');

/** A custom field value: text, number, date (YYYY-MM-DD) or a select option; null removes it. */
export const CustomFieldValue = z.union([z.string().max(1000), z.number(), z.null()]);
export const CustomFields = z
  .record(z.string().max(50), CustomFieldValue)
  .refine((r) => Object.keys(r).length <= 100, 'at most 100 custom fields')
  .meta({ description: 'Values keyed by custom field definition key; checked against them' });

const clientFields = {
  name: text(200),
  kind: ClientKind,
  company_id: Id.nullable().meta({ description: 'The company this person belongs to' }),
  language: Language.nullable(),
  time_zone: text(64).nullable().meta({ description: 'IANA time zone, e.g. Europe/Budapest' }),
  tier: ClientTier,
  is_vip: z.boolean(),
  tags: z.array(Tag).max(50),
  custom_fields: CustomFields,
};

export const NewClientBody = z
  .object({
    ...clientFields,
    kind: ClientKind.default('person'),
    emails: z.array(Email).max(20).default([]),
    phones: z.array(Phone).max(20).default([]),
  })
  .partial({
    company_id: true,
    language: true,
    time_zone: true,
    tier: true,
    is_vip: true,
    tags: true,
    custom_fields: true,
  })
  .strict();
export type NewClientBody = z.infer<typeof NewClientBody>;

export const PatchClientBody = z.object(clientFields).partial().strict().meta({
  description:
    'Only the fields given change; custom_fields merge into the stored ones (null removes one)',
});
export type PatchClientBody = z.infer<typeof PatchClientBody>;

const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ClientListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Name, email or phone; tolerant of typos; results ranked, one page' }),
  tag: Tag.optional(),
  vip: BooleanQuery.optional(),
  tier: ClientTier.optional(),
  company_id: Id.optional(),
  kind: ClientKind.optional(),
}).strict();
export type ClientListQuery = z.infer<typeof ClientListQuery>;

export const NewIdentityBody = z
  .object({ kind: IdentityKind, value: z.string().trim().min(1).max(254) })
  .strict();

export const MergeBody = z
  .object({ source_id: Id.meta({ description: 'The duplicate that is merged into this client' }) })
  .strict();

export const IdentityParams = z.object({ id: Id, identityId: Id });

export const ClientIdentity = z
  .object({
    id: Id,
    kind: z.enum(['email', 'phone', 'chat']),
    value: z.string(),
    created_at: Timestamp,
  })
  .meta({ id: 'ClientIdentity' });

export const Client = z
  .object({
    id: Id,
    kind: ClientKind,
    name: z.string(),
    company: z.object({ id: Id, name: z.string() }).nullable(),
    language: Language.nullable(),
    time_zone: z.string().nullable(),
    tier: ClientTier,
    is_vip: z.boolean(),
    tags: z.array(z.string()),
    custom_fields: z.record(z.string(), z.union([z.string(), z.number()])),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    identities: z.array(ClientIdentity),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: z.object({ update: z.boolean(), delete: z.boolean(), merge: z.boolean() }),
  })
  .meta({ id: 'Client' });

export const NewNoteBody = z.object({ body: text(10_000) }).strict();

export const ClientNote = z
  .object({
    id: Id,
    client_id: Id,
    author: z.object({ id: Id, name: z.string() }).nullable(),
    body: z.string(),
    created_at: Timestamp,
  })
  .meta({ id: 'ClientNote' });

export const TimelineEvent = z
  .object({
    id: Id,
    type: z.string(),
    actor_kind: z.enum(['user', 'client', 'system']),
    actor_user_id: Id.nullable(),
    actor_name: z
      .string()
      .nullable()
      .meta({ description: 'The name of the acting user (null for a client or the system)' }),
    conversation_id: Id.nullable(),
    client_id: Id.nullable(),
    data: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
  })
  .meta({ id: 'TimelineEvent' });

const FieldKey = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{0,49}$/,
    'must be lower-case letters, digits and "_", starting with a letter',
  );
const Options = z.array(text(100)).max(100);

export const NewClientFieldBody = z
  .object({ key: FieldKey, label: text(100), type: ClientFieldType, options: Options.default([]) })
  .strict();
export type NewClientFieldBody = z.infer<typeof NewClientFieldBody>;

export const PatchClientFieldBody = z
  .object({ label: text(100), options: Options })
  .partial()
  .strict()
  .meta({
    description: 'The key and type of a field never change: they give meaning to stored values',
  });
export type PatchClientFieldBody = z.infer<typeof PatchClientFieldBody>;

export const ClientField = z
  .object({
    id: Id,
    key: z.string(),
    label: z.string(),
    type: ClientFieldType,
    options: z.array(z.string()),
    created_at: Timestamp,
  })
  .meta({ id: 'ClientField' });
