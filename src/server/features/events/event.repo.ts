import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function insertEvent(
  db: Db,
  workspaceId: string,
  e: {
    type: string;
    actor_kind: 'user' | 'client' | 'system';
    actor_user_id: string | null;
    conversation_id?: string | null;
    client_id?: string | null;
    data: Record<string, unknown>;
    created_at: Date;
  },
) {
  return db
    .insertInto('events')
    .values({ workspace_id: workspaceId, ...e, data: JSON.stringify(e.data) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Inserts several events in one statement. */
export async function insertEvents(
  db: Db,
  workspaceId: string,
  events: {
    type: string;
    actor_kind: 'user' | 'client' | 'system';
    actor_user_id: string | null;
    conversation_id?: string | null;
    client_id?: string | null;
    data: Record<string, unknown>;
    created_at: Date;
  }[],
) {
  if (events.length === 0) return;
  await db
    .insertInto('events')
    .values(events.map((e) => ({ workspace_id: workspaceId, ...e, data: JSON.stringify(e.data) })))
    .execute();
}

/** A timeline page, newest first, for a conversation or a client (or several: a client and those merged into it). */
export function listEvents(
  db: Db,
  workspaceId: string,
  about: { conversationId?: string; clientId?: string; clientIds?: string[] },
  limit: number,
  beforeId?: string,
) {
  let q = db.selectFrom('events').selectAll().where('workspace_id', '=', workspaceId);
  if (about.conversationId) q = q.where('conversation_id', '=', about.conversationId);
  if (about.clientId) q = q.where('client_id', '=', about.clientId);
  if (about.clientIds) q = q.where('client_id', 'in', about.clientIds);
  if (beforeId) q = q.where('id', '<', beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
