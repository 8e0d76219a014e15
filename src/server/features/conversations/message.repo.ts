import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, DB, DeliveryState, Direction } from '../../db/schema.ts';
import { searchLanguageOf } from '../search/search-language.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Messages with their author's name (a user of the workspace or the client).
 * The names are looked up per row returned, not joined: a join lets the planner
 * (misjudging how many messages are newer than an id) read them all and sort,
 * where the index gives them in order and the limit stops it.
 */
function selectMessages(db: Db, workspaceId: string) {
  return db
    .selectFrom('messages as m')
    .where('m.workspace_id', '=', workspaceId)
    .selectAll('m')
    .select((eb) => [
      eb
        .selectFrom('users as u')
        .select('u.name')
        .whereRef('u.workspace_id', '=', 'm.workspace_id')
        .whereRef('u.id', '=', 'm.author_user_id')
        .as('author_user_name'),
      eb
        .selectFrom('clients as cl')
        .select('cl.name')
        .whereRef('cl.workspace_id', '=', 'm.workspace_id')
        .whereRef('cl.id', '=', 'm.author_client_id')
        .as('author_client_name'),
    ]);
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
 * The conversation's messages from a point, nearest first, through
 * messages_conversation_idx (forward or backward): the cost does not grow
 * with the conversation. `older` walks back from the newest, or from before
 * (or at, `inclusive`) an id; `newer` walks forward from just after an id.
 */
export function selectMessagesFrom(
  db: Db,
  workspaceId: string,
  conversationId: string,
  from:
    { direction: 'older'; id?: string; inclusive?: boolean } | { direction: 'newer'; id: string },
  limit: number,
) {
  const query = selectMessages(db, workspaceId).where('m.conversation_id', '=', conversationId);
  if (from.direction === 'newer')
    return query.where('m.id', '>', from.id).orderBy('m.id', 'asc').limit(limit);
  return (from.id ? query.where('m.id', from.inclusive ? '<=' : '<', from.id) : query)
    .orderBy('m.id', 'desc')
    .limit(limit);
}

/** A page of a conversation's messages, newest first, with one more row to tell if more are older. */
export function listMessages(
  db: Db,
  workspaceId: string,
  conversationId: string,
  limit: number,
  beforeId?: string,
) {
  return selectMessagesFrom(
    db,
    workspaceId,
    conversationId,
    { direction: 'older', id: beforeId },
    limit + 1,
  ).execute();
}

/** Up to `limit` + 1 messages just newer than an id, oldest first. */
export function listMessagesAfter(
  db: Db,
  workspaceId: string,
  conversationId: string,
  limit: number,
  afterId: string,
) {
  return selectMessagesFrom(
    db,
    workspaceId,
    conversationId,
    { direction: 'newer', id: afterId },
    limit + 1,
  ).execute();
}

/**
 * The messages around one, each half with one more row than asked to tell if
 * more are there: `older` starts with the message itself and goes back,
 * `newer` goes forward from just after it. Undefined when the message is not
 * in this conversation of this workspace.
 */
export async function listMessagesAround(
  db: Db,
  workspaceId: string,
  conversationId: string,
  messageId: string,
  counts: { older: number; newer: number },
) {
  const older = await selectMessagesFrom(
    db,
    workspaceId,
    conversationId,
    { direction: 'older', id: messageId, inclusive: true },
    counts.older + 2,
  ).execute();
  // The walk back starts at the message, or it is not one of this conversation's.
  if (older[0]?.id !== messageId) return undefined;
  const newer = await listMessagesAfter(db, workspaceId, conversationId, counts.newer, messageId);
  return { older, newer };
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

/**
 * Queues a failed outbound message of the conversation again (state failed →
 * queued, its error cleared); undefined when it is not one.
 */
export async function requeueFailedMessage(
  db: Db,
  workspaceId: string,
  conversationId: string,
  id: string,
  now: Date,
) {
  const updated = await db
    .updateTable('messages')
    .set({
      delivery_state: 'queued',
      delivery_error: null,
      delivery_error_code: null,
      delivery_updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('id', '=', id)
    .where('direction', '=', 'outbound')
    .where('delivery_state', '=', 'failed')
    .returning('id')
    .executeTakeFirst();
  return updated?.id;
}
