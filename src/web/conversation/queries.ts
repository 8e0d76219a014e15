import {
  infiniteQueryOptions,
  queryOptions,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
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
    queryFn: ({ signal }) =>
      callApi<Conversation>('GET', `/conversations/${id}`, undefined, signal),
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
    queryFn: ({ pageParam, signal }) =>
      callApi<MessagePage>(
        'GET',
        `/conversations/${id}/messages${toQuery(pageParam)}`,
        undefined,
        signal,
      ),
    initialPageParam: (around ? { around } : {}) as MessagesFrom,
    getNextPageParam: (last): MessagesFrom | undefined =>
      last.next_cursor ? { cursor: last.next_cursor } : undefined,
    getPreviousPageParam: (first): MessagesFrom | undefined =>
      first.prev_cursor ? { cursor: first.prev_cursor } : undefined,
    refetchInterval: 15_000,
  });

/** The conversation's events, newest first, a page of 100 at a time (the timeline asks for older pages as it needs them). */
export const eventsQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['events', id],
    queryFn: ({ pageParam, signal }) =>
      callApi<Page<ConversationEvent>>(
        'GET',
        `/conversations/${id}/events?limit=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        undefined,
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
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
  void queryClient.prefetchInfiniteQuery(eventsQuery(id));
}

const CONVERSATION_KEYS = new Set(['conversation', 'messages', 'events']);

/**
 * Cancels what other conversations still wait for that nothing on screen
 * watches: the one the agent has just left (its prefetched conversation,
 * messages and events have no observer until its timeline mounts), and those
 * prefetched as the pointer or focus passed their rows, or opened so briefly
 * that React never drew them (j j j). Left running, they would hold the
 * browser's connections and the server ahead of the conversation now open.
 */
export function giveUpOtherConversations(queryClient: QueryClient, keep: string | undefined) {
  void queryClient.cancelQueries({
    predicate: (q) => {
      const [kind, id] = q.queryKey as unknown[];
      return (
        CONVERSATION_KEYS.has(kind as string) &&
        id !== keep &&
        q.state.fetchStatus === 'fetching' &&
        q.getObserversCount() === 0
      );
    },
  });
}

/**
 * Whether the conversation's first page of messages is still on its way. What
 * opening a conversation shows beside them (the dossier, callback and promise
 * cards, the reply coach's context) waits until then: on the embedded database
 * requests are answered one at a time, and the messages are what the agent opened
 * it for.
 */
export function useAreMessagesLoading(conversationId: string): boolean {
  const queryClient = useQueryClient();
  const cache = queryClient.getQueryCache();
  // Only this query's events wake the hook: the opening pane has a dozen of them, and
  // useIsFetching would look through every cached query at every change of any.
  const subscribe = useCallback(
    (onChange: () => void) =>
      cache.subscribe((event) => {
        const [kind, id] = event.query.queryKey as unknown[];
        if (kind === 'messages' && id === conversationId) onChange();
      }),
    [cache, conversationId],
  );
  const isLoading = () => {
    // The newest page, or the page around a message a link leads to.
    const states = cache
      .findAll({ queryKey: ['messages', conversationId] })
      .map((query) => query.state);
    // Not asked for yet counts as on its way: the pane asks as it opens.
    if (states.length === 0) return true;
    if (states.some((state) => state.data !== undefined)) return false;
    return states.some((state) => state.status === 'pending' && state.fetchStatus !== 'idle');
  };
  return useSyncExternalStore(subscribe, isLoading, isLoading);
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
