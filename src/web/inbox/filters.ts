// The inbox's filters, search and sort live in the URL's query string, so a
// filtered view can be bookmarked, shared and survives a reload.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { apiParams, KEYS, readFilters, type InboxFilters } from './filterParams.ts';

export * from './filterParams.ts';

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
