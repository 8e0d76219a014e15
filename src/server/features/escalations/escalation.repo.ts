import { sql, type Kysely, type Transaction } from 'kysely';
import type { EscalationCategory } from '../../../shared/api/escalations.ts';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Escalations with the names of the people and team they mention. */
function selectEscalations(db: Db, workspaceId: string) {
  return db
    .selectFrom('escalations as e')
    .leftJoin('users as f', (j) =>
      j.onRef('f.workspace_id', '=', 'e.workspace_id').onRef('f.id', '=', 'e.from_user_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'e.workspace_id').onRef('u.id', '=', 'e.to_user_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'e.workspace_id').onRef('t.id', '=', 'e.to_team_id'),
    )
    .select([
      'e.id',
      'e.conversation_id',
      'e.category',
      'e.reason',
      'e.from_user_id',
      'f.name as from_user_name',
      'e.to_user_id',
      'u.name as to_user_name',
      'e.to_team_id',
      't.name as to_team_name',
      'e.scope',
      'e.excerpt',
      'e.method',
      'e.note',
      'e.created_at',
    ])
    .where('e.workspace_id', '=', workspaceId);
}

export type EscalationRow = NonNullable<Awaited<ReturnType<typeof findEscalation>>>;

export function findEscalation(db: Db, workspaceId: string, id: string) {
  return selectEscalations(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
}

/** A conversation's escalations, newest first; fetches limit + 1 rows. */
export function listEscalations(
  db: Db,
  workspaceId: string,
  conversationId: string,
  f: { beforeId?: string; limit: number },
) {
  let q = selectEscalations(db, workspaceId).where('e.conversation_id', '=', conversationId);
  if (f.beforeId) q = q.where('e.id', '<', f.beforeId);
  return q
    .orderBy('e.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function insertEscalation(
  db: Db,
  workspaceId: string,
  e: {
    conversation_id: string;
    category: EscalationCategory;
    reason: string;
    from_user_id: string | null;
    to_user_id: string | null;
    to_team_id: string | null;
    scope: 'conversation' | 'excerpt';
    excerpt: string | null;
    method: 'handoff' | 'call' | 'email';
    note: string;
    created_at: Date;
  },
) {
  return db
    .insertInto('escalations')
    .values({ ...e, workspace_id: workspaceId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface EscalationCountRow {
  agent_id: string;
  agent_name: string;
  category: EscalationCategory;
  n: string;
}

/**
 * Escalations in [from, to) per agent who escalated (the assignee, for the SLA
 * sweep's) and category. `agentsOf` limits it to the members of the teams a
 * supervisor leads and the supervisor; `teamId` to the members of one team.
 * Escalations without an agent (the sweep on an unassigned conversation) are
 * not counted.
 */
export async function countEscalations(
  db: Db,
  workspaceId: string,
  f: { from: Date; to: Date; agentsOf?: string; teamId?: string },
): Promise<EscalationCountRow[]> {
  const supervised = f.agentsOf
    ? sql`and (e.from_user_id = ${f.agentsOf} or e.from_user_id in (
        select m.user_id from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = ${workspaceId} and t.supervisor_id = ${f.agentsOf}))`
    : sql``;
  const team = f.teamId
    ? sql`and e.from_user_id in (
        select m.user_id from team_members m
        where m.workspace_id = ${workspaceId} and m.team_id = ${f.teamId})`
    : sql``;
  const result = await sql<EscalationCountRow>`
    select e.from_user_id::text as agent_id, u.name as agent_name, e.category,
      count(*)::text as n
    from escalations e
    join users u on u.workspace_id = e.workspace_id and u.id = e.from_user_id
    where e.workspace_id = ${workspaceId} and e.created_at >= ${f.from} and e.created_at < ${f.to}
      ${supervised} ${team}
    group by e.from_user_id, u.name, e.category
    order by u.name, e.from_user_id, e.category
  `.execute(db);
  return result.rows;
}
