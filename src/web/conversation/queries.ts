import {
  infiniteQueryOptions,
  queryOptions,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import {
  callApi,
  toQuery,
  type Conversation,
  type ConversationEvent,
  type Message,
  type Page,
} from '../api.ts';

/** A conversation; shown at once from the inbox row it was opened from, then refreshed. */
export const conversationQuery = (id: string) =>
  queryOptions({
    queryKey: ['conversation', id],
    queryFn: () => callApi<Conversation>('GET', `/conversations/${id}`),
  });

/** The conversation's messages, newest page first. */
export const messagesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['messages', id],
    queryFn: ({ pageParam }) =>
      callApi<Page<Message>>(
        'GET',
        `/conversations/${id}/messages${toQuery({ cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 15_000,
  });

export const eventsQuery = (id: string) =>
  queryOptions({
    queryKey: ['events', id],
    queryFn: () => callApi<Page<ConversationEvent>>('GET', `/conversations/${id}/events?limit=100`),
    refetchInterval: 15_000,
  });

/**
 * Starts loading what opening the conversation shows, all at once (the
 * conversation, its messages and events), when the pointer or focus reaches
 * its row and again on opening it; fresh data is not fetched twice.
 */
export function prefetchConversation(queryClient: QueryClient, id: string) {
  void queryClient.prefetchQuery(conversationQuery(id));
  void queryClient.prefetchInfiniteQuery(messagesQuery(id));
  void queryClient.prefetchQuery(eventsQuery(id));
}

/** The conversation as an inbox list already holds it, to show while the fresh copy loads. */
export function conversationFromLists(
  queryClient: QueryClient,
  id: string,
): Conversation | undefined {
  for (const [, data] of queryClient.getQueriesData<InfiniteData<Page<Conversation>>>({
    queryKey: ['conversations'],
  })) {
    for (const page of data?.pages ?? []) {
      const hit = page.items?.find((c) => c.id === id);
      if (hit) return hit;
    }
  }
  return undefined;
}
