import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function insertAttachment(
  db: Db,
  workspaceId: string,
  values: {
    filename: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    storage_key: string;
    uploaded_by: string | null;
    created_at: Date;
    content_id?: string | null;
  },
) {
  return db
    .insertInto('attachments')
    .values({ workspace_id: workspaceId, message_id: null, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findAttachment(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** These attachments of the workspace, row-locked until the transaction ends. */
export function lockAttachments(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
}

export function linkAttachments(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  messageId: string,
) {
  return db
    .updateTable('attachments')
    .set({ message_id: messageId })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('message_id', 'is', null)
    .returningAll()
    .execute();
}

/** The attachments of these messages, in upload order. */
export function listForMessages(db: Db, workspaceId: string, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('message_id', 'in', messageIds)
    .orderBy('id')
    .execute();
}

/** Deletes an attachment that was never sent; false when there is none such. */
export async function deleteUnsent(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('attachments')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('message_id', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/**
 * Uploads never sent and older than the cut-off, in every workspace (a
 * maintenance sweep, hence unscoped), oldest first, at most `limit`.
 */
export function unscopedListStaleUnsent(db: Db, before: Date, limit: number) {
  return db
    .selectFrom('attachments')
    .select(['workspace_id', 'id', 'storage_key'])
    .where('message_id', 'is', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
