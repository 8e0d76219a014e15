// The promises sweep's SQL. Each function is one statement that claims a
// bounded batch of open promises across workspaces (through the partial
// indexes promises_remind_idx and promises_open_due_idx), stamps them and
// writes their notifications (and, for a broken one, its timeline event), so
// a batch is all-or-nothing and a stamped promise is never picked again. The
// reminder's dedupe key names the promise and its due time, so a retried job
// never notifies twice, and a re-dated promise is reminded again.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isoOf, overseersOf } from '../../db/sweep-sql.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Restricts a sweep to one workspace (tests on a shared database); undefined sweeps all. */
const scopeOf = (workspaceId: string | undefined) =>
  workspaceId ? sql`and p.workspace_id = ${workspaceId}` : sql``;

/** What a notification or event says: the promise, its conversation, client and agent. */
const detailOf = sql`jsonb_build_object(
  'promise_id', s.id::text, 'kind', s.kind, 'text', s.text,
  'due_at', ${isoOf('s.due_at')},
  'number', c.number, 'subject', c.subject,
  'client', jsonb_build_object('id', s.client_id::text, 'name', cl.name),
  'agent', jsonb_build_object('id', s.agent_id::text, 'name', a.name))`;

/** The joins detailOf reads, from the stamped rows `s`. */
const detailJoins = sql`
  join conversations c on c.workspace_id = s.workspace_id and c.id = s.conversation_id
  join clients cl on cl.workspace_id = s.workspace_id and cl.id = s.client_id
  join users a on a.workspace_id = s.workspace_id and a.id = s.agent_id`;

/**
 * Reminds the agents of up to `limit` open promises whose reminder time has
 * come and whose due time has not: stamps reminded_at and notifies the
 * agent. Returns how many promises it stamped.
 */
export async function unscopedRemindPromises(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const result = await sql<{ n: string }>`
    with due as (
      select p.workspace_id, p.id
      from promises p
      where p.state = 'open' and p.reminded_at is null and p.remind_at <= ${now}
        and p.due_at > ${now}
        ${scopeOf(workspaceId)}
      order by p.remind_at
      limit ${limit}
      for update of p skip locked
    ), stamped as (
      update promises p set reminded_at = ${now}
      from due
      where p.workspace_id = due.workspace_id and p.id = due.id
      returning p.*
    ), notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select s.workspace_id, s.agent_id, 'promise.reminder', s.conversation_id, ${detailOf},
        'promise.reminder:' || s.id || ':' || (extract(epoch from s.due_at) * 1000)::bigint, ${now}
      from stamped s
      ${detailJoins}
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    )
    select count(*)::text as n from stamped
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Marks up to `limit` open promises whose due time has come broken, records a
 * `promise.broken` event on their conversations, and tells the supervisors of
 * the agent's teams (not the agent themselves), or the workspace's active
 * admins when there is none. Returns how many it marked.
 */
export async function unscopedBreakDuePromises(
  db: Db,
  now: Date,
  limit: number,
  workspaceId?: string,
): Promise<number> {
  const result = await sql<{ n: string }>`
    with due as (
      select p.workspace_id, p.id
      from promises p
      where p.state = 'open' and p.due_at <= ${now}
        ${scopeOf(workspaceId)}
      order by p.due_at
      limit ${limit}
      for update of p skip locked
    ), stamped as (
      update promises p set state = 'broken', settled_at = ${now}, settled_by_id = null,
        updated_at = ${now}
      from due
      where p.workspace_id = due.workspace_id and p.id = due.id
      returning p.*
    )${overseersOf('agent_id')}, notified as (
      insert into notifications (workspace_id, user_id, kind, conversation_id, data, dedupe_key, created_at)
      select s.workspace_id, rc.user_id, 'promise.broken', s.conversation_id, ${detailOf},
        'promise.broken:' || s.id, ${now}
      from recipients rc
      join stamped s on s.workspace_id = rc.workspace_id and s.id = rc.item_id
      ${detailJoins}
      on conflict (workspace_id, user_id, dedupe_key) where dedupe_key is not null do nothing
    ), recorded as (
      insert into events (workspace_id, type, actor_kind, conversation_id, client_id, data, created_at)
      select s.workspace_id, 'promise.broken', 'system', s.conversation_id, s.client_id,
        ${detailOf}, ${now}
      from stamped s
      ${detailJoins}
    )
    select count(*)::text as n from stamped
  `.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
