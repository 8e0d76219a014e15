import type { TFunction } from 'i18next';
import type { ConversationEvent } from '../api.ts';
import { formatMessageTime } from '../format.ts';
import { describeCallEvent, outcomeName } from '../calls/callText.ts';
import { describeDiscountEvent } from '../discounts/discountText.ts';
import { describePromiseEvent } from '../promises/promiseText.ts';

/** Names the timeline knows for ids events carry (users and teams of the workspace). */
export interface Names {
  users: Map<string, string>;
  teams: Map<string, string>;
}

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * One event as a short sentence in the user's language ("Ioana assigned this to
 * Bence"), or null for events the timeline does not show.
 */
export function describeEvent(
  e: ConversationEvent,
  t: TFunction,
  language: string,
  names: Names,
  /** The workspace's zone: promise due times are given in it, as on the promise cards. */
  timeZone?: string,
): string | null {
  const actor =
    e.actor.name ??
    (e.actor.kind === 'client'
      ? t('event.theClient')
      : e.actor.kind === 'system'
        ? t('event.theSystem')
        : t('event.someone'));
  const data = e.data;
  const after = obj(data.after);
  const before = obj(data.before);
  const userName = (id: string | null) =>
    id ? (names.users.get(id) ?? t('event.someone')) : t('event.someone');
  const when = (start: unknown, end: unknown) => {
    const from = str(start);
    const to = str(end);
    if (!from) return '';
    return to
      ? t('callback.between', {
          from: formatMessageTime(from, language),
          to: formatMessageTime(to, language),
        })
      : formatMessageTime(from, language);
  };

  switch (e.type) {
    case 'conversation.created':
      // The first message says it.
      return null;
    case 'conversation.status_changed': {
      const status = str(after.status);
      return status ? t('event.status', { actor, status: t(`status.${status}`) }) : null;
    }
    case 'conversation.priority_changed': {
      const priority = str(after.priority);
      return priority
        ? t('event.priority', { actor, priority: t(`controls.priority.${priority}`) })
        : null;
    }
    case 'conversation.assigned': {
      const assignee = str(after.assignee_id);
      if (!assignee) return t('event.unassigned', { actor });
      if (data.via === 'round_robin')
        return t('event.assignedRoundRobin', { assignee: userName(assignee) });
      if (assignee === e.actor.id) return t('event.tookIt', { actor });
      return t('event.assigned', { actor, assignee: userName(assignee) });
    }
    case 'conversation.team_changed': {
      const team = str(after.team_id);
      return team
        ? t('event.team', { actor, team: names.teams.get(team) ?? t('event.someTeam') })
        : t('event.teamRemoved', { actor });
    }
    case 'conversation.tags_changed': {
      const was = strings(before.tags);
      const now = strings(after.tags);
      const added = now.filter((tag) => !was.includes(tag));
      const removed = was.filter((tag) => !now.includes(tag));
      const parts = [];
      if (added.length)
        parts.push(t('event.tagsAdded', { actor, count: added.length, tags: added.join(', ') }));
      if (removed.length)
        parts.push(
          t('event.tagsRemoved', { actor, count: removed.length, tags: removed.join(', ') }),
        );
      return parts.length ? parts.join(' · ') : null;
    }
    case 'conversation.escalated': {
      const receiver = str(obj(data.to_user).name) ?? str(obj(data.to_team).name);
      const method = str(data.method) ?? 'handoff';
      return t('event.escalated', {
        actor,
        name: receiver ?? t('event.someone'),
        method: t(`escalate.method.${method}`),
      });
    }
    case 'callback.offered':
      return t('event.callbackOffered', {
        actor,
        phone: str(data.phone) ?? '',
        when: when(data.window_start, data.window_end),
        name: str(obj(data.responsible).name) ?? t('event.someone'),
      });
    case 'callback.attempted':
      // The outcome is the agent's words, or a call result's code (no_answer) shown by its name.
      return t('event.callbackAttempted', {
        actor,
        outcome: outcomeName(t, str(data.outcome) ?? ''),
      });
    case 'callback.status_changed': {
      const status = str(after.status) ?? 'scheduled';
      return t('event.callbackStatus', { actor, status: t(`callback.status.${status}`) });
    }
    case 'callback.rescheduled':
      return t('event.callbackRescheduled', {
        actor,
        when: when(data.window_start, data.window_end),
      });
    case 'callback.reassigned':
      return t('event.callbackReassigned', {
        actor,
        name: str(obj(data.responsible).name) ?? t('event.someone'),
      });
    case 'sla.breached':
      return t('event.slaBreached');
    case 'message.coach_override': {
      // A supervisor sent a reply the coach blocked: which words, and why.
      const found = Array.isArray(data.findings) ? data.findings : [];
      const words = [
        ...new Set(found.map((f) => str(obj(f).text)).filter((w): w is string => !!w)),
      ];
      return t('coach.event.override', {
        actor,
        words: words.length ? words.map((w) => t('coach.quote', { text: w })).join(', ') : '—',
        reason: str(data.reason) ?? '',
      });
    }
    case 'chat.prechat':
      return t('chat.prechat', { name: str(data.name) ?? '—', email: str(data.email) ?? '—' });
    case 'email.acknowledged':
      return t('delivery.acknowledged', { to: str(data.to) ?? '' });
    case 'call.logged':
    case 'call.updated':
    case 'callback.overdue':
      return describeCallEvent(e.type, data, t, actor);
    case 'promise.confirmed':
    case 'promise.dismissed':
    case 'promise.kept':
    case 'promise.delayed':
    case 'promise.broken':
      return describePromiseEvent(e.type, data, t, actor, language, timeZone);
    case 'discount.requested':
    case 'discount.approved':
    case 'discount.denied':
    case 'discount.cancelled':
    case 'discount.promised':
    case 'discount.reply_not_sent':
      return describeDiscountEvent(e.type, data, t, actor, language);
    default:
      return null;
  }
}
