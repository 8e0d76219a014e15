import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, DB, DeliveryState, Direction } from '../../db/schema.ts';
import { searchLanguageOf } from '../search/search-language.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Messages with their author's name (a user of the workspace or the client). */
function selectMessages(db: Db, workspaceId: string) {
  return db
    .selectFrom('messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'm.workspace_id').onRef('u.id', '=', 'm.author_user_id'),
    )
    .leftJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'm.workspace_id').onRef('cl.id', '=', 'm.author_client_id'),
    )
    .where('m.workspace_id', '=', workspaceId)
    .selectAll('m')
    .select(['u.name as author_user_name', 'cl.name as author_client_name']);
}

export type MessageRow = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

export function findMessage(db: Db, workspaceId: string, id: string) {
  return selectMessages(db, workspaceId).where('m.id', '=', id).executeTakeFirst();
}

/** Several messages by id, in one query (in no particular order). */
export function listMessagesByIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectMessages(db, workspaceId).where('m.id', 'in', ids).execute();
}

/** The message ingested earlier under this external id, or undefined. */
export function findMessageByExternalId(db: Db, workspaceId: string, externalId: string) {
  return selectMessages(db, workspaceId).where('m.external_id', '=', externalId).executeTakeFirst();
}

/**
 * A page of a conversation's messages, newest first, through
 * messages_conversation_idx: the cost does not grow with the conversation.
 */
export function listMessages(
  db: Db,
  workspaceId: string,
  conversationId: string,
  limit: number,
  beforeId?: string,
) {
  let query = selectMessages(db, workspaceId).where('m.conversation_id', '=', conversationId);
  if (beforeId) query = query.where('m.id', '<', beforeId);
  return query
    .orderBy('m.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Stores a message; returns its row as findMessage reads it. */
export function insertMessage(
  db: Db,
  workspaceId: string,
  values: {
    conversation_id: string;
    direction: Direction;
    channel: Channel;
    author_user_id: string | null;
    author_client_id: string | null;
    body_text: string;
    body_html: string | null;
    external_id: string | null;
    created_at: Date;
    delivery_state?: DeliveryState;
    coach_rules?: string[];
  },
) {
  return db
    .insertInto('messages')
    .values({
      workspace_id: workspaceId,
      // The language search stems the body with (0030_search.sql).
      language: searchLanguageOf(values.body_text),
      ...values,
    })
    .returningAll()
    .returning([
      // As selectMessages joins them, so the insert answers with the row.
      sql<string | null>`(select u.name from users u
        where u.workspace_id = messages.workspace_id and u.id = messages.author_user_id)`.as(
        'author_user_name',
      ),
      sql<string | null>`(select cl.name from clients cl
        where cl.workspace_id = messages.workspace_id and cl.id = messages.author_client_id)`.as(
        'author_client_name',
      ),
    ])
    .executeTakeFirstOrThrow();
}
