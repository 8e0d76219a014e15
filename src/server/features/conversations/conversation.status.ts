import type { ConversationStatus } from '../../db/schema.ts';

/** Statuses a conversation is still being worked in; inbox lists and counts show only these. */
export const ACTIVE_STATUSES: readonly ConversationStatus[] = ['new', 'open', 'pending', 'on_hold'];

export function isActiveStatus(status: ConversationStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export interface StatusFields {
  status: ConversationStatus;
  resolved_at: Date | null;
  closed_at: Date | null;
}

export type StatusPlan =
  | { ok: true; changed: false }
  | { ok: true; changed: true; patch: StatusFields }
  | { ok: false; reason: string };

/**
 * The rules of the status machine: "new" is only where a conversation starts,
 * a closed conversation can only be reopened to "open", resolving stamps
 * resolved_at, closing stamps closed_at (and resolved_at if it was never
 * resolved), and working it again clears both.
 */
export function planStatusChange(
  current: StatusFields,
  to: ConversationStatus,
  now: Date,
): StatusPlan {
  const from = current.status;
  if (from === to) return { ok: true, changed: false };
  if (to === 'new') return { ok: false, reason: 'a conversation cannot go back to new' };
  if (from === 'closed' && to !== 'open') {
    return { ok: false, reason: 'a closed conversation can only be reopened to open' };
  }
  switch (to) {
    case 'resolved':
      return { ok: true, changed: true, patch: { status: to, resolved_at: now, closed_at: null } };
    case 'closed':
      return {
        ok: true,
        changed: true,
        patch: { status: to, resolved_at: current.resolved_at ?? now, closed_at: now },
      };
    default:
      return { ok: true, changed: true, patch: { status: to, resolved_at: null, closed_at: null } };
  }
}

/** The status a new message moves the conversation to, if any. */
export function statusAfterMessage(
  status: ConversationStatus,
  direction: 'inbound' | 'outbound' | 'note',
): ConversationStatus | undefined {
  // A client writing again means there is work to do again.
  if (direction === 'inbound' && (status === 'pending' || status === 'resolved')) return 'open';
  // The first answer takes a conversation out of "new".
  if (direction === 'outbound' && status === 'new') return 'open';
  return undefined;
}

/** The list excerpt of a message: its text with whitespace collapsed, at most ~200 characters. */
export function excerptOf(bodyText: string, maxChars = 200): string {
  const collapsed = bodyText.replace(/\s+/g, ' ').trim();
  const chars = Array.from(collapsed);
  if (chars.length <= maxChars) return collapsed;
  return (
    chars
      .slice(0, maxChars - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/** SLA badge: breached once due, at risk within two hours of due. */
export const SLA_AT_RISK_MS = 2 * 60 * 60 * 1000;

export function slaStateOf(dueAt: Date, now: Date): 'on_track' | 'at_risk' | 'breached' {
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'breached';
  if (left <= SLA_AT_RISK_MS) return 'at_risk';
  return 'on_track';
}
