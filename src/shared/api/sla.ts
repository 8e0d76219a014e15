import { z } from 'zod';
import { ClientTier, Cursor, Id, Limit, Priority, Timestamp, text } from './common.ts';

const Clock = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:MM');
const Interval = z
  .tuple([Clock, Clock])
  .meta({ description: 'Opening interval ["HH:MM", "HH:MM"]; the end may be "24:00"' });
const Day = z.array(Interval).max(8);

export const BusinessHours = z
  .object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day })
  .partial()
  .strict()
  .meta({
    id: 'BusinessHours',
    description: 'Opening intervals per weekday in the calendar time zone; a missing day is closed',
  });

export const Holiday = z
  .object({ date: z.iso.date(), name: text(100) })
  .strict()
  .meta({ id: 'Holiday', description: 'A closed date in the calendar time zone' });

const CalendarFields = {
  name: text(100),
  time_zone: text(64).meta({ description: 'IANA time zone, e.g. Europe/Budapest' }),
  hours: BusinessHours,
  holidays: z.array(Holiday).max(400),
};

export const NewCalendarBody = z
  .object({ ...CalendarFields, holidays: CalendarFields.holidays.default([]) })
  .strict();
export const PatchCalendarBody = z.object(CalendarFields).partial().strict();

export const SlaAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'SlaAbilities' });

export const BusinessCalendar = z
  .object({
    id: Id,
    name: z.string(),
    time_zone: z.string(),
    hours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
    holidays: z.array(z.object({ date: z.string(), name: z.string() })),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: SlaAbilities,
  })
  .meta({ id: 'BusinessCalendar' });

const Minutes = z.number().int().min(1).max(525_600).nullable();

const PolicyFields = {
  name: text(100),
  position: z.number().int().min(0).max(1_000_000).meta({ description: 'Lower is tried first' }),
  match_priorities: z.array(Priority).max(4).meta({ description: 'Empty: any priority' }),
  match_tiers: z.array(ClientTier).max(3).meta({ description: 'Empty: any tier' }),
  match_vip: z.boolean().nullable().meta({ description: 'null: VIP or not' }),
  first_response_minutes: Minutes.meta({
    description: 'Business minutes to the first agent reply',
  }),
  next_response_minutes: Minutes.meta({
    description: 'Business minutes to answer each new client message',
  }),
  resolution_minutes: Minutes.meta({ description: 'Business minutes to resolution' }),
  calendar_id: Id.nullable().meta({ description: 'null: every minute counts' }),
};

export const NewPolicyBody = z
  .object({
    ...PolicyFields,
    position: PolicyFields.position.default(100),
    match_priorities: PolicyFields.match_priorities.default([]),
    match_tiers: PolicyFields.match_tiers.default([]),
    match_vip: PolicyFields.match_vip.default(null),
    first_response_minutes: PolicyFields.first_response_minutes.default(null),
    next_response_minutes: PolicyFields.next_response_minutes.default(null),
    resolution_minutes: PolicyFields.resolution_minutes.default(null),
    calendar_id: PolicyFields.calendar_id.default(null),
  })
  .strict();
export const PatchPolicyBody = z.object(PolicyFields).partial().strict();

export const SlaPolicy = z
  .object({
    id: Id,
    name: z.string(),
    position: z.number().int(),
    match_priorities: z.array(z.string()),
    match_tiers: z.array(z.string()),
    match_vip: z.boolean().nullable(),
    first_response_minutes: z.number().int().nullable(),
    next_response_minutes: z.number().int().nullable(),
    resolution_minutes: z.number().int().nullable(),
    calendar_id: Id.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: SlaAbilities,
  })
  .meta({ id: 'SlaPolicy' });

export const SlaListQuery = z.object({ limit: Limit, cursor: Cursor }).strict();
