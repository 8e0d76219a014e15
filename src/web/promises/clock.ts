// The workspace's promise clock, on its own: the timeline needs the zone, and this
// keeps the rest of the promise queries (and the business-time code) out of the
// inbox's first download.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PromiseClock as PromiseClockSchema } from '../../shared/api/promises.ts';
import { callApi } from '../api.ts';

type PromiseClock = z.infer<typeof PromiseClockSchema>;

/** The time zone and business hours a reply to the conversation (or a new one) is read by on send. */
export const promiseClockQuery = (conversationId: string | undefined) =>
  queryOptions({
    queryKey: ['promise-clock', conversationId ?? null],
    queryFn: ({ signal }) =>
      callApi<PromiseClock>(
        'GET',
        `/promises/clock${conversationId ? `?conversation_id=${conversationId}` : ''}`,
        undefined,
        signal,
      ),
    staleTime: 10 * 60_000,
  });

/**
 * The workspace's time zone: promises are read in it ("tomorrow at 15:00" is
 * 15:00 there), so the preview, the cards and the time inputs all show it,
 * labelled when the agent's own clock is in another zone. Undefined until known.
 */
export function useWorkspaceTimeZone(enabled = true): string | undefined {
  return useQuery({ ...promiseClockQuery(undefined), enabled }).data?.time_zone;
}
