// The SQL of outgoing email: which mailbox sends, to whom, in reply to what.
// Every query is scoped by workspace: another workspace's mailbox is never used.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const MAILBOX_COLUMNS = [
  'id',
  'name',
  'address',
  'signature',
  'default_language',
  'smtp_host',
  'smtp_port',
  'smtp_secure',
  'smtp_user',
  'smtp_password_sealed',
  'is_active',
] as const;

export type SendingMailbox = NonNullable<Awaited<ReturnType<typeof findSendingMailbox>>>;

/** The workspace's active mailbox with this id and outgoing SMTP settings, if any. */
export function findSendingMailbox(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('mailboxes')
    .select(MAILBOX_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('is_active', '=', true)
    .where('smtp_host', 'is not', null)
    .executeTakeFirst();
}

/** The workspace's first active mailbox (by id) that can send, if any. */
export function findFirstSendingMailbox(db: Db, workspaceId: string) {
  return db
    .selectFrom('mailboxes')
    .select(MAILBOX_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('is_active', '=', true)
    .where('smtp_host', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The conversation's latest raw inbound email (the one a reply answers), if any. */
export function findLastInboundEmail(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('inbound_emails')
    .select(['id', 'mailbox_id', 'raw', 'message_id_header'])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findInboundEmailRow(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('inbound_emails')
    .select(['id', 'mailbox_id', 'raw', 'message_id_header', 'conversation_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The conversation's first raw inbound email (the request an acknowledgement answers). */
export function findFirstInboundEmail(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('inbound_emails')
    .select(['id', 'mailbox_id', 'raw', 'message_id_header', 'conversation_id'])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The Message-IDs of the conversation's earlier outgoing email, oldest first (at most 50). */
export async function listOutboundMessageIds(
  db: Db,
  workspaceId: string,
  conversationId: string,
  beforeMessageId: string,
) {
  const rows = await db
    .selectFrom('messages')
    .select('external_id')
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'outbound')
    .where('channel', '=', 'email')
    .where('external_id', 'is not', null)
    .where('id', '<', beforeMessageId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => r.external_id!).reverse();
}

/** The client's email addresses, oldest first. */
export async function listClientEmails(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .selectFrom('client_identities')
    .select('value')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'email')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.value);
}

export function findWorkspace(db: Db, workspaceId: string) {
  return db
    .selectFrom('workspaces')
    .select(['id', 'name', 'time_zone', 'default_language'])
    .where('id', '=', workspaceId)
    .executeTakeFirst();
}

/** The stored files of the message's attachments. */
export function listAttachmentFiles(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'storage_key'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/**
 * Gives the message its Message-ID before it is sent, unless it has one: a
 * retried delivery then sends the same Message-ID (the recipient's server can
 * drop the repeat, and replies thread back either way). Returns the one to use.
 */
export async function claimMessageExternalId(
  db: Db,
  workspaceId: string,
  messageId: string,
  candidate: string,
): Promise<string> {
  const updated = await db
    .updateTable('messages')
    .set({ external_id: candidate })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', messageId)
    .where('external_id', 'is', null)
    .returning('external_id')
    .executeTakeFirst();
  if (updated?.external_id) return updated.external_id;
  const row = await db
    .selectFrom('messages')
    .select('external_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  return row?.external_id ?? candidate;
}

// Acknowledgements ---------------------------------------------------------------

export type AckRow = NonNullable<Awaited<ReturnType<typeof findAcknowledgement>>>;

export function findAcknowledgement(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('email_acknowledgements')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/**
 * Claims the conversation's acknowledgement: true when this run may send it
 * (no claim yet, or a claim older than staleBefore that never completed).
 */
export async function claimAcknowledgement(
  db: Db,
  workspaceId: string,
  conversationId: string,
  messageIdHeader: string,
  at: Date,
  staleBefore: Date,
): Promise<{ claimed: boolean; messageIdHeader: string }> {
  const row = await db
    .insertInto('email_acknowledgements')
    .values({
      workspace_id: workspaceId,
      conversation_id: conversationId,
      state: 'sending',
      message_id_header: messageIdHeader,
      claimed_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'conversation_id'])
        .doUpdateSet({ claimed_at: at })
        .where('email_acknowledgements.state', '=', 'sending')
        .where('email_acknowledgements.claimed_at', '<', staleBefore),
    )
    .returning(['message_id_header'])
    .executeTakeFirst();
  return row
    ? { claimed: true, messageIdHeader: row.message_id_header ?? messageIdHeader }
    : { claimed: false, messageIdHeader };
}

/**
 * Gives up this run's claim after a send that failed and may succeed later:
 * the retry takes it over at once (with the same Message-ID).
 */
export async function releaseAcknowledgement(db: Db, workspaceId: string, conversationId: string) {
  await db
    .updateTable('email_acknowledgements')
    .set({ claimed_at: new Date(0) })
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('state', '=', 'sending')
    .execute();
}

export async function markAcknowledgement(
  db: Db,
  workspaceId: string,
  conversationId: string,
  values: { state: 'sent' | 'skipped'; reason?: string; at: Date },
) {
  await db
    .insertInto('email_acknowledgements')
    .values({
      workspace_id: workspaceId,
      conversation_id: conversationId,
      state: values.state,
      reason: values.reason ?? null,
      claimed_at: values.at,
      sent_at: values.state === 'sent' ? values.at : null,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'conversation_id']).doUpdateSet({
        state: values.state,
        reason: values.reason ?? null,
        sent_at: values.state === 'sent' ? values.at : null,
      }),
    )
    .execute();
}

/** What an acknowledgement needs to know of its conversation. */
export function findConversationForAck(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .leftJoin('sla_targets as t', (j) =>
      j
        .onRef('t.workspace_id', '=', 'c.workspace_id')
        .onRef('t.conversation_id', '=', 'c.id')
        .on('t.kind', '=', 'first_response'),
    )
    .select([
      'c.id',
      'c.number',
      'c.subject',
      'c.channel',
      'c.client_id',
      'cl.name as client_name',
      'cl.language as client_language',
      't.due_at as first_response_due_at',
      sql<boolean>`t.met_at is not null`.as('first_response_met'),
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
}
