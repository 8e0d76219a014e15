// The inbox's filters as the URL's query string holds them, and as the API takes
// them. Plain functions without the app's libraries: the early script
// (early.ts) uses them to ask for the inbox's first page before the app loads.
import {
  CHANNELS as ALL_CHANNELS,
  CONVERSATION_STATUSES,
  PRIORITIES as ALL_PRIORITIES,
} from '../../shared/api/constants.ts';
import type { Conversation, ConversationStatus, Priority } from '../api.ts';

export const STATUSES: ConversationStatus[] = [...CONVERSATION_STATUSES];
export const PRIORITIES: Priority[] = [...ALL_PRIORITIES];
export const CHANNELS: Conversation['channel'][] = [...ALL_CHANNELS];
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
export const KEYS = ['q', 'status', 'priority', 'tag', 'team_id', 'assignee_id', 'channel', 'sort'];
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
