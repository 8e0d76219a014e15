import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClientPromise as PromiseSchema,
  DelayedPromise as DelayedSchema,
  PromiseStats as StatsSchema,
} from '../../shared/api/promises.ts';
import { zonedTimeToInstant } from '../../shared/sla/business-time.ts';
import { callApi } from '../api.ts';

export { promiseClockQuery, useWorkspaceTimeZone } from './clock.ts';

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

/**
 * An instant as a datetime-local input shows it: a wall time in the workspace's
 * zone (the one promises are read and shown in), else the browser's.
 */
export function toLocalInput(iso: string | number, timeZone?: string): string {
  const d = new Date(iso);
  if (!timeZone)
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const p of format.formatToParts(d)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * A datetime-local input's value (a wall time in `timeZone`, else the
 * browser's) as an ISO instant, or undefined when empty or invalid.
 */
export function fromLocalInput(value: string, timeZone?: string): string | undefined {
  if (!value) return undefined;
  if (!timeZone) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  return new Date(zonedTimeToInstant({ y, m: mo, d }, h * 60 + mi, timeZone)).toISOString();
}
