// The inbox's filters, search and sort live in the URL's query string, so a
// filtered view can be bookmarked, shared and survives a reload.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Conversation, ConversationStatus, Priority } from '../api.ts';

export const STATUSES: ConversationStatus[] = [
  'new',
  'open',
  'pending',
  'on_hold',
  'resolved',
  'closed',
];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS: Conversation['channel'][] = ['email', 'chat', 'sms', 'phone', 'web', 'api'];
export const SORTS = ['last_activity', 'sla_due'] as const;
export type Sort = (typeof SORTS)[number];

export interface InboxFilters {
  q: string;
  status: ConversationStatus[];
  priority?: Priority;
  tag?: string;
  team_id?: string;
  assignee_id?: string;
  channel?: Conversation['channel'];
  sort: Sort;
}

/** The URL parameters the filters use; anything else in the query string is left alone. */
const KEYS = ['q', 'status', 'priority', 'tag', 'team_id', 'assignee_id', 'channel', 'sort'];
const ID = /^[1-9]\d{0,18}$/;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.includes(value as T) ? (value as T) : undefined;

/** Reads the filters from a query string, dropping what is not valid (a hand-edited URL). */
export function readFilters(params: URLSearchParams): InboxFilters {
  const id = (key: string) => {
    const v = params.get(key);
    return v && ID.test(v) ? v : undefined;
  };
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    status: (params.get('status') ?? '')
      .split(',')
      .filter((s): s is ConversationStatus => STATUSES.includes(s as ConversationStatus)),
    priority: oneOf(PRIORITIES, params.get('priority')),
    tag: params.get('tag')?.trim().toLowerCase().slice(0, 50) || undefined,
    team_id: id('team_id'),
    assignee_id: id('assignee_id'),
    channel: oneOf(CHANNELS, params.get('channel')),
    sort: oneOf(SORTS, params.get('sort')) ?? 'last_activity',
  };
}

/** The API query for the filters (only what is set). */
export function apiParams(f: InboxFilters): Record<string, string | undefined> {
  return {
    q: f.q.trim() || undefined,
    status: f.status.length ? f.status.join(',') : undefined,
    priority: f.priority,
    tag: f.tag,
    team_id: f.team_id,
    assignee_id: f.assignee_id,
    channel: f.channel,
    sort: f.sort === 'last_activity' ? undefined : f.sort,
  };
}

/** How many filters (search included, sort not) narrow the list. */
export function activeFilterCount(f: InboxFilters): number {
  return [
    f.q.trim(),
    f.status.length,
    f.priority,
    f.tag,
    f.team_id,
    f.assignee_id,
    f.channel,
  ].filter(Boolean).length;
}

/**
 * The query string a row of the list carries to its conversation: the list's
 * own, without ?message= (a search result's link to one message, which
 * belongs to the conversation it was opened with).
 */
export function listSearch(params: URLSearchParams): string {
  const kept = new URLSearchParams(params);
  kept.delete('message');
  return kept.toString();
}

/** The filters of the current URL and a way to change them (replacing the history entry). */
export function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const setFilters = useCallback(
    (change: Partial<InboxFilters> | null) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (change === null) {
            for (const key of KEYS) next.delete(key);
            return next;
          }
          const merged = apiParams({ ...readFilters(current), ...change });
          for (const key of KEYS) {
            const value = key === 'q' ? (change.q ?? current.get('q') ?? '') : merged[key];
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { filters, setFilters, search: listSearch(params) };
}
