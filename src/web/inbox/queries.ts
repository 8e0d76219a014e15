import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { callApi, toQuery, type Conversation, type InboxView, type Page } from '../api.ts';
import { isView } from '../Shell.tsx';
import { apiParams, readFilters } from './filters.ts';

const PAGE_SIZE = 25;

/** One view of the inbox, filtered as the URL says, a page at a time over the keyset cursor. */
export const inboxQuery = (view: InboxView, params: Record<string, string | undefined>) =>
  infiniteQueryOptions({
    queryKey: ['conversations', view, params],
    queryFn: ({ pageParam }) =>
      callApi<Page<Conversation>>(
        'GET',
        `/conversations${toQuery({ view, ...params, limit: PAGE_SIZE, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 30_000,
  });

/**
 * Asks for the first page of the inbox the address opens, before the app has
 * started (while its language loads and it first renders), so the rows are
 * there, or on their way, when the list appears. Anywhere else it does nothing.
 */
export function prefetchInboxAt(
  queryClient: QueryClient,
  location: { pathname: string; search: string },
) {
  const view = /^\/inbox\/([^/]+)/.exec(location.pathname)?.[1];
  if (!isView(view)) return;
  const params = apiParams(readFilters(new URLSearchParams(location.search)));
  void queryClient.prefetchInfiniteQuery(inboxQuery(view, params));
}
