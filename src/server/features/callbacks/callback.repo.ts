import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CallbacksTable, CallbackStatus, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Callbacks with the names of their client and people. */
function selectCallbacks(db: Db, workspaceId: string) {
  return db
    .selectFrom('callbacks as cb')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'cb.workspace_id').onRef('cl.id', '=', 'cb.client_id'),
    )
    .innerJoin('users as r', (j) =>
      j.onRef('r.workspace_id', '=', 'cb.workspace_id').onRef('r.id', '=', 'cb.responsible_id'),
    )
    .leftJoin('users as cr', (j) =>
      j.onRef('cr.workspace_id', '=', 'cb.workspace_id').onRef('cr.id', '=', 'cb.created_by_id'),
    )
    .selectAll('cb')
    .select([
      'cl.name as client_name',
      'r.name as responsible_name',
      'cr.name as created_by_name',
      // The cursor key as PostgreSQL prints it, so microseconds survive the round trip.
      sql<string>`cb.window_start::text`.as('window_key'),
    ])
    .where('cb.workspace_id', '=', workspaceId);
}

export type CallbackRow = NonNullable<Awaited<ReturnType<typeof findCallbackRow>>>;
export type CallbackRecord = NonNullable<Awaited<ReturnType<typeof lockCallback>>>;

export function findCallbackRow(db: Db, workspaceId: string, id: string) {
  return selectCallbacks(db, workspaceId).where('cb.id', '=', id).executeTakeFirst();
}

/** The callback row, locked until the transaction ends (changes to it serialise). */
export function lockCallback(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('callbacks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface CallbackFilter {
  responsibleId?: string;
  status?: CallbackStatus;
  conversationId?: string;
  clientId?: string;
  /** mine: the user's own; my_teams: of anyone in a team the user is in or supervises. */
  responsibleOf?: { view: 'mine' | 'my_teams'; userId: string };
  after?: [string, string];
  limit: number;
}

/** A page of callbacks by window_start then id; fetches limit + 1 rows. */
export function listCallbacks(db: Db, workspaceId: string, f: CallbackFilter) {
  let q = selectCallbacks(db, workspaceId);
  if (f.responsibleId) q = q.where('cb.responsible_id', '=', f.responsibleId);
  if (f.status) q = q.where('cb.status', '=', f.status);
  if (f.conversationId) q = q.where('cb.conversation_id', '=', f.conversationId);
  if (f.clientId) q = q.where('cb.client_id', '=', f.clientId);
  if (f.responsibleOf?.view === 'mine')
    q = q.where('cb.responsible_id', '=', f.responsibleOf.userId);
  if (f.responsibleOf?.view === 'my_teams') {
    const me = f.responsibleOf.userId;
    q = q.where(
      sql<boolean>`(cb.responsible_id = ${me} or cb.responsible_id in (
        select m.user_id from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = ${workspaceId}
          and (t.supervisor_id = ${me} or t.id in (
            select mm.team_id from team_members mm
            where mm.workspace_id = ${workspaceId} and mm.user_id = ${me}))))`,
    );
  }
  if (f.after) {
    const [start, id] = f.after;
    q = q.where(sql<boolean>`(cb.window_start, cb.id) > (${start}::timestamptz, ${id}::bigint)`);
  }
  return q
    .orderBy('cb.window_start')
    .orderBy('cb.id')
    .limit(f.limit + 1)
    .execute();
}

export function insertCallback(
  db: Db,
  workspaceId: string,
  c: {
    client_id: string;
    conversation_id: string | null;
    phone: string;
    window_start: Date;
    window_end: Date | null;
    responsible_id: string;
    note: string;
    created_by_id: string | null;
    created_at: Date;
    updated_at: Date;
  },
) {
  return db
    .insertInto('callbacks')
    .values({ ...c, workspace_id: workspaceId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Applies a change; countAttempt adds one to attempts in the statement itself. */
export function updateCallback(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<CallbacksTable>,
  countAttempt: boolean,
) {
  return db
    .updateTable('callbacks')
    .set(countAttempt ? { ...patch, attempts: sql<number>`attempts + 1` } : patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(['id', 'attempts'])
    .executeTakeFirstOrThrow();
}

/**
 * Moves a merged client's callbacks to the client it was merged into. A
 * scheduled one the target already has (same number and time) is cancelled
 * in the same statement, so the one-scheduled-callback index holds. Returns
 * how many moved.
 */
export async function moveCallbacks(
  db: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
  now: Date,
) {
  const result = await sql`
    update callbacks cb set client_id = ${toId}, updated_at = ${now},
      status = case when cb.status = 'scheduled' and exists (
        select 1 from callbacks t
        where t.workspace_id = cb.workspace_id and t.client_id = ${toId} and t.status = 'scheduled'
          and t.phone = cb.phone and t.window_start = cb.window_start) then 'cancelled' else cb.status end
    where cb.workspace_id = ${workspaceId} and cb.client_id = ${fromId}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
