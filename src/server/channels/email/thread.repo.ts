// The SQL of email threading: which conversation an inbound email continues.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The conversation of the latest stored message with one of these Message-IDs, or else
 * of the acknowledgement sent with one of them (acknowledgements are events, not messages).
 */
export async function findConversationByMessageIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return undefined;
  const some = ids.slice(0, 100);
  const row = await db
    .selectFrom('messages')
    .select('conversation_id')
    .where('workspace_id', '=', workspaceId)
    .where('external_id', 'in', some)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row) return row.conversation_id;
  const ack = await db
    .selectFrom('email_acknowledgements')
    .select('conversation_id')
    .where('workspace_id', '=', workspaceId)
    .where('message_id_header', 'in', some)
    .limit(1)
    .executeTakeFirst();
  return ack?.conversation_id;
}

/** The client with this email identity, if any. */
function clientIdByEmail(db: Db, workspaceId: string, email: string) {
  return db
    .selectFrom('client_identities')
    .select('client_id')
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'email')
    .where('value', '=', email);
}

/** The conversation numbered `number` whose client is this sender (a "[#number]" reply). */
export async function findClientConversationByNumber(
  db: Db,
  workspaceId: string,
  email: string,
  number: number,
) {
  const row = await db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('number', '=', number)
    .where('client_id', 'in', clientIdByEmail(db, workspaceId, email))
    .executeTakeFirst();
  return row?.id;
}

/** The sender's email conversations with activity since `since`, latest first (for subject matching). */
export function listRecentClientConversations(
  db: Db,
  workspaceId: string,
  email: string,
  since: Date,
) {
  return db
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', 'in', clientIdByEmail(db, workspaceId, email))
    .where('channel', '=', 'email')
    .where('status', '!=', 'closed')
    .where('last_message_at', '>=', since)
    .orderBy('last_message_at', 'desc')
    .limit(50)
    .execute();
}

// The same look-ups for a batch of emails (ingest.batch.ts): one statement each
// for the whole batch (stored Message-IDs: ingest.repo.ts listMessagesByExternalIds).

/** The conversations of the acknowledgements sent with these Message-IDs. */
export function listAcknowledgementsByMessageIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('email_acknowledgements')
    .select(['message_id_header', 'conversation_id'])
    .where('workspace_id', '=', workspaceId)
    .where('message_id_header', 'in', ids)
    .execute();
}

/**
 * listRecentClientConversations for several senders in one statement: each sender's
 * (at most 50) email conversations with activity since `since`, with the sender's
 * client, latest first within a sender.
 */
export function listRecentConversationsOfSenders(
  db: Db,
  workspaceId: string,
  emails: string[],
  since: Date,
) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('client_identities as i')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('conversations as c')
          .select(['c.id', 'c.subject', 'c.last_message_at'])
          .whereRef('c.workspace_id', '=', 'i.workspace_id')
          .whereRef('c.client_id', '=', 'i.client_id')
          .where('c.channel', '=', 'email')
          .where('c.status', '!=', 'closed')
          .where('c.last_message_at', '>=', since)
          .orderBy('c.last_message_at', 'desc')
          .limit(50)
          .as('c'),
      (join) => join.onTrue(),
    )
    .select(['i.value as sender', 'i.client_id', 'c.id', 'c.subject', 'c.last_message_at'])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.kind', '=', 'email')
    .where('i.value', 'in', emails)
    .orderBy('i.value')
    .orderBy('c.last_message_at', 'desc')
    .execute();
}
