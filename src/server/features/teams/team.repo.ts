import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of the workspace's teams by name then id; fetches limit + 1 rows. */
export function listTeams(
  db: Db,
  workspaceId: string,
  f: { q?: string; after?: [string, string]; limit: number },
) {
  let query = db.selectFrom('teams').selectAll().where('workspace_id', '=', workspaceId);
  if (f.q) query = query.where('name', 'ilike', likePattern(f.q));
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

export function findTeam(db: Db, workspaceId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .executeTakeFirst();
}

/** The team, row-locked until the transaction ends, so membership edits serialise. */
export function findTeamForUpdate(db: Db, workspaceId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .forUpdate()
    .executeTakeFirst();
}

export function findTeamByName(db: Db, workspaceId: string, name: string) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export function insertTeam(
  db: Db,
  workspaceId: string,
  values: { name: string; supervisor_id: string | null; created_at: Date },
) {
  return db
    .insertInto('teams')
    .values({ workspace_id: workspaceId, ...values, updated_at: values.created_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateTeam(
  db: Db,
  workspaceId: string,
  teamId: string,
  patch: Partial<{ name: string; supervisor_id: string | null }>,
  now: Date,
) {
  return db
    .updateTable('teams')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function touchTeam(db: Db, workspaceId: string, teamId: string, now: Date) {
  return db
    .updateTable('teams')
    .set({ updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteTeam(db: Db, workspaceId: string, teamId: string) {
  return db
    .deleteFrom('teams')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .execute();
}

/** The members of these teams with the user columns a team shows, by name. */
export function listMembers(db: Db, workspaceId: string, teamIds: readonly string[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('team_members')
    .innerJoin('users', (j) =>
      j
        .onRef('users.workspace_id', '=', 'team_members.workspace_id')
        .onRef('users.id', '=', 'team_members.user_id'),
    )
    .select([
      'team_members.team_id',
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'users.is_active',
      'users.is_available',
    ])
    .where('team_members.workspace_id', '=', workspaceId)
    .where('team_members.team_id', 'in', teamIds)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

export async function listMemberIds(db: Db, workspaceId: string, teamId: string) {
  const rows = await db
    .selectFrom('team_members')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export function insertMembers(
  db: Db,
  workspaceId: string,
  teamId: string,
  userIds: readonly string[],
  now: Date,
) {
  if (userIds.length === 0) return Promise.resolve();
  return db
    .insertInto('team_members')
    .values(
      userIds.map((userId) => ({
        workspace_id: workspaceId,
        team_id: teamId,
        user_id: userId,
        created_at: now,
      })),
    )
    .execute();
}

export function deleteMembers(
  db: Db,
  workspaceId: string,
  teamId: string,
  userIds: readonly string[],
) {
  if (userIds.length === 0) return Promise.resolve();
  return db
    .deleteFrom('team_members')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .where('user_id', 'in', userIds)
    .execute();
}

/**
 * Takes the team off its conversations before the team is deleted (they go
 * back to the unassigned-team pool; assignees stay). Returns their ids.
 */
export async function clearConversationsTeam(
  db: Db,
  workspaceId: string,
  teamId: string,
  now: Date,
) {
  const rows = await db
    .updateTable('conversations')
    .set({ team_id: null, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Escalations keep their history but stop pointing at a deleted team. */
export function clearEscalationsTeam(db: Db, workspaceId: string, teamId: string) {
  return db
    .updateTable('escalations')
    .set({ to_team_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('to_team_id', '=', teamId)
    .execute();
}
