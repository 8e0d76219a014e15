import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB>;

/** The event that records an "answer waiting" email (and, by its time, paces the next one). */
export const ANSWER_NOTICE_EVENT = 'portal.answer_notice';

/** What the "answer waiting" email says: the request, its client, the workspace, the reply. */
export function findAnswerFacts(
  db: Db,
  workspaceId: string,
  conversationId: string,
  messageId: string,
) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'm.workspace_id').onRef('c.id', '=', 'm.conversation_id'),
    )
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .where('m.workspace_id', '=', workspaceId)
    .where('m.id', '=', messageId)
    .where('m.conversation_id', '=', conversationId)
    .select([
      'm.body_text',
      'm.direction',
      'c.number',
      'c.subject',
      'c.client_id',
      'cl.name as client_name',
      'cl.language as client_language',
      'w.name as workspace_name',
      'w.slug as workspace_slug',
      'w.default_language',
    ])
    .executeTakeFirst();
}

/** When the conversation's client was last emailed that an answer waits; undefined if never. */
export async function lastAnswerNoticeAt(db: Db, workspaceId: string, conversationId: string) {
  const row = await db
    .selectFrom('events')
    .select('created_at')
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('type', '=', ANSWER_NOTICE_EVENT)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}

/** Takes back the event of an "answer waiting" email that could not be sent. */
export async function deleteAnswerNotice(db: Db, workspaceId: string, eventId: string) {
  await db
    .deleteFrom('events')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', eventId)
    .where('type', '=', ANSWER_NOTICE_EVENT)
    .execute();
}
