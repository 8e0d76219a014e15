import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Role } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface LimitRow {
  max_percent: string | number | null;
  max_coupons: number | null;
}

export function listRoleLimits(db: Db, workspaceId: string) {
  return db
    .selectFrom('discount_role_limits')
    .select(['role', 'max_percent', 'max_coupons'])
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Sets roles' limits (adding a role's row if it is missing). */
export async function upsertRoleLimits(
  db: Db,
  workspaceId: string,
  rows: { role: Role; max_percent: number | null; max_coupons: number | null }[],
  by: string | null,
  at: Date,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('discount_role_limits')
    .values(
      rows.map((r) => ({ ...r, workspace_id: workspaceId, updated_by_id: by, updated_at: at })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'role']).doUpdateSet((eb) => ({
        max_percent: eb.ref('excluded.max_percent'),
        max_coupons: eb.ref('excluded.max_coupons'),
        updated_by_id: eb.ref('excluded.updated_by_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** A user's role, whether they are active, and the limits of their role and their own. */
export function findUserAuthority(db: Db, workspaceId: string, userId: string) {
  return selectAuthorities(db, workspaceId).where('u.id', '=', userId).executeTakeFirst();
}

export type UserAuthorityRow = NonNullable<Awaited<ReturnType<typeof findUserAuthority>>>;

function selectAuthorities(db: Db, workspaceId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('discount_role_limits as r', (j) =>
      j.onRef('r.workspace_id', '=', 'u.workspace_id').onRef('r.role', '=', 'u.role'),
    )
    .leftJoin('discount_user_limits as o', (j) =>
      j.onRef('o.workspace_id', '=', 'u.workspace_id').onRef('o.user_id', '=', 'u.id'),
    )
    .select([
      'u.id',
      'u.name',
      'u.role',
      'u.is_active',
      sql<boolean>`r.role is not null`.as('has_role_limits'),
      'r.max_percent as role_percent',
      'r.max_coupons as role_coupons',
      sql<boolean>`o.user_id is not null`.as('has_user_limits'),
      'o.max_percent as user_percent',
      'o.max_coupons as user_coupons',
    ])
    .where('u.workspace_id', '=', workspaceId);
}

/**
 * Who may hear of a request and approve it: the active supervisors of the
 * conversation's team and of the requester's teams ('team'), or every active
 * supervisor and admin ('all'); never the requester. With their authority.
 */
export function listApproverCandidates(
  db: Db,
  workspaceId: string,
  f: { conversationId: string; requesterId: string; scope: 'team' | 'all' },
) {
  let q = selectAuthorities(db, workspaceId)
    .where('u.is_active', '=', true)
    .where('u.id', '<>', f.requesterId)
    .where('u.role', 'in', ['supervisor', 'admin']);
  if (f.scope === 'team') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('teams as t')
          .select(sql`1`.as('one'))
          .whereRef('t.workspace_id', '=', 'u.workspace_id')
          .whereRef('t.supervisor_id', '=', 'u.id')
          .where((w) =>
            w.or([
              w.exists(
                w
                  .selectFrom('conversations as c')
                  .select(sql`1`.as('one'))
                  .whereRef('c.workspace_id', '=', 't.workspace_id')
                  .whereRef('c.team_id', '=', 't.id')
                  .where('c.id', '=', f.conversationId),
              ),
              w.exists(
                w
                  .selectFrom('team_members as m')
                  .select(sql`1`.as('one'))
                  .whereRef('m.workspace_id', '=', 't.workspace_id')
                  .whereRef('m.team_id', '=', 't.id')
                  .where('m.user_id', '=', f.requesterId),
              ),
            ]),
          ),
      ),
    );
  }
  return q.orderBy('u.id').execute();
}

/** The users with limits of their own, with their role's and who set them. */
function selectUserLimits(db: Db, workspaceId: string) {
  return db
    .selectFrom('discount_user_limits as o')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'o.workspace_id').onRef('u.id', '=', 'o.user_id'),
    )
    .leftJoin('discount_role_limits as r', (j) =>
      j.onRef('r.workspace_id', '=', 'u.workspace_id').onRef('r.role', '=', 'u.role'),
    )
    .leftJoin('users as b', (j) =>
      j.onRef('b.workspace_id', '=', 'o.workspace_id').onRef('b.id', '=', 'o.updated_by_id'),
    )
    .select([
      'u.id',
      'u.name',
      'u.role',
      'u.is_active',
      sql<boolean>`r.role is not null`.as('has_role_limits'),
      'r.max_percent as role_percent',
      'r.max_coupons as role_coupons',
      sql<boolean>`true`.as('has_user_limits'),
      'o.max_percent as user_percent',
      'o.max_coupons as user_coupons',
      'o.updated_at',
      'o.updated_by_id',
      'b.name as updated_by_name',
    ])
    .where('o.workspace_id', '=', workspaceId);
}

/** Users whose authority differs from their role's, by user id (the primary key), after the cursor. */
export function listUserLimits(
  db: Db,
  workspaceId: string,
  f: { afterUserId?: string; limit: number },
) {
  let q = selectUserLimits(db, workspaceId);
  if (f.afterUserId) q = q.where('o.user_id', '>', f.afterUserId);
  return q
    .orderBy('o.user_id')
    .limit(f.limit + 1)
    .execute();
}

export type UserLimitRow = Awaited<ReturnType<typeof listUserLimits>>[number];

export function findUserLimit(db: Db, workspaceId: string, userId: string) {
  return selectUserLimits(db, workspaceId).where('o.user_id', '=', userId).executeTakeFirst();
}

export async function upsertUserLimit(
  db: Db,
  workspaceId: string,
  userId: string,
  limits: { max_percent: number | null; max_coupons: number | null },
  by: string | null,
  at: Date,
) {
  await db
    .insertInto('discount_user_limits')
    .values({
      workspace_id: workspaceId,
      user_id: userId,
      ...limits,
      updated_by_id: by,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_id']).doUpdateSet({
        ...limits,
        updated_by_id: by,
        updated_at: at,
      }),
    )
    .execute();
}

/** Drops a user's own limits; returns whether there were any. */
export async function deleteUserLimit(db: Db, workspaceId: string, userId: string) {
  const result = await db
    .deleteFrom('discount_user_limits')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
