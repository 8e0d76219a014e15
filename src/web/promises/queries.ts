import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClientPromise as PromiseSchema,
  DelayedPromise as DelayedSchema,
  PromiseStats as StatsSchema,
} from '../../shared/api/promises.ts';
import { callApi } from '../api.ts';

export type ClientPromise = z.infer<typeof PromiseSchema>;
export type DelayedPromise = z.infer<typeof DelayedSchema>;
export type PromiseStats = z.infer<typeof StatsSchema>;

/** A promise whose due time has come (the sweep marks it broken within the minute). */
export const isPastDue = (p: Pick<ClientPromise, 'due_at'>, now: number) =>
  new Date(p.due_at).getTime() <= now;

/**
 * The promise actions (track, not a promise, kept, delay); each refreshes every
 * list a promise shows in, and the conversation's timeline and messages (a
 * delay notice is a reply).
 */
export function usePromiseAction(promise: Pick<ClientPromise, 'id' | 'conversation'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: { action: 'confirm' | 'dismiss' | 'keep' | 'delay'; body?: object }) =>
      callApi<ClientPromise | DelayedPromise>(
        'POST',
        `/promises/${promise.id}/${a.action}`,
        a.body ?? {},
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['promises'] }),
        queryClient.invalidateQueries({ queryKey: ['events', promise.conversation.id] }),
        queryClient.invalidateQueries({ queryKey: ['messages', promise.conversation.id] }),
        queryClient.invalidateQueries({ queryKey: ['conversation', promise.conversation.id] }),
      ]),
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local input shows it, in the browser's time zone. */
export function toLocalInput(iso: string | number): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value as an ISO instant, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
