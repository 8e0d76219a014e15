// SQL pieces the sweeps (SLA, promises, callbacks) share: each sweep is one
// statement of CTEs that claims a batch, stamps it and notifies.
import { sql } from 'kysely';

/** A timestamptz as JavaScript's toISOString() writes it, whatever the session's time zone. */
export const isoOf = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The CTEs `supervisors` and `recipients` (workspace_id, item_id, user_id): who
 * oversees each row of the CTE `stamped` (its id) whose `person` slipped: the
 * active supervisors of the person's teams, or, for a row whose person has
 * none, the workspace's active admins; never the person themselves. Starts
 * with a comma, to follow the sweep's earlier CTEs.
 */
export function overseersOf(person: 'agent_id' | 'responsible_id') {
  const who = sql.ref(`s.${person}`);
  return sql`, supervisors as (
      select distinct s.workspace_id, s.id as item_id, tm.supervisor_id as user_id
      from stamped s
      join team_members m on m.workspace_id = s.workspace_id and m.user_id = ${who}
      join teams tm on tm.workspace_id = m.workspace_id and tm.id = m.team_id
      join users u on u.workspace_id = tm.workspace_id and u.id = tm.supervisor_id and u.is_active
      where tm.supervisor_id <> ${who}
    ), recipients as (
      select workspace_id, item_id, user_id from supervisors
      union
      select s.workspace_id, s.id, u.id
      from stamped s
      join users u on u.workspace_id = s.workspace_id and u.is_active and u.role = 'admin'
        and u.id <> ${who}
      where not exists (
        select 1 from supervisors sv where sv.workspace_id = s.workspace_id and sv.item_id = s.id)
    )`;
}
