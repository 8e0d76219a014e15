// The SLA sweep's SQL. Each function is one statement that claims a bounded
// batch of due targets across workspaces (through the partial indexes
// sla_targets_warn_idx / sla_targets_due_idx), stamps them and writes what
// follows from them, so a batch is all-or-nothing and a stamped target is
// never picked again. dedupe_key guards the notifications and escalations as
// well, should a target ever be restarted with the same start time.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isoOf } from '../../db/sweep-sql.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Restricts a sweep to one workspace (tests on a shared database); undefined sweeps all. */
const scopeOf = (workspaceId: string | undefined) =>
  workspaceId ? sql`and t.workspace_id = ${workspaceId}` : sql``;

/**
 * Breaches up to `limit` targets due at `now`: sets breached_at, records an
 * escalation (to the team and its supervisor) and an `sla.breached` event,
 * and notifies the team's supervisor, or every active supervisor and admin of
 * the workspace when the conversation has no team or the team no supervisor.
 * Returns how many targets it breached.
 */
export async function unscopedBreachDueTargets(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const result = await sql<{ breached: string }>`
    with due as (
      select t.workspace_id, t.conversation_id, t.kind
      from sla_targets t
      where t.due_at <= ${now} and t.met_at is null and t.breached_at is null and t.due_at is not null
        ${scopeOf(workspaceId)}
      order by t.due_at
      limit ${limit}
      for update of t skip locked
    ), breached as (
      update sla_targets t set breached_at = ${now}
      from due
      where t.workspace_id = due.workspace_id and t.conversation_id = due.conversation_id
        and t.kind = due.kind
      returning t.workspace_id, t.conversation_id, t.kind, t.started_at, t.due_at, t.target_minutes
    ), info as (
      select b.*, c.number, c.subject, c.assignee_id, c.team_id, tm.supervisor_id,
        'sla.breached:' || b.conversation_id || ':' || b.kind || ':' ||
          (extract(epoch from b.started_at) * 1000)::bigint as dedupe_key,
        jsonb_build_object('kind', b.kind, 'due_at', ${isoOf('b.due_at')}, 'started_at', ${isoOf('b.started_at')},
          'target_minutes', b.target_minutes, 'number', c.number, 'subject', c.subject) as detail
      from breached b
      join conversations c on c.workspace_id = b.workspace_id and c.id = b.conversation_id
      left join teams tm on tm.workspace_id = c.workspace_id and tm.id = c.team_id
    ), escalated as (
      insert into escalations
        (workspace_id, conversation_id, category, reason, detail, from_user_id, to_user_id, to_team_id, dedupe_key, created_at)
      select workspace_id, conversation_id, 'sla_breach', 'sla_breach', detail, assignee_id, supervisor_id, team_id, dedupe_key, ${now}
      from info
      on conflict (workspace_id, dedupe_key) where dedupe_key is not null do nothing
    ), recorded as (
      insert into events (workspace_id, type, actor_kind, conversation_id, data, created_at)
      select workspace_id, 'sla.breached', 'system', conversation_id, detail, ${now}
      from info
    ), notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select i.workspace_id, u.id, 'sla.breached', i.conversation_id, i.detail, i.dedupe_key, ${now}
      from info i
      join users u on u.workspace_id = i.workspace_id and u.is_active
        and (u.id = i.supervisor_id or (i.supervisor_id is null and u.role in ('supervisor', 'admin')))
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    )
    select count(*)::text as breached from breached
  `.execute(db);
  return Number(result.rows[0]?.breached ?? 0);
}

/**
 * Warns about up to `limit` targets at 80 % of their time: sets warned_at and
 * notifies the assignee, or the team's supervisor when unassigned (nobody
 * when neither exists: the breach still reaches the supervisors). Returns how
 * many targets it stamped.
 */
export async function unscopedWarnDueTargets(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const result = await sql<{ warned: string }>`
    with due as (
      select t.workspace_id, t.conversation_id, t.kind
      from sla_targets t
      where t.warn_at <= ${now} and t.met_at is null and t.warned_at is null
        and t.breached_at is null and t.warn_at is not null
        ${scopeOf(workspaceId)}
      order by t.warn_at
      limit ${limit}
      for update of t skip locked
    ), warned as (
      update sla_targets t set warned_at = ${now}
      from due
      where t.workspace_id = due.workspace_id and t.conversation_id = due.conversation_id
        and t.kind = due.kind
      returning t.workspace_id, t.conversation_id, t.kind, t.started_at, t.due_at, t.target_minutes
    ), notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select w.workspace_id, coalesce(c.assignee_id, tm.supervisor_id), 'sla.warning', w.conversation_id,
        jsonb_build_object('kind', w.kind, 'due_at', ${isoOf('w.due_at')}, 'started_at', ${isoOf('w.started_at')},
          'target_minutes', w.target_minutes, 'number', c.number, 'subject', c.subject),
        'sla.warning:' || w.conversation_id || ':' || w.kind || ':' ||
          (extract(epoch from w.started_at) * 1000)::bigint,
        ${now}
      from warned w
      join conversations c on c.workspace_id = w.workspace_id and c.id = w.conversation_id
      left join teams tm on tm.workspace_id = c.workspace_id and tm.id = c.team_id
      where coalesce(c.assignee_id, tm.supervisor_id) is not null
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    )
    select count(*)::text as warned from warned
  `.execute(db);
  return Number(result.rows[0]?.warned ?? 0);
}
