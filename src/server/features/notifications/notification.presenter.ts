import type { Selectable } from 'kysely';
import type { NotificationsTable } from '../../db/schema.ts';

export function presentNotification(n: Selectable<NotificationsTable>) {
  return {
    id: n.id,
    kind: n.kind,
    conversation_id: n.conversation_id,
    data: n.data,
    read_at: n.read_at?.toISOString() ?? null,
    created_at: n.created_at.toISOString(),
  };
}
