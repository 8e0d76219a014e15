// The callbacks sweep's SQL. Each function is one statement that claims a
// bounded batch of scheduled callbacks across workspaces (through the partial
// index callbacks_reminder_idx), stamps them and writes their notifications,
// so a batch is all-or-nothing and a stamped callback is never picked again.
// The dedupe key names the callback and the time it is set for, so a retried
// job never notifies twice, and a callback re-dated (stamps cleared) is
// announced again for its new time.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isoOf, overseersOf } from '../../db/sweep-sql.ts';
import { CALLBACK_GRACE_MINUTES } from '../../../shared/api/callbacks.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Restricts a sweep to one workspace (tests on a shared database); undefined sweeps all. */
const scopeOf = (workspaceId: string | undefined) =>
  workspaceId ? sql`and cb.workspace_id = ${workspaceId}` : sql``;

/** What a reminder says: the callback, its client, its time and who is responsible. */
const detailOf = sql`jsonb_build_object(
  'callback_id', s.id::text, 'phone', s.phone,
  'window_start', ${isoOf('s.window_start')},
  'window_end', case when s.window_end is null then null else ${isoOf('s.window_end')} end,
  'client', jsonb_build_object('id', s.client_id::text, 'name', cl.name),
  'responsible', jsonb_build_object('id', s.responsible_id::text, 'name', r.name))`;

const dedupeOf = (kind: string) =>
  sql`${sql.lit(kind)} || ':' || s.id || ':' || (extract(epoch from s.window_start) * 1000)::bigint`;

/**
 * Tells the responsible person of up to `limit` callbacks whose time has come
 * (window_start reached): stamps due_notified_at and notifies them. Returns
 * how many callbacks it stamped.
 */
export async function unscopedNotifyDueCallbacks(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const result = await sql<{ n: string }>`
    with due as (
      select cb.workspace_id, cb.id
      from callbacks cb
      where cb.status = 'scheduled' and cb.overdue_notified_at is null
        and cb.due_notified_at is null and cb.window_start <= ${now}
        ${scopeOf(workspaceId)}
      order by cb.window_start
      limit ${limit}
      for update of cb skip locked
    ), stamped as (
      update callbacks cb set due_notified_at = ${now}
      from due
      where cb.workspace_id = due.workspace_id and cb.id = due.id
      returning cb.*
    ), notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select s.workspace_id, s.responsible_id, 'callback.due', s.conversation_id, ${detailOf},
        ${dedupeOf('callback.due')}, ${now}
      from stamped s
      join clients cl on cl.workspace_id = s.workspace_id and cl.id = s.client_id
      join users r on r.workspace_id = s.workspace_id and r.id = s.responsible_id
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    )
    select count(*)::text as n from stamped
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Tells the supervisors of up to `limit` overdue callbacks (past their window's
 * end, or their time plus the grace): the supervisors of the responsible
 * person's teams (not the person themselves), or the workspace's active admins
 * when there is none. Stamps overdue_notified_at and records a
 * `callback.overdue` event on the timeline. Returns how many it stamped.
 */
export async function unscopedNotifyOverdueCallbacks(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const graceStart = new Date(now.getTime() - CALLBACK_GRACE_MINUTES * 60_000);
  const result = await sql<{ n: string }>`
    with due as (
      select cb.workspace_id, cb.id
      from callbacks cb
      where cb.status = 'scheduled' and cb.overdue_notified_at is null
        and cb.window_start <= ${now}
        and (cb.window_end <= ${now} or (cb.window_end is null and cb.window_start <= ${graceStart}))
        ${scopeOf(workspaceId)}
      order by cb.window_start
      limit ${limit}
      for update of cb skip locked
    ), stamped as (
      update callbacks cb set overdue_notified_at = ${now}
      from due
      where cb.workspace_id = due.workspace_id and cb.id = due.id
      returning cb.*
    )${overseersOf('responsible_id')}, notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select s.workspace_id, rc.user_id, 'callback.overdue', s.conversation_id, ${detailOf},
        ${dedupeOf('callback.overdue')}, ${now}
      from recipients rc
      join stamped s on s.workspace_id = rc.workspace_id and s.id = rc.item_id
      join clients cl on cl.workspace_id = s.workspace_id and cl.id = s.client_id
      join users r on r.workspace_id = s.workspace_id and r.id = s.responsible_id
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    ), recorded as (
      insert into events (workspace_id, type, actor_kind, conversation_id, client_id, data, created_at)
      select s.workspace_id, 'callback.overdue', 'system', s.conversation_id, s.client_id,
        ${detailOf}, ${now}
      from stamped s
      join clients cl on cl.workspace_id = s.workspace_id and cl.id = s.client_id
      join users r on r.workspace_id = s.workspace_id and r.id = s.responsible_id
    )
    select count(*)::text as n from stamped
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
