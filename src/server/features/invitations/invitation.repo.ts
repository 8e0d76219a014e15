import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function insertInvitation(
  db: Db,
  workspaceId: string,
  values: {
    email: string;
    name: string | null;
    role: Role;
    token_hash: string;
    invited_by_id: string | null;
    expires_at: Date;
    created_at: Date;
  },
) {
  return db
    .insertInto('invitations')
    .values({ workspace_id: workspaceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes the not-yet-accepted invitations of an email (any case); returns their ids. */
export async function deletePendingByEmail(db: Db, workspaceId: string, email: string) {
  const rows = await db
    .deleteFrom('invitations')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('accepted_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Not-accepted invitations, newest first; fetches limit + 1 rows. */
export function listPending(db: Db, workspaceId: string, f: { beforeId?: string; limit: number }) {
  let q = db
    .selectFrom('invitations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('accepted_at', 'is', null);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function findInvitation(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function deleteInvitation(db: Db, workspaceId: string, id: string) {
  return db
    .deleteFrom('invitations')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** The invitation by its token's hash: the invitee's link names no workspace. */
export function unscopedFindInvitationByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks the invitation accepted if it still is pending and unexpired. The
 * row lock makes a concurrent second accept wait and then find nothing.
 */
export function markAccepted(db: Db, workspaceId: string, id: string, now: Date) {
  return db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}
