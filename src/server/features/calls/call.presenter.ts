import type { Actor } from '../../context.ts';
import { canCall } from './call.policy.ts';
import type { CallRow } from './call.repo.ts';

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

/** The API shape of a call, with what the actor may do with it. */
export function presentCall(row: CallRow, actor: Actor) {
  return {
    id: row.id,
    direction: row.direction,
    phone: row.phone,
    duration_seconds: row.duration_seconds,
    outcome: row.outcome,
    notes: row.notes,
    client: { id: row.client_id, name: row.client_name },
    conversation:
      row.conversation_id && row.conversation_number !== null
        ? { id: row.conversation_id, number: row.conversation_number }
        : null,
    agent: ref(row.agent_id, row.agent_name),
    callback_id: row.callback_id,
    started_at: row.started_at.toISOString(),
    external_id: row.external_id,
    created_by: ref(row.created_by_id, row.created_by_name),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    abilities: { update: canCall(actor, 'update', row) },
  };
}
