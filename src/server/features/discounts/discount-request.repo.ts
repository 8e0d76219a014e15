import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB, DiscountRequestsTable, DiscountRequestStatus } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Adds a pending request; undefined when the requester has one pending on the conversation. */
export function insertRequest(
  db: Db,
  workspaceId: string,
  row: {
    conversation_id: string;
    requester_id: string;
    percent: number;
    coupons: number;
    reason: string;
    reply_text: string | null;
    limit_percent: number | null;
    limit_coupons: number | null;
    created_at: Date;
    updated_at: Date;
  },
) {
  // A second pending request of the requester on the conversation inserts nothing.
  return db
    .insertInto('discount_requests')
    .values({ ...row, workspace_id: workspaceId })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'conversation_id', 'requester_id'])
        .where('status', '=', 'pending')
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
}

/** A request, locked for a decision in this transaction. */
export function lockRequest(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('discount_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export type RequestRecord = NonNullable<Awaited<ReturnType<typeof lockRequest>>>;

export function updateRequest(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<DiscountRequestsTable>,
) {
  return db
    .updateTable('discount_requests')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Requests with their conversation, client and people. */
function selectRequests(db: Db, workspaceId: string) {
  return db
    .selectFrom('discount_requests as d')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'd.workspace_id').onRef('c.id', '=', 'd.conversation_id'),
    )
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .innerJoin('users as r', (j) =>
      j.onRef('r.workspace_id', '=', 'd.workspace_id').onRef('r.id', '=', 'd.requester_id'),
    )
    .leftJoin('users as b', (j) =>
      j.onRef('b.workspace_id', '=', 'd.workspace_id').onRef('b.id', '=', 'd.decided_by_id'),
    )
    .selectAll('d')
    .select([
      'c.number as conversation_number',
      'c.subject as conversation_subject',
      'c.client_id',
      'cl.name as client_name',
      'r.name as requester_name',
      'b.name as decided_by_name',
    ])
    .where('d.workspace_id', '=', workspaceId);
}

export function findRequestRow(db: Db, workspaceId: string, id: string) {
  return selectRequests(db, workspaceId).where('d.id', '=', id).executeTakeFirst();
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequestRow>>>;

/** A page of requests, newest first (limit + 1 rows), through the status, conversation or requester index. */
export function listRequests(
  db: Db,
  workspaceId: string,
  f: {
    statuses?: DiscountRequestStatus[];
    conversationId?: string;
    requesterId?: string;
    beforeId?: string;
    limit: number;
  },
) {
  let q = selectRequests(db, workspaceId);
  if (f.statuses) q = q.where('d.status', 'in', f.statuses);
  if (f.conversationId) q = q.where('d.conversation_id', '=', f.conversationId);
  if (f.requesterId) q = q.where('d.requester_id', '=', f.requesterId);
  if (f.beforeId) q = q.where('d.id', '<', f.beforeId);
  return q
    .orderBy('d.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/**
 * The approval a reply on the conversation may use: approved, unused, and
 * covering the discount (the smallest such, so a larger one stays for a
 * larger reply), or the one named; locked until the reply is stored.
 */
export function lockCoveringApproval(
  db: Db,
  workspaceId: string,
  f: { conversationId: string; percent: number; coupons: number; requestId?: string },
) {
  let q = db
    .selectFrom('discount_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', f.conversationId)
    .where('status', '=', 'approved')
    .where('used_at', 'is', null)
    .where('percent', '>=', sql<number>`${f.percent}::numeric`)
    .where('coupons', '>=', f.coupons);
  if (f.requestId) q = q.where('id', '=', f.requestId);
  return q
    .orderBy('percent')
    .orderBy('coupons')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Records the discount a sent reply promised; a reply is recorded once. */
export async function insertClientDiscount(
  db: Db,
  workspaceId: string,
  row: {
    client_id: string;
    conversation_id: string;
    message_id: string;
    agent_id: string;
    percent: number | null;
    coupons: number;
    text: string;
    request_id: string | null;
    approved_by_id: string | null;
    created_at: Date;
  },
) {
  const inserted = await db
    .insertInto('client_discounts')
    .values({ ...row, workspace_id: workspaceId })
    .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** A page of a client's recorded discounts, newest first (limit + 1 rows). */
export function listClientDiscounts(
  db: Db,
  workspaceId: string,
  clientId: string,
  f: { beforeId?: string; limit: number },
) {
  let q = db
    .selectFrom('client_discounts as d')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'd.workspace_id').onRef('c.id', '=', 'd.conversation_id'),
    )
    .innerJoin('users as a', (j) =>
      j.onRef('a.workspace_id', '=', 'd.workspace_id').onRef('a.id', '=', 'd.agent_id'),
    )
    .leftJoin('users as b', (j) =>
      j.onRef('b.workspace_id', '=', 'd.workspace_id').onRef('b.id', '=', 'd.approved_by_id'),
    )
    .selectAll('d')
    .select([
      'c.number as conversation_number',
      'c.subject as conversation_subject',
      'a.name as agent_name',
      'b.name as approved_by_name',
    ])
    .where('d.workspace_id', '=', workspaceId)
    .where('d.client_id', '=', clientId);
  if (f.beforeId) q = q.where('d.id', '<', f.beforeId);
  return q
    .orderBy('d.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export type ClientDiscountRow = Awaited<ReturnType<typeof listClientDiscounts>>[number];

/** Moves a duplicate client's recorded discounts to the client it is merged into. */
export async function moveClientDiscounts(
  db: Db,
  workspaceId: string,
  fromClientId: string,
  toClientId: string,
) {
  const result = await db
    .updateTable('client_discounts')
    .set({ client_id: toClientId })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromClientId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
