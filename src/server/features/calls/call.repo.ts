import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CallDirection, CallOutcome, CallsTable, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Calls with the names of their client and people, and their conversation's number. */
function selectCalls(db: Db, workspaceId: string) {
  return db
    .selectFrom('calls as ca')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'ca.workspace_id').onRef('cl.id', '=', 'ca.client_id'),
    )
    .leftJoin('conversations as cv', (j) =>
      j.onRef('cv.workspace_id', '=', 'ca.workspace_id').onRef('cv.id', '=', 'ca.conversation_id'),
    )
    .leftJoin('users as ag', (j) =>
      j.onRef('ag.workspace_id', '=', 'ca.workspace_id').onRef('ag.id', '=', 'ca.agent_id'),
    )
    .leftJoin('users as cr', (j) =>
      j.onRef('cr.workspace_id', '=', 'ca.workspace_id').onRef('cr.id', '=', 'ca.created_by_id'),
    )
    .selectAll('ca')
    .select([
      'cl.name as client_name',
      'cv.number as conversation_number',
      'ag.name as agent_name',
      'cr.name as created_by_name',
      // The cursor key as PostgreSQL prints it, so microseconds survive the round trip.
      sql<string>`ca.started_at::text`.as('started_key'),
    ])
    .where('ca.workspace_id', '=', workspaceId);
}

export type CallRow = NonNullable<Awaited<ReturnType<typeof findCallRow>>>;
export type CallRecord = NonNullable<Awaited<ReturnType<typeof lockCall>>>;

export function findCallRow(db: Db, workspaceId: string, id: string) {
  return selectCalls(db, workspaceId).where('ca.id', '=', id).executeTakeFirst();
}

export function findCallByExternalId(db: Db, workspaceId: string, externalId: string) {
  return selectCalls(db, workspaceId).where('ca.external_id', '=', externalId).executeTakeFirst();
}

/** The call row, locked until the transaction ends (changes to it serialise). */
export function lockCall(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface CallFilter {
  clientId?: string;
  conversationId?: string;
  agentId?: string;
  direction?: CallDirection;
  outcome?: CallOutcome;
  before?: [string, string];
  limit: number;
}

/** A page of calls, newest first (started_at, then id); fetches limit + 1 rows. */
export function listCalls(db: Db, workspaceId: string, f: CallFilter) {
  let q = selectCalls(db, workspaceId);
  if (f.clientId) q = q.where('ca.client_id', '=', f.clientId);
  if (f.conversationId) q = q.where('ca.conversation_id', '=', f.conversationId);
  if (f.agentId) q = q.where('ca.agent_id', '=', f.agentId);
  if (f.direction) q = q.where('ca.direction', '=', f.direction);
  if (f.outcome) q = q.where('ca.outcome', '=', f.outcome);
  if (f.before) {
    const [start, id] = f.before;
    q = q.where(sql<boolean>`(ca.started_at, ca.id) < (${start}::timestamptz, ${id}::bigint)`);
  }
  return q
    .orderBy('ca.started_at', 'desc')
    .orderBy('ca.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function insertCall(
  db: Db,
  workspaceId: string,
  c: {
    direction: CallDirection;
    phone: string;
    duration_seconds: number;
    outcome: CallOutcome;
    notes: string;
    client_id: string;
    conversation_id: string | null;
    agent_id: string | null;
    callback_id: string | null;
    started_at: Date;
    external_id: string | null;
    created_by_id: string | null;
    created_at: Date;
    updated_at: Date;
  },
) {
  return db
    .insertInto('calls')
    .values({ ...c, workspace_id: workspaceId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateCall(db: Db, workspaceId: string, id: string, patch: Updateable<CallsTable>) {
  return db
    .updateTable('calls')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Moves a merged client's calls to the client it was merged into; returns how many. */
export async function moveCalls(db: Db, workspaceId: string, fromId: string, toId: string) {
  const result = await db
    .updateTable('calls')
    .set({ client_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
