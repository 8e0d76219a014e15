import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const userColumns = [
  'users.workspace_id',
  'users.id as user_id',
  'users.role',
  'users.is_active',
] as const;

/** The session and its user by the cookie's hash; sessions are looked up before a workspace is known. */
export function unscopedFindSession(db: Db, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', (j) =>
      j
        .onRef('users.workspace_id', '=', 'sessions.workspace_id')
        .onRef('users.id', '=', 'sessions.user_id'),
    )
    .select([
      ...userColumns,
      'sessions.id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.id', '=', idHash)
    .executeTakeFirst();
}

export function insertSession(
  db: Db,
  s: {
    id: string;
    workspace_id: string;
    user_id: string;
    csrf_token: string;
    expires_at: Date;
    created_at: Date;
  },
) {
  return db
    .insertInto('sessions')
    .values({ ...s, last_seen_at: s.created_at })
    .execute();
}

export function touchSession(db: Db, idHash: string, now: Date, expiresAt: Date) {
  return db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', idHash)
    .execute();
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom('sessions').where('id', '=', idHash).execute();
}

export function deleteUserSessions(db: Db, workspaceId: string, userId: string, exceptId?: string) {
  let q = db
    .deleteFrom('sessions')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.execute();
}

export function deleteExpiredSessions(db: Db, now: Date) {
  return db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

/** The token and its user by the token's hash. */
export function unscopedFindToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', (j) =>
      j
        .onRef('users.workspace_id', '=', 'api_tokens.workspace_id')
        .onRef('users.id', '=', 'api_tokens.user_id'),
    )
    .select([...userColumns, 'api_tokens.id', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function touchToken(db: Db, workspaceId: string, id: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export function insertToken(
  db: Db,
  t: { workspace_id: string; user_id: string; name: string; token_hash: string },
) {
  return db.insertInto('api_tokens').values(t).returningAll().executeTakeFirstOrThrow();
}

export function listTokens(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

export function revokeToken(db: Db, workspaceId: string, userId: string, id: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}
