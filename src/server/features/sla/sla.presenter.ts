import type { Actor } from '../../context.ts';
import { slaAbilities } from './sla.policy.ts';
import type { CalendarRow, SlaPolicyRow } from './sla.repo.ts';

/** A policy as the API shows it, with what the caller may do. */
export function presentPolicy(actor: Actor, p: SlaPolicyRow) {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    match_priorities: p.match_priorities,
    match_tiers: p.match_tiers,
    match_vip: p.match_vip,
    first_response_minutes: p.first_response_minutes,
    next_response_minutes: p.next_response_minutes,
    resolution_minutes: p.resolution_minutes,
    calendar_id: p.calendar_id,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
    abilities: slaAbilities(actor),
  };
}

/** A business calendar as the API shows it. */
export function presentCalendar(actor: Actor, c: CalendarRow) {
  return {
    id: c.id,
    name: c.name,
    time_zone: c.time_zone,
    hours: c.hours,
    holidays: c.holidays,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
    abilities: slaAbilities(actor),
  };
}
