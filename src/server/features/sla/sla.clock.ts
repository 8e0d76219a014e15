// Pure clock rules of one SLA target: when it is due, when it warns, how it
// pauses, resumes and is re-dated. The calendar maths is in src/shared/sla.
import type { SlaTargetKind } from '../../db/schema.ts';
import type { ConversationStatus } from '../../db/schema.ts';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
} from '../../../shared/sla/business-time.ts';
import type { SlaTargetRow, TargetClock } from './sla.repo.ts';

/** The share of a target's business time after which its owner is warned. */
export const WARN_RATIO = 0.8;

const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
};

/** A policy's target lengths and calendar, as the clocks need them. */
export interface ClockPolicy {
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar: BusinessCalendar;
}

const KINDS: readonly SlaTargetKind[] = ['first_response', 'next_response', 'resolution'];

/** What tells a target's state: a stored row or a clock just planned. */
export type ClockState = Pick<SlaTargetRow, 'kind' | 'due_at' | 'paused_at'> & {
  met_at?: Date | null;
};

export const isRunning = (t: ClockState | undefined) => !!t && !t.met_at && !!t.due_at;
export const isPaused = (t: ClockState | undefined) => !!t && !t.met_at && !!t.paused_at;

/** A policy's calendar; a policy without one counts every minute. */
export function calendarOf(p: {
  time_zone: string | null;
  hours: Record<string, [string, string][]> | null;
  holidays: { date: string }[] | null;
}): BusinessCalendar {
  if (!p.time_zone || !p.hours) return ALWAYS_OPEN;
  return { timeZone: p.time_zone, hours: p.hours, holidays: p.holidays ?? [] };
}

/** The policy's minutes for a kind of target (null: the policy sets none). */
export function minutesFor(
  p: {
    first_response_minutes: number | null;
    next_response_minutes: number | null;
    resolution_minutes: number | null;
  },
  kind: SlaTargetKind,
): number | null {
  if (kind === 'first_response') return p.first_response_minutes;
  if (kind === 'next_response') return p.next_response_minutes;
  return p.resolution_minutes;
}

/** Due and warn times for `remaining` business minutes left of a `target`-minute clock, from now. */
function schedule(now: Date, remaining: number, target: number, cal: BusinessCalendar) {
  const warnIn = remaining - target * (1 - WARN_RATIO);
  return {
    due_at: addBusinessMinutes(now, Math.max(0, remaining), cal),
    warn_at: addBusinessMinutes(now, Math.max(0, warnIn), cal),
  };
}

/** A fresh clock of `minutes` business minutes from `start`, paused from the start if asked. */
export function startClock(
  kind: SlaTargetKind,
  minutes: number,
  start: Date,
  cal: BusinessCalendar,
  paused: boolean,
): TargetClock {
  if (paused) {
    return {
      kind,
      target_minutes: minutes,
      started_at: start,
      due_at: null,
      warn_at: null,
      remaining_minutes: minutes,
      paused_at: start,
    };
  }
  return {
    kind,
    target_minutes: minutes,
    started_at: start,
    ...schedule(start, minutes, minutes, cal),
    remaining_minutes: null,
    paused_at: null,
  };
}

/** Business minutes left on a clock at `now`: negative once it is overdue. */
export function remainingAt(t: SlaTargetRow, now: Date, cal: BusinessCalendar): number {
  if (t.paused_at || !t.due_at) return t.remaining_minutes ?? t.target_minutes;
  if (t.due_at > now) return businessMinutesBetween(now, t.due_at, cal);
  return -businessMinutesBetween(t.due_at, now, cal);
}

/** A running clock stopped while the conversation waits on the client: what is left is kept. */
export function pauseClock(t: SlaTargetRow, now: Date, cal: BusinessCalendar): TargetClock {
  return {
    ...keep(t),
    remaining_minutes: Math.max(0, Math.ceil(remainingAt(t, now, cal))),
    paused_at: now,
    due_at: null,
    warn_at: null,
  };
}

/** A paused clock running again from now with the minutes it had left. */
export function resumeClock(t: SlaTargetRow, now: Date, cal: BusinessCalendar): TargetClock {
  const remaining = t.remaining_minutes ?? t.target_minutes;
  return {
    ...keep(t),
    ...schedule(now, remaining, t.target_minutes, cal),
    remaining_minutes: null,
    paused_at: null,
  };
}

/**
 * A clock given a new length (the policy or its calendar changed): the
 * business time already spent stays spent. A clock already past the new
 * length is due now, so the next sweep breaches it.
 */
export function redateClock(
  t: SlaTargetRow,
  minutes: number,
  now: Date,
  oldCal: BusinessCalendar,
  newCal: BusinessCalendar,
): TargetClock {
  const left = remainingAt(t, now, oldCal) + (minutes - t.target_minutes);
  if (t.paused_at) {
    return { ...keep(t), target_minutes: minutes, remaining_minutes: Math.max(0, Math.ceil(left)) };
  }
  return {
    ...keep(t),
    target_minutes: minutes,
    ...schedule(now, left, minutes, newCal),
    remaining_minutes: null,
    paused_at: null,
  };
}

function keep(t: SlaTargetRow): TargetClock {
  return {
    kind: t.kind,
    target_minutes: t.target_minutes,
    started_at: t.started_at,
    due_at: t.due_at,
    warn_at: t.warn_at,
    remaining_minutes: t.remaining_minutes,
    paused_at: t.paused_at,
    met_at: t.met_at,
    warned_at: t.warned_at,
    breached_at: t.breached_at,
  };
}

/**
 * The clocks of one active conversation moved from one policy (or calendar)
 * to another: running and paused targets keep the business time already
 * spent; a kind the new policy has no target for stops; a target the new
 * policy adds (first response not yet given, resolution) starts from the
 * conversation's creation. Returns the targets to write.
 */
export function planRedate(
  c: { status: ConversationStatus; created_at: Date; first_responded_at: Date | null },
  targets: SlaTargetRow[],
  before: ClockPolicy | undefined,
  after: ClockPolicy | undefined,
  now: Date,
): TargetClock[] {
  const changed: TargetClock[] = [];
  for (const kind of KINDS) {
    const t = targets.find((x) => x.kind === kind);
    const minutes = after ? minutesFor(after, kind) : null;
    if (t && (isRunning(t) || isPaused(t))) {
      if (minutes && after) {
        changed.push(
          redateClock(t, minutes, now, before?.calendar ?? after.calendar, after.calendar),
        );
      } else {
        changed.push({
          ...keep(t),
          due_at: null,
          warn_at: null,
          paused_at: null,
          remaining_minutes: null,
        });
      }
    } else if (!t && minutes && after) {
      if (kind === 'next_response' || (kind === 'first_response' && c.first_responded_at)) continue;
      const clock = startClock(kind, minutes, c.created_at, after.calendar, false);
      if (c.status === 'pending') {
        const spent = businessMinutesBetween(c.created_at, now, after.calendar);
        changed.push({
          ...clock,
          due_at: null,
          warn_at: null,
          paused_at: now,
          remaining_minutes: Math.max(0, Math.ceil(minutes - spent)),
        });
      } else {
        changed.push(clock);
      }
    }
  }
  return changed;
}
