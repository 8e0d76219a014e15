import type { ConversationEvent, Message } from '../api.ts';

/** Events an escalation implies (its reassignment) are said by the escalation's own line. */
const IMPLIED_BY_ESCALATION = new Set(['conversation.assigned', 'conversation.team_changed']);

export type Entry =
  | { kind: 'message'; at: string; message: Message }
  | { kind: 'event'; at: string; event: ConversationEvent };

/**
 * Messages and events in one list by time. Events older than the oldest message
 * loaded wait until older messages are shown, and events newer than the newest
 * loaded (when the newest is not, around a linked message) until newer ones
 * are; at the same instant an event goes first.
 */
export function interleave(
  messages: Message[],
  events: ConversationEvent[],
  loaded: { oldest: boolean; newest: boolean },
): Entry[] {
  const oldest = messages[0]?.created_at;
  const newest = messages.at(-1)?.created_at;
  // The reassignment an escalation makes is recorded just before it, in the same
  // transaction and by the same person: its own line says it.
  const implied = new Set<string>();
  events.forEach((e, index) => {
    if (e.type !== 'conversation.escalated') return;
    for (let k = index - 1; k >= 0; k--) {
      const before = events[k]!;
      const gap = Date.parse(e.created_at) - Date.parse(before.created_at);
      if (!IMPLIED_BY_ESCALATION.has(before.type) || before.actor.id !== e.actor.id || gap > 1_000)
        break;
      implied.add(before.id);
    }
  });
  // A change a message caused (a reply opening the conversation) is told just before it,
  // so the newest message stays at the bottom.
  const sentAt = new Map(messages.map((m) => [m.id, m.created_at]));
  const placed = events
    .filter((e) => !implied.has(e.id))
    .map((e) => {
      const cause = e.data.cause as { message_id?: unknown } | undefined;
      const at = typeof cause?.message_id === 'string' ? sentAt.get(cause.message_id) : undefined;
      return { kind: 'event' as const, at: at ?? e.created_at, event: e };
    })
    .filter(
      ({ at }) =>
        (loaded.oldest || !oldest || at >= oldest) && (loaded.newest || !newest || at <= newest),
    );
  const entries: Entry[] = [
    ...messages.map((m) => ({ kind: 'message' as const, at: m.created_at, message: m })),
    ...placed,
  ];
  const rank = (x: Entry) => (x.kind === 'event' ? 0 : 1);
  return entries.sort((a, b) => {
    const ta = Date.parse(a.at);
    const tb = Date.parse(b.at);
    return ta !== tb ? ta - tb : rank(a) - rank(b);
  });
}
