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
