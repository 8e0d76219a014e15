import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A page of one user's notifications, newest first; fetches limit + 1 rows. */
export function listNotifications(
  db: Db,
  workspaceId: string,
  userId: string,
  f: { unread?: boolean; beforeId?: string; limit: number },
) {
  let q = db
    .selectFrom('notifications')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId);
  if (f.unread) q = q.where('read_at', 'is', null);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function countUnread(db: Db, workspaceId: string, userId: string) {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (keeps the first read time); undefined if not theirs. */
export async function markRead(db: Db, workspaceId: string, userId: string, id: string, at: Date) {
  const updated = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return updated;
}

/** Marks all of the user's unread notifications read; returns how many. */
export async function markAllRead(db: Db, workspaceId: string, userId: string, at: Date) {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Adds one notification per user; a dedupe_key already given to a user adds nothing for them. */
export async function insertNotifications(
  db: Db,
  workspaceId: string,
  rows: {
    user_id: string;
    kind: string;
    conversation_id: string | null;
    data: Record<string, unknown>;
    dedupe_key: string | null;
    created_at: Date;
  }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId, data: JSON.stringify(r.data) })))
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'user_id', 'dedupe_key'])
        .where('dedupe_key', 'is not', null)
        .doNothing(),
    )
    .execute();
}
