import { z } from 'zod';
import { Id, Language, PageQuery, Timestamp, text } from './common.ts';

/** A folder path such as "Delivery/Delays": words separated by "/", no empty parts. */
export const CannedFolder = z
  .string()
  .trim()
  .max(200)
  .transform((v) =>
    v
      .split('/')
      .map((p) => p.trim())
      .filter(Boolean)
      .join('/'),
  )
  .meta({ description: 'Folder path, parts separated by "/" (empty: the top level)' });

/** The word typed after "/" in the composer: lower-case letters, digits and dashes. */
export const CannedShortcut = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u, 'holds letters, digits, "-" and "_" only')
  .meta({
    description: 'Typed after "/" in the composer, e.g. late-delivery',
    example: 'late-delivery',
  });

export const CannedResponseAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'CannedResponseAbilities' });

export const CannedResponse = z
  .object({
    id: Id,
    title: z.string(),
    shortcut: z.string(),
    language: Language,
    folder: z.string(),
    body: z.string(),
    variables: z.array(z.string()).meta({ description: 'The variables the body uses' }),
    usage_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: CannedResponseAbilities,
  })
  .meta({ id: 'CannedResponse' });

export const CannedResponseListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Words in the title, shortcut or body' }),
  language: Language.optional(),
  folder: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'This folder and the folders inside it' }),
}).strict();

export const MAX_CANNED_BODY_CHARS = 10_000;

export const NewCannedResponseBody = z
  .object({
    title: text(200),
    shortcut: CannedShortcut,
    language: Language,
    folder: CannedFolder.default(''),
    body: text(MAX_CANNED_BODY_CHARS),
  })
  .strict();

export const PatchCannedResponseBody = z
  .object({
    title: text(200),
    shortcut: CannedShortcut,
    language: Language,
    folder: CannedFolder,
    body: text(MAX_CANNED_BODY_CHARS),
  })
  .partial()
  .strict();

export const RenderCannedResponseBody = z.object({ conversation_id: Id }).strict();

export const RenderedCannedResponse = z
  .object({
    body_text: z.string(),
    language: Language,
    usage_count: z.number().int(),
  })
  .meta({ id: 'RenderedCannedResponse' });
