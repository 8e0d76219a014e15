import type { Kysely, Transaction } from 'kysely';
import type { DB, Role } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function insertUser(
  db: Db,
  workspaceId: string,
  values: {
    email: string;
    name: string;
    role: Role;
    password_hash: string | null;
    language?: string;
  },
) {
  return db
    .insertInto('users')
    .values({ workspace_id: workspaceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUser(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function findUserByEmail(db: Db, workspaceId: string, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** Login knows an email before a workspace: the one cross-workspace user lookup. */
export function unscopedFindUsersByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('is_active', '=', true)
    .limit(20)
    .execute();
}
