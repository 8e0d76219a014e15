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

export interface UserFilter {
  role?: Role;
  q?: string;
  isActive?: boolean;
  /** Keyset: the (name, id) of the last row of the previous page. */
  after?: [string, string];
  limit: number;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of the workspace's users by name then id; fetches limit + 1 rows. */
export function listUsers(db: Db, workspaceId: string, f: UserFilter) {
  let query = db.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId);
  if (f.role) query = query.where('role', '=', f.role);
  if (f.isActive !== undefined) query = query.where('is_active', '=', f.isActive);
  if (f.q) {
    const pattern = likePattern(f.q);
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]),
    );
  }
  if (f.after) {
    const [name, id] = f.after;
    query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
  }
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

/** The workspace's users among these ids (others and other workspaces' are absent). */
export function findUsersByIds(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

export function updateUser(
  db: Db,
  workspaceId: string,
  userId: string,
  patch: Partial<{
    name: string;
    role: Role;
    language: string;
    is_active: boolean;
    is_available: boolean;
    password_hash: string;
  }>,
  now: Date,
) {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Locks the workspace's active admins and returns their ids. Two admins demoting
 * each other at once then serialise here, so the last admin cannot vanish.
 */
export async function lockActiveAdmins(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .where('is_active', '=', true)
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function countActiveAdmins(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
