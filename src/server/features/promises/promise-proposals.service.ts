// Proposing promises: the conversations feature calls this hook after it
// stored an agent's reply, in the reply's transaction. The reply is read by the
// promise extractor (src/shared/promises) in the workspace's time zone and
// business hours; each commitment found becomes a 'proposed' promise the agent
// confirms in one click (or dismisses) on the conversation.
import type { Ctx } from '../../context.ts';
import { forbidden, notFound } from '../../errors.ts';
import { extractPromises, type PromiseFinding } from '../../../shared/promises/index.ts';
import type { BusinessCalendar } from '../../../shared/sla/business-time.ts';
import { canPromise } from './promise.policy.ts';
import * as repo from './promise.repo.ts';

/**
 * How much of a reply is read: the agent's own words come first, and what
 * follows in a long email is mostly the quoted thread.
 */
export const PROMISE_SCAN_CHARS = 20_000;
const MAX_TEXT = 2000;
const MAX_DUE_TEXT = 500;

/** The reply as the conversations feature stored it. */
export interface StoredReply {
  id: string;
  conversation_id: string;
  direction: string;
  body_text: string;
  author_user_id: string | null;
  created_at: Date;
}

type StoredClock = {
  time_zone: string;
  hours: BusinessCalendar['hours'] | null;
  holidays: { date: string }[] | null;
};

/** The opening hours a clock's calendar gives, if it has one. */
function calendarOf(clock: StoredClock): BusinessCalendar | undefined {
  return clock.hours
    ? { timeZone: clock.time_zone, hours: clock.hours, holidays: clock.holidays ?? [] }
    : undefined;
}

/**
 * The clock a reply to the conversation is read by on send (the workspace's
 * time zone, the conversation's business hours), for the composer to preview
 * the same due times as the agent types; without a conversation (a new one),
 * the workspace's time zone and first calendar.
 */
export async function getPromiseClock(ctx: Ctx, conversationId?: string) {
  if (!canPromise(ctx.actor, 'list')) throw forbidden();
  const clock = conversationId
    ? await repo.findPromiseClock(ctx.db, ctx.workspaceId, conversationId)
    : await repo.findWorkspaceClock(ctx.db, ctx.workspaceId);
  if (!clock) throw notFound('conversation');
  const calendar = calendarOf(clock);
  return {
    time_zone: clock.time_zone,
    business_hours: calendar
      ? {
          hours: calendar.hours as Record<string, [string, string][]>,
          holidays: (clock.holidays ?? []).map((h) => h.date),
        }
      : null,
  };
}

/**
 * Proposes the promises an agent's reply makes (in the caller's transaction);
 * anything but a user's outbound reply is left alone. Returns how many were
 * proposed. Idempotent: a reply read twice proposes each promise once.
 */
export async function proposePromisesFromReply(tx: Ctx, message: StoredReply): Promise<number> {
  if (message.direction !== 'outbound' || !message.author_user_id) return 0;
  const clock = await repo.findPromiseClock(tx.db, tx.workspaceId, message.conversation_id);
  if (!clock) return 0;
  const businessHours = calendarOf(clock);
  let findings: PromiseFinding[];
  try {
    findings = extractPromises(message.body_text.slice(0, PROMISE_SCAN_CHARS), {
      now: message.created_at,
      timeZone: clock.time_zone,
      ...(businessHours ? { businessHours } : {}),
    });
  } catch (err) {
    // A reply is never refused because its promises could not be read.
    tx.log.warn({ err, messageId: message.id }, 'promise extraction failed');
    return 0;
  }
  if (findings.length === 0) return 0;
  const now = tx.now();
  const inserted = await repo.insertProposals(
    tx.db,
    tx.workspaceId,
    findings.map((f) => ({
      conversation_id: message.conversation_id,
      client_id: clock.client_id,
      agent_id: message.author_user_id!,
      message_id: message.id,
      text_start: f.start,
      text_end: f.end,
      kind: f.kind,
      text: f.text.slice(0, MAX_TEXT),
      due_text: f.due.text.slice(0, MAX_DUE_TEXT),
      due_basis: f.due.basis,
      due_at: new Date(f.dueAt),
      created_at: now,
      updated_at: now,
    })),
  );
  return inserted.length;
}
