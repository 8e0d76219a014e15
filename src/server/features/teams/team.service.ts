import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { recordEvent } from '../events/event.service.ts';
import { findUsersByIds } from '../users/user.service.ts';
import { canTeam } from './team.policy.ts';
import type { PersonRow, TeamRow, TeamView } from './team.presenter.ts';
import * as repo from './team.repo.ts';

const NAME_TAKEN = 'a team with this name already exists';

/** A team of the workspace, or not_found (also for another workspace's team). */
export async function getTeam(ctx: Ctx, teamId: string): Promise<TeamRow> {
  const team = await repo.findTeam(ctx.db, ctx.workspaceId, teamId);
  if (!team) throw notFound('team');
  return team;
}

/** Attaches supervisors and members to team rows: two queries whatever the count. */
async function viewTeams(ctx: Ctx, teams: TeamRow[]): Promise<TeamView[]> {
  const supervisorIds = [
    ...new Set(teams.map((t) => t.supervisor_id).filter((id): id is string => id !== null)),
  ];
  // One after the other: inside a transaction there is one connection.
  const supervisors = await findUsersByIds(ctx, supervisorIds);
  const members = await repo.listMembers(
    ctx.db,
    ctx.workspaceId,
    teams.map((t) => t.id),
  );
  const byId = new Map<string, PersonRow>(supervisors.map((u) => [u.id, u]));
  return teams.map((team) => ({
    team,
    supervisor: team.supervisor_id ? (byId.get(team.supervisor_id) ?? null) : null,
    members: members.filter((m) => m.team_id === team.id),
  }));
}

async function viewTeam(ctx: Ctx, team: TeamRow): Promise<TeamView> {
  return (await viewTeams(ctx, [team]))[0]!;
}

/** A page of teams by name with their people, for any member; rows are limit + 1. */
export async function listTeams(ctx: Ctx, input: { q?: string; cursor?: string; limit: number }) {
  if (!canTeam(ctx.actor, 'view')) throw forbidden();
  let after: [string, string] | undefined;
  if (input.cursor) {
    const [name, id] = decodeCursor(input.cursor, 2);
    if (typeof name !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [name, id];
  }
  const rows = await repo.listTeams(ctx.db, ctx.workspaceId, {
    q: input.q || undefined,
    after,
    limit: input.limit,
  });
  return viewTeams(ctx, rows);
}

/** The keyset of a team in listTeams' order. */
export const teamCursorKey = (v: TeamView) => [v.team.name, v.team.id];

/** One team with its people, for any member. */
export async function showTeam(ctx: Ctx, teamId: string) {
  if (!canTeam(ctx.actor, 'view')) throw forbidden();
  return viewTeam(ctx, await getTeam(ctx, teamId));
}

/** The supervisor must be an active supervisor or admin of this workspace. */
async function checkSupervisor(ctx: Ctx, supervisorId: string) {
  const [user] = await findUsersByIds(ctx, [supervisorId]);
  if (!user || !user.is_active || user.role === 'agent') {
    throw invalid({ supervisor_id: 'must be an active supervisor or admin of this workspace' });
  }
}

async function checkNameFree(ctx: Ctx, name: string, exceptTeamId?: string) {
  const other = await repo.findTeamByName(ctx.db, ctx.workspaceId, name);
  if (other && other.id !== exceptTeamId) throw conflict(NAME_TAKEN, { name: 'is taken' });
}

/** Turns a lost race on the unique name into the same conflict the check gives. */
async function withNameConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(NAME_TAKEN, { name: 'is taken' });
    throw err;
  }
}

/** An admin creates a team, optionally with its supervisor. */
export async function createTeam(ctx: Ctx, input: { name: string; supervisor_id?: string | null }) {
  if (!canTeam(ctx.actor, 'create')) throw forbidden('only an admin can create teams');
  const name = input.name.trim();
  return withTransaction(ctx, async (tx) => {
    if (input.supervisor_id) await checkSupervisor(tx, input.supervisor_id);
    await checkNameFree(tx, name);
    const team = await withNameConflict(() =>
      repo.insertTeam(tx.db, tx.workspaceId, {
        name,
        supervisor_id: input.supervisor_id ?? null,
        created_at: tx.now(),
      }),
    );
    await recordEvent(tx, {
      type: 'team.created',
      data: { team_id: team.id, after: { name: team.name, supervisor_id: team.supervisor_id } },
    });
    return viewTeam(tx, team);
  });
}

/** An admin renames a team or changes its supervisor. */
export async function updateTeam(
  ctx: Ctx,
  teamId: string,
  patch: { name?: string; supervisor_id?: string | null },
) {
  if (!canTeam(ctx.actor, 'update')) throw forbidden('only an admin can change teams');
  return withTransaction(ctx, async (tx) => {
    const before = await getTeam(tx, teamId);
    const changes: { name?: string; supervisor_id?: string | null } = {};
    const name = patch.name?.trim();
    if (name !== undefined && name !== before.name) {
      await checkNameFree(tx, name, teamId);
      changes.name = name;
    }
    if (patch.supervisor_id !== undefined && patch.supervisor_id !== before.supervisor_id) {
      if (patch.supervisor_id) await checkSupervisor(tx, patch.supervisor_id);
      changes.supervisor_id = patch.supervisor_id;
    }
    if (Object.keys(changes).length === 0) return viewTeam(tx, before);
    const after = await withNameConflict(() =>
      repo.updateTeam(tx.db, tx.workspaceId, teamId, changes, tx.now()),
    );
    const keys = Object.keys(changes) as (keyof typeof changes)[];
    await recordEvent(tx, {
      type: 'team.updated',
      data: {
        team_id: teamId,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
      },
    });
    return viewTeam(tx, after);
  });
}

/**
 * An admin deletes a team. Its conversations stay, without a team (each gets a
 * timeline event); escalations to it keep their history without the link.
 */
export async function deleteTeam(ctx: Ctx, teamId: string) {
  if (!canTeam(ctx.actor, 'delete')) throw forbidden('only an admin can delete teams');
  await withTransaction(ctx, async (tx) => {
    const team = await repo.findTeamForUpdate(tx.db, tx.workspaceId, teamId);
    if (!team) throw notFound('team');
    const memberIds = await repo.listMemberIds(tx.db, tx.workspaceId, teamId);
    const conversationIds = await repo.clearConversationsTeam(
      tx.db,
      tx.workspaceId,
      teamId,
      tx.now(),
    );
    for (const conversationId of conversationIds) {
      await recordEvent(tx, {
        type: 'conversation.team_changed',
        conversationId,
        data: { before: { team_id: teamId }, after: { team_id: null }, reason: 'team_deleted' },
      });
    }
    await repo.clearEscalationsTeam(tx.db, tx.workspaceId, teamId);
    await repo.deleteTeam(tx.db, tx.workspaceId, teamId);
    await recordEvent(tx, {
      type: 'team.deleted',
      data: {
        team_id: teamId,
        before: { name: team.name, supervisor_id: team.supervisor_id, member_ids: memberIds },
        conversations_unassigned: conversationIds.length,
      },
    });
  });
}

/**
 * Replaces a team's members (admin, or the team's own supervisor). Every id
 * must be an active user of the workspace; members who stay keep their
 * round-robin position.
 */
export async function setTeamMembers(ctx: Ctx, teamId: string, userIds: readonly string[]) {
  return withTransaction(ctx, async (tx) => {
    const team = await repo.findTeamForUpdate(tx.db, tx.workspaceId, teamId);
    if (!team) throw notFound('team');
    if (!canTeam(tx.actor, 'manage_members', team))
      throw forbidden("only an admin or the team's supervisor can change its members");
    const wanted = [...new Set(userIds)];
    const users = new Map((await findUsersByIds(tx, wanted)).map((u) => [u.id, u]));
    const fields: Record<string, string> = {};
    userIds.forEach((id, i) => {
      const user = users.get(id);
      if (!user) fields[`user_ids.${i}`] = 'is not a user of this workspace';
      else if (!user.is_active) fields[`user_ids.${i}`] = 'is a deactivated user';
    });
    if (Object.keys(fields).length) throw invalid(fields);

    const before = await repo.listMemberIds(tx.db, tx.workspaceId, teamId);
    const added = wanted.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !wanted.includes(id));
    let current = team;
    if (added.length || removed.length) {
      await repo.deleteMembers(tx.db, tx.workspaceId, teamId, removed);
      await repo.insertMembers(tx.db, tx.workspaceId, teamId, added, tx.now());
      current = await repo.touchTeam(tx.db, tx.workspaceId, teamId, tx.now());
      await recordEvent(tx, {
        type: 'team.members_changed',
        data: {
          team_id: teamId,
          before,
          after: [...wanted].sort((a, b) => Number(BigInt(a) - BigInt(b))),
          added,
          removed,
        },
      });
    }
    return viewTeam(tx, current);
  });
}
