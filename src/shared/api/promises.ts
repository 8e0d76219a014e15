import { z } from 'zod';
import { Cursor, Id, Language, Limit, Timestamp, text } from './common.ts';
import { PROMISE_KINDS } from '../promises/types.ts';

export const PromiseState = z.enum(['proposed', 'open', 'kept', 'broken', 'dismissed']);
export type PromiseState = z.infer<typeof PromiseState>;
export const PromiseKind = z.enum(PROMISE_KINDS);
export const DueBasis = z.enum(['duration', 'clock', 'day-part', 'day-end']);

const MINUTE_MS = 60_000;

/**
 * When an open promise's agent is reminded, by how long the promise runs
 * (from when it was confirmed or last re-dated to its due time):
 * - up to 2 hours ("I'll call you back in 10 minutes"): 15 minutes before,
 *   or halfway when it runs less than 30 minutes (5 minutes before a
 *   10-minute promise);
 * - up to a day ("by this evening"): 1 hour before;
 * - longer ("by Friday"): 2 hours before, within the last business hours.
 */
export const PROMISE_REMINDER_MINUTES = { short: 15, day: 60, long: 120 } as const;

/** The moment to remind the agent of a promise due at `dueAt`, made (or re-dated) at `from`. */
export function promiseReminderAt(dueAt: Date, from: Date): Date {
  const runMinutes = Math.max(0, (dueAt.getTime() - from.getTime()) / MINUTE_MS);
  const lead =
    runMinutes <= 120
      ? Math.min(PROMISE_REMINDER_MINUTES.short, runMinutes / 2)
      : runMinutes <= 24 * 60
        ? PROMISE_REMINDER_MINUTES.day
        : PROMISE_REMINDER_MINUTES.long;
  return new Date(dueAt.getTime() - lead * MINUTE_MS);
}

const Ref = z.object({ id: Id, name: z.string() });

export const PromiseAbilities = z
  .object({
    confirm: z.boolean(),
    dismiss: z.boolean(),
    keep: z.boolean(),
    delay: z.boolean(),
  })
  .meta({ id: 'PromiseAbilities' });

export const PromiseRedate = z
  .object({
    from: Timestamp,
    to: Timestamp,
    at: Timestamp,
    by: Ref.nullable(),
    message_id: Id.nullable().meta({ description: 'The delay notice sent to the client' }),
  })
  .meta({ id: 'PromiseRedate' });

export const ClientPromise = z
  .object({
    id: Id,
    conversation: z.object({ id: Id, number: z.number().int(), subject: z.string() }),
    client: Ref.extend({
      language: Language.meta({
        description:
          "The language a notice to the client is written in (the client's, else the workspace's)",
      }),
      time_zone: z.string().meta({
        description:
          "The time zone a notice to the client gives times in (the client's, else the workspace's)",
      }),
    }),
    agent: Ref.meta({ description: 'Who made it: the author of the reply' }),
    message_id: Id.meta({ description: 'The reply it was found in' }),
    range: z
      .object({ start: z.number().int(), end: z.number().int() })
      .meta({ description: "Where the promise stands in the reply's text (UTF-16 offsets)" }),
    kind: PromiseKind,
    text: z.string(),
    due_at: Timestamp,
    due: z.object({ text: z.string(), basis: DueBasis }).meta({
      description: 'The words that gave the due time, and how they were read',
    }),
    state: PromiseState,
    remind_at: Timestamp.nullable(),
    reminded_at: Timestamp.nullable(),
    confirmed_at: Timestamp.nullable(),
    confirmed_by: Ref.nullable(),
    settled_at: Timestamp.nullable().meta({ description: 'When it was kept, broken or dismissed' }),
    settled_by: Ref.nullable().meta({ description: 'Who did it; null when the sweep broke it' }),
    redates: z.array(PromiseRedate),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: PromiseAbilities,
  })
  .meta({ id: 'Promise' });

const STATE_LIST =
  /^(proposed|open|kept|broken|dismissed)(,(proposed|open|kept|broken|dismissed))*$/;

export const PromiseListQuery = z
  .object({
    conversation_id: Id.optional(),
    client_id: Id.optional(),
    view: z
      .enum(['mine', 'team'])
      .optional()
      .meta({
        description:
          "mine: the caller's promises; team: those of the members of the caller's teams " +
          '(supervisors; for admins, everyone)',
      }),
    agent_id: Id.optional(),
    state: z
      .string()
      .regex(STATE_LIST, 'must be a comma-separated list of states')
      .optional()
      .meta({ description: 'Comma-separated states, e.g. proposed,open' }),
    due_after: Timestamp.optional().meta({ description: 'Due at or after this time' }),
    due_before: Timestamp.optional().meta({ description: 'Due before this time' }),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();

export const PromiseClockQuery = z
  .object({
    conversation_id: Id.optional().meta({
      description: "The conversation the reply is for; without it, the workspace's default clock",
    }),
  })
  .strict();

export const PromiseClock = z
  .object({
    time_zone: z.string().meta({
      description: 'The workspace’s IANA time zone: "tomorrow" and "15:00" are wall times there',
    }),
    business_hours: z
      .object({
        hours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
        holidays: z.array(z.string()).meta({ description: 'Closed dates, YYYY-MM-DD' }),
      })
      .nullable()
      .meta({
        description:
          'The opening hours "by Friday" ends with (the conversation’s SLA calendar, else the workspace’s first); null: none, the day ends at 18:00',
      }),
  })
  .meta({
    id: 'PromiseClock',
    description:
      'What a reply’s promises are read by on send, so a composer shows the same due times before sending',
  });

export const ConfirmPromiseBody = z
  .object({
    due_at: Timestamp.optional().meta({
      description: 'A due time of the agent’s own instead of the one found in the reply',
    }),
  })
  .strict();

export const DelayPromiseBody = z
  .object({
    due_at: Timestamp.meta({ description: 'The new due time, later than the current one' }),
    body_text: text(5000).optional().meta({
      description:
        "The notice sent to the client; by default a short apology with the new date, in the client's language",
    }),
  })
  .strict();

export const DelayedPromise = z
  .object({ promise: ClientPromise, message_id: Id.meta({ description: 'The notice sent' }) })
  .meta({ id: 'DelayedPromise' });

export const PromiseStatsQuery = z
  .object({
    from: Timestamp.meta({ description: 'Start of the period (inclusive)' }),
    to: Timestamp.meta({ description: 'End of the period (exclusive)' }),
  })
  .strict();

export const PromiseAgentStats = z
  .object({
    agent: Ref,
    confirmed: z.number().int().meta({ description: 'Promises tracked in the period' }),
    kept: z.number().int().meta({ description: 'Promises marked kept in the period' }),
    broken: z.number().int().meta({ description: 'Promises that fell due unkept in the period' }),
    delayed: z.number().int().meta({ description: 'Delay notices sent in the period' }),
    kept_ratio: z
      .number()
      .nullable()
      .meta({ description: 'kept / (kept + broken); null without either' }),
  })
  .meta({ id: 'PromiseAgentStats' });

export const PromiseStats = z
  .object({ from: Timestamp, to: Timestamp, items: z.array(PromiseAgentStats) })
  .meta({ id: 'PromiseStats' });
