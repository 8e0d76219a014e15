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
  type MessagePage,
  type Page,
} from '../api.ts';

/** A conversation; shown at once from the inbox row it was opened from, then refreshed. */
export const conversationQuery = (id: string) =>
  queryOptions({
    queryKey: ['conversation', id],
    queryFn: () => callApi<Conversation>('GET', `/conversations/${id}`),
  });

/** Where a page of messages starts: the newest, a cursor (older or newer), or around a message. */
type MessagesFrom = { cursor?: string; around?: string };

/**
 * The conversation's messages, newest page first. With `around` (a link to one
 * message), the pages around it: older pages are next, newer ones previous.
 */
export const messagesQuery = (id: string, around?: string) =>
  infiniteQueryOptions({
    queryKey: around ? ['messages', id, { around }] : ['messages', id],
    queryFn: ({ pageParam }) =>
      callApi<MessagePage>('GET', `/conversations/${id}/messages${toQuery(pageParam)}`),
    initialPageParam: (around ? { around } : {}) as MessagesFrom,
    getNextPageParam: (last): MessagesFrom | undefined =>
      last.next_cursor ? { cursor: last.next_cursor } : undefined,
    getPreviousPageParam: (first): MessagesFrom | undefined =>
      first.prev_cursor ? { cursor: first.prev_cursor } : undefined,
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
 * its row and again on opening it (at the message a link leads to, `around`);
 * fresh data is not fetched twice.
 */
export function prefetchConversation(queryClient: QueryClient, id: string, around?: string) {
  void queryClient.prefetchQuery(conversationQuery(id));
  void queryClient.prefetchInfiniteQuery(messagesQuery(id, around));
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
