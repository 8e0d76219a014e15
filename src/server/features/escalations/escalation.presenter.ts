import type { EscalationRow } from './escalation.repo.ts';

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

/** The API shape of an escalation. */
export function presentEscalation(e: EscalationRow) {
  return {
    id: e.id,
    conversation_id: e.conversation_id,
    category: e.category,
    reason: e.reason,
    from_user: ref(e.from_user_id, e.from_user_name),
    to_user: ref(e.to_user_id, e.to_user_name),
    to_team: ref(e.to_team_id, e.to_team_name),
    scope: e.scope,
    excerpt: e.excerpt,
    method: e.method,
    note: e.note,
    created_at: e.created_at.toISOString(),
  };
}
