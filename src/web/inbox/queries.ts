import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { callApi, type Conversation, type InboxView, type Page } from '../api.ts';
import { inboxAt, inboxPagePath } from './views.ts';

/** One view of the inbox, filtered as the URL says, a page at a time over the keyset cursor. */
export const inboxQuery = (view: InboxView, params: Record<string, string | undefined>) =>
  infiniteQueryOptions({
    queryKey: ['conversations', view, params],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<Conversation>>('GET', inboxPagePath(view, params, pageParam), undefined, signal),
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
  const at = inboxAt(location);
  if (at) void queryClient.prefetchInfiniteQuery(inboxQuery(at.view, at.params));
}
