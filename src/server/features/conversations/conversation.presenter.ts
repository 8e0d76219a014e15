import type { Actor } from '../../context.ts';
import { abilitiesOf } from './conversation.policy.ts';
import type { ConversationRow } from './conversation.repo.ts';
import { slaStateOf } from './conversation.status.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API shape of a conversation (list row and single resource alike), with the actor's abilities. */
export function presentConversation(row: ConversationRow, actor: Actor, now: Date) {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    tags: row.tags,
    client: { id: row.client_id, name: row.client_name },
    assignee:
      row.assignee_id && row.assignee_name !== null
        ? { id: row.assignee_id, name: row.assignee_name }
        : null,
    team: row.team_id && row.team_name !== null ? { id: row.team_id, name: row.team_name } : null,
    last_message_at: row.last_message_at.toISOString(),
    last_inbound_at: iso(row.last_inbound_at),
    last_excerpt: row.last_excerpt,
    message_count: row.message_count,
    sla: row.sla_due_at
      ? { due_at: row.sla_due_at.toISOString(), state: slaStateOf(row.sla_due_at, now) }
      : null,
    first_responded_at: iso(row.first_responded_at),
    resolved_at: iso(row.resolved_at),
    closed_at: iso(row.closed_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    abilities: abilitiesOf(actor, row),
  };
}

/** The API shape of a timeline event. */
export function presentEvent(e: {
  id: string;
  type: string;
  actor_kind: 'user' | 'client' | 'system';
  actor_user_id: string | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}) {
  return {
    id: e.id,
    type: e.type,
    actor: { kind: e.actor_kind, id: e.actor_user_id, name: e.actor_name },
    data: e.data,
    created_at: e.created_at.toISOString(),
  };
}
