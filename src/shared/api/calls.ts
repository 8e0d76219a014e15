import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp } from './common.ts';
import { Phone } from './clients.ts';

export const CallDirection = z.enum(['inbound', 'outbound']);
export const CallOutcome = z.enum(['answered', 'no_answer', 'busy', 'voicemail', 'failed']);

const Ref = z.object({ id: Id, name: z.string() });

export const CallAbilities = z.object({ update: z.boolean() }).meta({ id: 'CallAbilities' });

export const Call = z
  .object({
    id: Id,
    direction: CallDirection,
    phone: z.string().meta({ description: 'Normalised: "+" and digits' }),
    duration_seconds: z.number().int(),
    outcome: CallOutcome,
    notes: z.string(),
    client: Ref,
    conversation: z.object({ id: Id, number: z.number().int() }).nullable(),
    agent: Ref.nullable(),
    callback_id: Id.nullable().meta({
      description:
        'The callback this call was an attempt of (recorded through PATCH /callbacks/{id})',
    }),
    started_at: Timestamp,
    external_id: z.string().nullable(),
    created_by: Ref.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: CallAbilities,
  })
  .meta({ id: 'Call' });

/** A day is the longest call the log accepts. */
const Duration = z.number().int().min(0).max(86_400);

export const NewCallBody = z
  .object({
    direction: CallDirection,
    phone: Phone.min(1, 'must not be empty').meta({
      description: 'The client\'s number as dialled or shown; stored as "+" and digits',
    }),
    duration_seconds: Duration.default(0),
    outcome: CallOutcome,
    notes: z.string().trim().max(5000).default(''),
    started_at: Timestamp.optional().meta({ description: 'When the call began; now by default' }),
    client_id: Id.optional().meta({
      description:
        'The client; by default the client with this phone number, or a new client when the number is new (named client_name)',
    }),
    client_name: z.string().trim().max(200).optional().meta({
      description: 'The name of the client created for a new number',
    }),
    conversation_id: Id.optional().meta({
      description: "The conversation; by default the client's latest open phone conversation",
    }),
    create_conversation: z.boolean().default(false).meta({
      description:
        'Without conversation_id and when the client has no open phone conversation: open one',
    }),
    agent_id: Id.optional().meta({
      description: 'Who took or made the call; the caller (the API token’s user) by default',
    }),
    external_id: z.string().trim().min(1).max(200).optional().meta({
      description:
        "The PBX's call id: posting the same call again returns the call stored the first time",
    }),
  })
  .strict();

export const PatchCallBody = z
  .object({
    notes: z.string().trim().max(5000),
    outcome: CallOutcome,
    duration_seconds: Duration,
  })
  .partial()
  .strict();

export const CallListQuery = z
  .object({
    client_id: Id.optional(),
    conversation_id: Id.optional(),
    agent_id: Id.optional(),
    direction: CallDirection.optional(),
    outcome: CallOutcome.optional(),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();
