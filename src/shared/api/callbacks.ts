import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp, text } from './common.ts';
import { Phone } from './clients.ts';

export const CallbackStatus = z.enum(['scheduled', 'done', 'failed', 'cancelled']);

const Ref = z.object({ id: Id, name: z.string() });

export const CallbackAbilities = z
  .object({ update: z.boolean() })
  .meta({ id: 'CallbackAbilities' });

export const Callback = z
  .object({
    id: Id,
    client: Ref,
    conversation_id: Id.nullable(),
    phone: z.string(),
    window_start: Timestamp,
    window_end: Timestamp.nullable(),
    responsible: Ref,
    status: CallbackStatus,
    attempts: z.number().int(),
    outcome: z.string(),
    note: z.string(),
    created_by: Ref.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: CallbackAbilities,
  })
  .meta({ id: 'Callback' });

const RequiredPhone = Phone.min(1, 'must not be empty');

export const NewCallbackBody = z
  .object({
    conversation_id: Id.optional().meta({ description: 'The conversation it was offered in' }),
    client_id: Id.optional().meta({
      description: "Needed without conversation_id; else the conversation's client",
    }),
    phone: RequiredPhone,
    window_start: Timestamp.meta({ description: 'When to call, or the start of the window' }),
    window_end: Timestamp.optional().meta({ description: 'The end of the window, if one' }),
    responsible_id: Id.optional().meta({ description: 'Who calls back; the caller by default' }),
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

export const PatchCallbackBody = z
  .object({
    attempt: z
      .object({ outcome: text(1000) })
      .strict()
      .meta({ description: 'Records one call attempt and what came of it' }),
    status: CallbackStatus.meta({ description: 'done, failed, cancelled, or scheduled again' }),
    window_start: Timestamp,
    window_end: Timestamp.nullable(),
    responsible_id: Id,
    note: z.string().trim().max(2000),
  })
  .partial()
  .strict();

export const CallbackListQuery = z
  .object({
    responsible_id: Id.optional(),
    status: CallbackStatus.optional(),
    conversation_id: Id.optional(),
    client_id: Id.optional(),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();
