// The search page's query and filters live in the URL (/search?q=…&type=…),
// so back and forward, a reload and a shared link show the same results.
import type { SearchStatus, SearchType } from '../../shared/api/search.ts';
import { STATUSES } from '../inbox/filterParams.ts';

export const TYPES: SearchType[] = ['conversation', 'message', 'client', 'article'];
export const CONVERSATION_STATUSES: SearchStatus[] = STATUSES;
export const ARTICLE_STATES: SearchStatus[] = ['draft', 'published'];

export interface SearchFilters {
  q: string;
  types: SearchType[];
  statuses: SearchStatus[];
  assigneeId?: string;
  /** Days as the agent picks them (YYYY-MM-DD, their own time zone), both included. */
  from?: string;
  to?: string;
}

const ID = /^[1-9]\d{0,18}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function list<T extends string>(allowed: readonly T[], value: string | null): T[] {
  const items = (value ?? '').split(',').filter((v): v is T => allowed.includes(v as T));
  return allowed.filter((v) => items.includes(v));
}

/** Midnight at the start of a YYYY-MM-DD day (plus some days) in the browser's time zone, or undefined. */
function startOfDay(day: string | undefined, plusDays = 0): Date | undefined {
  const m = day ? DAY.exec(day) : null;
  if (!m) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(year, month, date);
  // 2026-02-30 would roll over into March: not a day.
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date)
    return undefined;
  return plusDays ? new Date(year, month, date + plusDays) : start;
}

const day = (value: string | null) => (value && startOfDay(value) ? value : undefined);

/** Reads the search from a query string, dropping what is not valid (a hand-edited URL). */
export function readSearch(params: URLSearchParams): SearchFilters {
  const assignee = params.get('assignee_id');
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    types: list(TYPES, params.get('type')),
    statuses: list([...CONVERSATION_STATUSES, ...ARTICLE_STATES], params.get('status')),
    assigneeId: assignee && ID.test(assignee) ? assignee : undefined,
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

/** The query string for a search (only what is set). */
export function writeSearch(f: SearchFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.types.length) params.set('type', f.types.join(','));
  if (f.statuses.length) params.set('status', f.statuses.join(','));
  if (f.assigneeId) params.set('assignee_id', f.assigneeId);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  return params;
}

/** Whether the days picked run backwards (the API would refuse them). */
export function isBackwardRange(f: SearchFilters): boolean {
  return Boolean(f.from && f.to && f.from > f.to);
}

/**
 * The API's parameters: the days become instants, from the first day's
 * midnight to the midnight after the last day (the API's `to` is exclusive).
 */
export function apiQuery(f: SearchFilters): Record<string, string | undefined> {
  return {
    q: f.q,
    type: f.types.length ? f.types.join(',') : undefined,
    status: f.statuses.length ? f.statuses.join(',') : undefined,
    assignee_id: f.assigneeId,
    from: startOfDay(f.from)?.toISOString(),
    to: startOfDay(f.to, 1)?.toISOString(),
  };
}

/** The statuses that apply to the types asked for (all when no type is chosen). */
export function statusesFor(types: SearchType[]): {
  conversation: SearchStatus[];
  article: SearchStatus[];
} {
  const all = types.length === 0;
  return {
    conversation:
      all || types.includes('conversation') || types.includes('message')
        ? CONVERSATION_STATUSES
        : [],
    article: all || types.includes('article') ? ARTICLE_STATES : [],
  };
}

/** How many filters (the words aside) narrow the search. */
export function activeFilterCount(f: SearchFilters): number {
  return [f.types.length, f.statuses.length, f.assigneeId, f.from, f.to].filter(Boolean).length;
}
