import type { Actor } from '../../context.ts';
import { callbackTiming } from '../../../shared/api/callbacks.ts';
import { canCallback } from './callback.policy.ts';
import type { CallbackRow } from './callback.repo.ts';

/** Done and cancelled callbacks are finished: nothing about them changes any more. */
export const isFinished = (status: string) => status === 'done' || status === 'cancelled';

/** The API shape of a callback, with what the actor may do with it. */
export function presentCallback(row: CallbackRow, actor: Actor, now: Date) {
  return {
    id: row.id,
    client: { id: row.client_id, name: row.client_name },
    conversation_id: row.conversation_id,
    phone: row.phone,
    window_start: row.window_start.toISOString(),
    window_end: row.window_end?.toISOString() ?? null,
    responsible: { id: row.responsible_id, name: row.responsible_name },
    status: row.status,
    attempts: row.attempts,
    outcome: row.outcome,
    timing: callbackTiming(row, now),
    note: row.note,
    created_by:
      row.created_by_id && row.created_by_name !== null
        ? { id: row.created_by_id, name: row.created_by_name }
        : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    abilities: { update: canCallback(actor, 'update', row) && !isFinished(row.status) },
  };
}
