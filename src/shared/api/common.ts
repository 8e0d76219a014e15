import { z } from 'zod';
import { CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from './constants.ts';

const INT8_MAX = 9223372036854775807n;

/** An object id: a positive 64-bit integer written as a decimal string. */
export const Id = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'must be an id')
  // zod runs refinements even after the regex failed: BigInt('abc') would throw.
  .refine((v) => /^\d+$/.test(v) && BigInt(v) <= INT8_MAX, 'must be an id')
  .meta({ description: 'Object id (decimal string)', example: '42' });

export const IdParams = z.object({ id: Id });

/** A trimmed, bounded, non-empty string. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const Timestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 time (UTC)' });

export const Language = z.enum(['en', 'es', 'hu', 'ro', 'kk', 'ru']);
export type Language = z.infer<typeof Language>;

export const Role = z.enum(['agent', 'supervisor', 'admin']);
export const Channel = z.enum(CHANNELS);
export const ConversationStatus = z.enum(CONVERSATION_STATUSES);
export const Priority = z.enum(PRIORITIES);
export const ClientTier = z.enum(['regular', 'premium', 'key']);

/** A tag: lower-case words, digits, dashes and underscores, in any script. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_\-:]+$/u, 'tags hold letters, digits, "-", "_" and ":" only');

export const Limit = z.coerce.number().int().min(1).max(100).default(25);
export const Cursor = z.string().max(500).optional();

/** Query parameters every keyset-paginated list accepts. */
export const PageQuery = z.object({ limit: Limit, cursor: Cursor });

/** The shape of every list response. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

/** The shape of every error response. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });
