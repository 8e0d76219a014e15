import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ChatSettings {
  enabled: boolean;
  prechat_form: boolean;
  greetings: Record<string, string>;
  allowed_origins: string[];
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  enabled: true,
  prechat_form: false,
  greetings: {},
  allowed_origins: [],
};

/** The workspace's chat settings (defaults when never saved); undefined when there is no such workspace. */
export async function findChatSettings(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('workspaces')
    .leftJoin('chat_settings', 'chat_settings.workspace_id', 'workspaces.id')
    .select([
      'workspaces.id',
      'chat_settings.enabled',
      'chat_settings.prechat_form',
      'chat_settings.greetings',
      'chat_settings.allowed_origins',
    ])
    .where('workspaces.id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.enabled === null) return { ...DEFAULT_CHAT_SETTINGS };
  return {
    enabled: row.enabled,
    prechat_form: row.prechat_form ?? false,
    greetings: row.greetings ?? {},
    allowed_origins: row.allowed_origins ?? [],
  } satisfies ChatSettings;
}

export async function upsertChatSettings(db: Db, workspaceId: string, s: ChatSettings, at: Date) {
  await db
    .insertInto('chat_settings')
    .values({
      workspace_id: workspaceId,
      enabled: s.enabled,
      prechat_form: s.prechat_form,
      greetings: JSON.stringify(s.greetings),
      allowed_origins: s.allowed_origins,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        enabled: s.enabled,
        prechat_form: s.prechat_form,
        greetings: JSON.stringify(s.greetings),
        allowed_origins: s.allowed_origins,
        updated_at: at,
      }),
    )
    .execute();
}

/** The visitor's latest chat conversation, if it ever wrote. */
export async function findVisitorConversation(db: Db, workspaceId: string, visitorId: string) {
  return db
    .selectFrom('client_identities as i')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.client_id', '=', 'i.client_id'),
    )
    .select(['c.id', 'c.status', 'c.client_id'])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.kind', '=', 'chat')
    .where('i.value', '=', visitorId)
    .where('c.channel', '=', 'chat')
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface ChatMessageRow {
  id: string;
  direction: 'inbound' | 'outbound' | 'note';
  body_text: string;
  created_at: Date;
  author_name: string | null;
  delivery_state: string;
}

/** The visible messages (no notes) of a conversation after a message id, oldest first. */
export async function listMessagesAfter(
  db: Db,
  workspaceId: string,
  conversationId: string,
  afterId: string,
  limit = 200,
): Promise<ChatMessageRow[]> {
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'm.workspace_id').onRef('u.id', '=', 'm.author_user_id'),
    )
    .select([
      'm.id',
      'm.direction',
      'm.body_text',
      'm.created_at',
      'm.delivery_state',
      'u.name as author_name',
    ])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.conversation_id', '=', conversationId)
    .where('m.direction', '<>', 'note')
    .where('m.id', '>', afterId)
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Chat replies pushed to the visitor's socket are sent. */
export async function markSent(db: Db, workspaceId: string, messageIds: string[]) {
  if (messageIds.length === 0) return;
  await db
    .updateTable('messages')
    .set({ delivery_state: 'sent' })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', messageIds)
    .where('delivery_state', 'in', ['none', 'queued'])
    .execute();
}

export async function insertTranscriptRequest(
  db: Db,
  workspaceId: string,
  r: { conversationId: string; email: string; language: string },
) {
  return db
    .insertInto('chat_transcript_requests')
    .values({
      workspace_id: workspaceId,
      conversation_id: r.conversationId,
      email: r.email,
      language: r.language,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Whether a conversation is a chat conversation of the workspace (agents' typing is only relayed for those). */
export async function isChatConversation(db: Db, workspaceId: string, conversationId: string) {
  const row = await db
    .selectFrom('conversations')
    .select(sql<number>`1`.as('one'))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .where('channel', '=', 'chat')
    .executeTakeFirst();
  return Boolean(row);
}

/** One transcript request of the workspace. */
export async function findTranscriptRequest(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('chat_transcript_requests')
    .select(['id', 'conversation_id', 'email', 'language', 'sent_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markTranscriptSent(db: Db, workspaceId: string, id: string, at: Date) {
  await db
    .updateTable('chat_transcript_requests')
    .set({ sent_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** The workspace's name, for the transcript's subject. */
export async function findWorkspaceName(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  return row?.name;
}
