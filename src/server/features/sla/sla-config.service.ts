// Use cases of the SLA configuration: policies and business calendars.
// Changing how long a policy's targets are, or the hours of a calendar,
// re-dates the running and paused clocks of every active conversation that
// follows it, in the same transaction (business time already spent stays
// spent). Changing a policy's conditions or position applies to conversations
// as they are next matched (creation, a priority or client tier/VIP change);
// conversations keep the policy they have until then.
import type { Updateable } from 'kysely';
import { withTransaction, type Ctx } from '../../context.ts';
import type { BusinessCalendarsTable, BusinessHours, SlaPoliciesTable } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { checkCalendar } from '../../../shared/sla/calendar-rules.ts';
import { recordEvent } from '../events/event.service.ts';
import { canSla } from './sla.policy.ts';
import * as repo from './sla-config.repo.ts';
import type { CalendarRow, SlaPolicyRow } from './sla.repo.ts';
import { findClockPolicy, redatePolicySla, repickPolicySla } from './sla.service.ts';

const CLOCK_FIELDS = [
  'first_response_minutes',
  'next_response_minutes',
  'resolution_minutes',
  'calendar_id',
] as const;

export interface PolicyInput {
  name: string;
  position: number;
  match_priorities: string[];
  match_tiers: string[];
  match_vip: boolean | null;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar_id: string | null;
}

export interface CalendarInput {
  name: string;
  time_zone: string;
  hours: BusinessHours;
  holidays: { date: string; name: string }[];
}

function requireRole(ctx: Ctx, action: 'create' | 'update' | 'delete') {
  if (!canSla(ctx.actor, action))
    throw forbidden('only a supervisor or an admin can change SLA settings');
}

function idCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
    throw invalid({ cursor: 'is not a cursor from this list' });
  return id;
}

// Policies ---------------------------------------------------------------------

/** A page of the workspace's policies in the order they are tried; rows are limit + 1. */
export async function listPolicies(ctx: Ctx, input: { cursor?: string; limit: number }) {
  if (!canSla(ctx.actor, 'view')) throw forbidden();
  let after: [number, string] | undefined;
  if (input.cursor) {
    const [position, id] = decodeCursor(input.cursor, 2);
    if (typeof position !== 'number' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [position, id];
  }
  return repo.listPolicies(ctx.db, ctx.workspaceId, after, input.limit);
}

export const policyCursorKey = (p: SlaPolicyRow) => [p.position, p.id];

/** A policy of the workspace, or not_found (also for another workspace's). */
export async function getPolicy(ctx: Ctx, id: string): Promise<SlaPolicyRow> {
  if (!canSla(ctx.actor, 'view')) throw forbidden();
  const p = await repo.findPolicy(ctx.db, ctx.workspaceId, id);
  if (!p) throw notFound('SLA policy');
  return p;
}

async function checkPolicy(ctx: Ctx, p: PolicyInput) {
  if (!p.first_response_minutes && !p.next_response_minutes && !p.resolution_minutes) {
    throw invalid({ first_response_minutes: 'a policy needs at least one target' });
  }
  if (p.calendar_id && !(await repo.findCalendar(ctx.db, ctx.workspaceId, p.calendar_id))) {
    throw invalid({ calendar_id: 'is not a business calendar of this workspace' });
  }
}

/** A supervisor or admin adds a policy; it applies to conversations matched from now on. */
export async function createPolicy(ctx: Ctx, input: PolicyInput) {
  requireRole(ctx, 'create');
  return withTransaction(ctx, async (tx) => {
    await checkPolicy(tx, input);
    const now = tx.now();
    const policy = await repo.insertPolicy(tx.db, {
      ...input,
      workspace_id: tx.workspaceId,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'sla_policy.created',
      data: { policy_id: policy.id, after: input },
    });
    return policy;
  });
}

/**
 * A supervisor or admin changes a policy. New target lengths or another
 * calendar re-date the clocks of the active conversations following it.
 */
export async function updatePolicy(ctx: Ctx, id: string, patch: Partial<PolicyInput>) {
  requireRole(ctx, 'update');
  return withTransaction(ctx, async (tx) => {
    const before = await repo.findPolicy(tx.db, tx.workspaceId, id, true);
    if (!before) throw notFound('SLA policy');
    const keys = (Object.keys(patch) as (keyof PolicyInput)[]).filter(
      (k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]),
    );
    if (keys.length === 0) return before;
    await checkPolicy(tx, { ...before, ...patch });
    const clockBefore = (await findClockPolicy(tx, id))!;
    const changes: Updateable<SlaPoliciesTable> = Object.fromEntries(
      keys.map((k) => [k, patch[k]]),
    );
    const after = await repo.updatePolicy(tx.db, tx.workspaceId, id, {
      ...changes,
      updated_at: tx.now(),
    });
    let redated = 0;
    if (keys.some((k) => (CLOCK_FIELDS as readonly string[]).includes(k))) {
      redated = await redatePolicySla(tx, id, clockBefore, (await findClockPolicy(tx, id))!);
    }
    await recordEvent(tx, {
      type: 'sla_policy.updated',
      data: {
        policy_id: id,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        conversations_redated: redated,
      },
    });
    return after;
  });
}

/** A supervisor or admin deletes a policy; its active conversations are matched again. */
export async function deletePolicy(ctx: Ctx, id: string) {
  requireRole(ctx, 'delete');
  await withTransaction(ctx, async (tx) => {
    const policy = await repo.findPolicy(tx.db, tx.workspaceId, id, true);
    if (!policy) throw notFound('SLA policy');
    const clock = await findClockPolicy(tx, id);
    const active = await repo.detachPolicy(tx.db, tx.workspaceId, id);
    await repo.deletePolicy(tx.db, tx.workspaceId, id);
    for (const conversationId of active) await repickPolicySla(tx, conversationId, null, clock);
    await recordEvent(tx, {
      type: 'sla_policy.deleted',
      data: { policy_id: id, before: policy, conversations_rematched: active.length },
    });
  });
}

// Calendars --------------------------------------------------------------------

/** A page of the workspace's business calendars by id; rows are limit + 1. */
export async function listCalendars(ctx: Ctx, input: { cursor?: string; limit: number }) {
  if (!canSla(ctx.actor, 'view')) throw forbidden();
  return repo.listCalendars(ctx.db, ctx.workspaceId, idCursor(input.cursor), input.limit);
}

export const calendarCursorKey = (c: CalendarRow) => [c.id];

/** A calendar of the workspace, or not_found. */
export async function getCalendar(ctx: Ctx, id: string): Promise<CalendarRow> {
  if (!canSla(ctx.actor, 'view')) throw forbidden();
  const c = await repo.findCalendar(ctx.db, ctx.workspaceId, id);
  if (!c) throw notFound('business calendar');
  return c;
}

function checkCalendarInput(c: Partial<CalendarInput>) {
  const fields = checkCalendar(c);
  if (Object.keys(fields).length) throw invalid(fields);
}

/** A supervisor or admin adds a business calendar. */
export async function createCalendar(ctx: Ctx, input: CalendarInput) {
  requireRole(ctx, 'create');
  checkCalendarInput(input);
  return withTransaction(ctx, async (tx) => {
    const now = tx.now();
    const calendar = await repo.insertCalendar(tx.db, {
      workspace_id: tx.workspaceId,
      name: input.name,
      time_zone: input.time_zone,
      hours: JSON.stringify(input.hours),
      holidays: JSON.stringify(input.holidays),
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'business_calendar.created',
      data: { calendar_id: calendar.id, after: input },
    });
    return calendar;
  });
}

/**
 * A supervisor or admin changes a calendar. New hours, holidays or time zone
 * re-date the clocks of the active conversations of every policy using it.
 */
export async function updateCalendar(ctx: Ctx, id: string, patch: Partial<CalendarInput>) {
  requireRole(ctx, 'update');
  checkCalendarInput(patch);
  return withTransaction(ctx, async (tx) => {
    const before = await repo.findCalendar(tx.db, tx.workspaceId, id, true);
    if (!before) throw notFound('business calendar');
    const keys = (Object.keys(patch) as (keyof CalendarInput)[]).filter(
      (k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]),
    );
    if (keys.length === 0) return before;
    const policyIds = await repo.listPolicyIdsOfCalendar(tx.db, tx.workspaceId, id);
    const clocksBefore = [];
    for (const policyId of policyIds) clocksBefore.push((await findClockPolicy(tx, policyId))!);
    const changes: Updateable<BusinessCalendarsTable> = { updated_at: tx.now() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.time_zone !== undefined) changes.time_zone = patch.time_zone;
    if (patch.hours !== undefined) changes.hours = JSON.stringify(patch.hours);
    if (patch.holidays !== undefined) changes.holidays = JSON.stringify(patch.holidays);
    const after = await repo.updateCalendar(tx.db, tx.workspaceId, id, changes);
    let redated = 0;
    if (keys.some((k) => k !== 'name')) {
      for (const [i, policyId] of policyIds.entries()) {
        redated += await redatePolicySla(
          tx,
          policyId,
          clocksBefore[i]!,
          (await findClockPolicy(tx, policyId))!,
        );
      }
    }
    await recordEvent(tx, {
      type: 'business_calendar.updated',
      data: {
        calendar_id: id,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        conversations_redated: redated,
      },
    });
    return after;
  });
}

/** A supervisor or admin deletes a calendar no policy uses (else 409). */
export async function deleteCalendar(ctx: Ctx, id: string) {
  requireRole(ctx, 'delete');
  await withTransaction(ctx, async (tx) => {
    const calendar = await repo.findCalendar(tx.db, tx.workspaceId, id, true);
    if (!calendar) throw notFound('business calendar');
    const users = await repo.listPolicyIdsOfCalendar(tx.db, tx.workspaceId, id);
    if (users.length) {
      throw conflict(
        `the calendar is used by ${users.length} SLA ${users.length === 1 ? 'policy' : 'policies'}`,
        {
          id: 'is used by an SLA policy',
        },
      );
    }
    await repo.deleteCalendar(tx.db, tx.workspaceId, id);
    await recordEvent(tx, {
      type: 'business_calendar.deleted',
      data: { calendar_id: id, before: calendar },
    });
  });
}
