// The inbox's views and the address of a view's first page. Plain functions
// without the app's libraries: the early script (early.ts) uses them too.
import type { InboxView } from '../api.ts';
import { toQuery } from '../urls.ts';
import { apiParams, readFilters } from './filterParams.ts';

export const VIEWS: InboxView[] = ['mine', 'unassigned', 'my_teams', 'sla_at_risk', 'all'];

export function isView(value: string | undefined): value is InboxView {
  return VIEWS.includes(value as InboxView);
}

export const PAGE_SIZE = 25;

/** The API path of a page of a view, filtered as `params` say (the first page without a cursor). */
export function inboxPagePath(
  view: InboxView,
  params: Record<string, string | undefined>,
  cursor?: string,
): string {
  return `/conversations${toQuery({ view, ...params, limit: PAGE_SIZE, cursor })}`;
}

/** The view and API filters an address of the inbox opens; undefined anywhere else. */
export function inboxAt(location: {
  pathname: string;
  search: string;
}): { view: InboxView; params: Record<string, string | undefined> } | undefined {
  const view = /^\/inbox\/([^/]+)/.exec(location.pathname)?.[1];
  if (!isView(view)) return undefined;
  return { view, params: apiParams(readFilters(new URLSearchParams(location.search))) };
}
