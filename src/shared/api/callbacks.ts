import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp, text } from './common.ts';
import { Phone } from './clients.ts';

export const CallbackStatus = z.enum(['scheduled', 'done', 'failed', 'cancelled']);

/** How long after its time a callback without a window counts as overdue. */
export const CALLBACK_GRACE_MINUTES = 15;

export const CallbackTiming = z.enum(['upcoming', 'due', 'overdue']);
export type CallbackTiming = z.infer<typeof CallbackTiming>;

/**
 * Where a scheduled callback stands at `now`: upcoming, due (its time has
 * come) or overdue (past its window's end, or its time plus the grace);
 * null once it is no longer scheduled.
 */
export function callbackTiming(
  cb: { status: string; window_start: string | Date; window_end: string | Date | null },
  now: Date,
): CallbackTiming | null {
  if (cb.status !== 'scheduled') return null;
  const start = new Date(cb.window_start).getTime();
  const end = cb.window_end
    ? new Date(cb.window_end).getTime()
    : start + CALLBACK_GRACE_MINUTES * 60_000;
  const t = now.getTime();
  if (t >= end) return 'overdue';
  if (t >= start) return 'due';
  return 'upcoming';
}

/** What an attempt came to when it was a call; "answered" reached the client. */
export const AttemptResult = z.enum(['answered', 'no_answer', 'busy', 'voicemail', 'failed']);

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
    timing: CallbackTiming.nullable().meta({
      description: 'For a scheduled callback: upcoming, due (its time has come) or overdue',
    }),
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
      .object({
        outcome: text(1000).optional().meta({ description: 'What came of it, in words' }),
        result: AttemptResult.optional().meta({
          description:
            "The call's outcome: recorded in the call log too (an outbound call linked to the callback)",
        }),
        duration_seconds: z.number().int().min(0).max(86_400).optional(),
      })
      .strict()
      .refine((a) => a.outcome !== undefined || a.result !== undefined, {
        message: 'give outcome or result',
        path: ['outcome'],
      })
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
    view: z.enum(['mine', 'my_teams']).optional().meta({
      description: "mine: the caller's callbacks; my_teams: those of the caller's teams' members",
    }),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();
