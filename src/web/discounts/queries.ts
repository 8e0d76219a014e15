import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAreMessagesLoading } from '../conversation/queries.ts';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import type {
  ClientDiscount as ClientDiscountSchema,
  DiscountAuthority as DiscountAuthoritySchema,
  DiscountDecision as DiscountDecisionSchema,
  DiscountLimit,
  DiscountRequest as DiscountRequestSchema,
  EffectiveDiscountAuthority as EffectiveSchema,
  UserDiscountLimit as UserDiscountLimitSchema,
} from '../../shared/api/discounts.ts';
import { ApiError, callApi, type Page } from '../api.ts';

export type DiscountRequest = z.infer<typeof DiscountRequestSchema>;
export type DiscountDecision = z.infer<typeof DiscountDecisionSchema>;
export type ClientDiscount = z.infer<typeof ClientDiscountSchema>;
export type DiscountAuthority = z.infer<typeof DiscountAuthoritySchema>;
export type EffectiveDiscountAuthority = z.infer<typeof EffectiveSchema>;
export type UserDiscountLimit = z.infer<typeof UserDiscountLimitSchema>;
export type { DiscountLimit };

/** What a reply promises, and the sender's limit it is above. */
export type DiscountOverLimit = {
  percent: number;
  coupons: number;
  limit: DiscountLimit;
};

/** The figures of a 422 discount_approval_required, or undefined for any other error. */
export function approvalRequired(error: unknown): DiscountOverLimit | undefined {
  if (!(error instanceof ApiError) || error.code !== 'discount_approval_required') return undefined;
  const d = error.details;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    percent: num(d.percent) ?? 0,
    coupons: num(d.coupons) ?? 0,
    limit: { max_percent: num(d.limit_percent), max_coupons: num(d.limit_coupons) },
  };
}

const MINUTE = 60_000;

/** The signed-in user's own authority; fetched when a draft first promises a discount. */
export function useMyDiscountAuthority(enabled: boolean) {
  return useQuery({
    queryKey: ['discount-authority', 'me'],
    queryFn: () => callApi<EffectiveDiscountAuthority>('GET', '/discounts/authority/me'),
    staleTime: MINUTE,
    enabled,
  });
}

/** The conversation's latest discount requests, newest first (none without a conversation). */
export function useConversationDiscountRequests(conversationId: string | undefined) {
  // Asked for after the conversation's messages.
  const messagesLoading = useAreMessagesLoading(conversationId ?? '');
  return useQuery({
    queryKey: ['discount-requests', 'conversation', conversationId],
    queryFn: ({ signal }) =>
      callApi<Page<DiscountRequest>>(
        'GET',
        `/discount-requests?conversation_id=${conversationId}&limit=10`,
        undefined,
        signal,
      ),
    enabled: conversationId !== undefined && !messagesLoading,
  });
}

/** After a request changed: every list it shows in, and its conversation's timeline and messages. */
function useRequestChanged() {
  const queryClient = useQueryClient();
  return (conversationId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['discount-requests'] }),
      queryClient.invalidateQueries({ queryKey: ['events', conversationId] }),
      queryClient.invalidateQueries({ queryKey: ['messages', conversationId] }),
      queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] }),
      queryClient.invalidateQueries({ queryKey: ['client-discounts'] }),
    ]);
}

/** Asks a supervisor for a discount, with the reply that waits for it. */
export function useAskForDiscount(conversationId: string) {
  const changed = useRequestChanged();
  return useMutation({
    mutationFn: (body: { percent: number; coupons: number; reason: string; reply_text: string }) =>
      callApi<DiscountRequest>('POST', `/conversations/${conversationId}/discount-requests`, body),
    onSuccess: () => changed(conversationId),
  });
}

type DecideAction = 'approve' | 'deny' | 'cancel';

/**
 * Approve (comment optional), deny (comment required) or withdraw a request.
 * `onDone` hears of it before the lists refresh (which may drop the request
 * from the list it was decided in), whatever has unmounted by then.
 */
export function useDecideDiscount(
  request: Pick<DiscountRequest, 'id' | 'conversation'>,
  onDone?: (updated: DiscountRequest, action: DecideAction) => void,
) {
  const changed = useRequestChanged();
  return useMutation({
    mutationFn: (a: { action: DecideAction; comment?: string }) =>
      callApi<DiscountDecision | DiscountRequest>(
        'POST',
        `/discount-requests/${request.id}/${a.action}`,
        a.action === 'cancel' ? undefined : a.comment ? { comment: a.comment } : {},
      ),
    onSuccess: (result, a) => {
      onDone?.('request' in result ? result.request : result, a.action);
      return changed(request.conversation.id);
    },
  });
}

const newestFirst = (a: DiscountRequest, b: DiscountRequest) =>
  a.id.length !== b.id.length ? b.id.length - a.id.length : b.id < a.id ? -1 : 1;

/**
 * Requests decided on this screen stay on it, decided, after the list they
 * came from refreshes without them (a queue of pending ones): the decider sees
 * what became of them.
 */
export function useKeptRequests() {
  const [kept, setKept] = useState<DiscountRequest[]>([]);
  const keep = useCallback(
    (r: DiscountRequest) => setKept((k) => [r, ...k.filter((x) => x.id !== r.id)]),
    [],
  );
  const merge = (items: DiscountRequest[]) => {
    const ids = new Set(items.map((r) => r.id));
    const gone = kept.filter((r) => !ids.has(r.id));
    return gone.length === 0 ? items : [...items, ...gone].sort(newestFirst);
  };
  return { keep, merge, isKept: (id: string) => kept.some((r) => r.id === id) };
}
