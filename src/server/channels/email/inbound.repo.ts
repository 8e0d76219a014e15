// The raw inbound message is stored before anything else is done with it, and
// its ingestion job is queued in the same transaction (the same statement, with
// the runner's queue): once the commit returns, the message can be neither lost
// nor ingested twice.
import { sql, type Kysely, type Transaction } from 'kysely';
import { sendJobsWith, type JobQueue } from '../../context.ts';
import { PREPARED } from '../../db/database.ts';
import { inInsertOrder } from '../../db/insert-order.ts';
import type { DB, InboundEmailStatus } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Groups of up to this many raw emails are stored by a prepared statement (see insertRawWithJobs). */
const PREPARED_ROWS_AT_MOST = 16;

export const EMAIL_INGEST_JOB = 'email.ingest';

/** What queues the job: ctx.jobs, deps.jobs or the server's JobRunner. */
export type InboundJobs = JobQueue;

export interface RawInbound {
  workspaceId: string;
  mailboxId: string;
  source: 'smtp' | 'imap';
  raw: Buffer;
}

/**
 * Stores raw inbound emails and queues their jobs in ONE statement when the queue can
 * (JobQueue.insertJobsSql: a CTE inserts the rows, another queues a job per row): a
 * single statement is a transaction of its own, so outside a transaction there is no
 * BEGIN and COMMIT to send and wait for, and the commit is done when it returns.
 * Returns the ids in the order given; undefined when the queue cannot (the caller then
 * inserts and queues in two statements).
 */
async function insertRawWithJobs(
  db: Db,
  inputs: RawInbound[],
  jobs: InboundJobs,
): Promise<string[] | undefined> {
  if (!jobs.insertJobsSql) return undefined;
  const values = sql.join(
    inputs.map(
      (input) =>
        sql`(${input.workspaceId}, ${input.mailboxId}, ${input.source}, ${input.raw}, ${input.raw.length})`,
    ),
  );
  const queued = jobs.insertJobsSql(
    EMAIL_INGEST_JOB,
    sql`select jsonb_build_object('workspaceId', workspace_id::text, 'inboundEmailId', id::text) as data from stored`,
  );
  // Outside a transaction (the SMTP listener's groups) the statement is prepared once per
  // connection and number of rows: parsing and planning it cost PostgreSQL more than the
  // inserts. Large groups are rare and would each leave a prepared statement behind.
  const prepared = !db.isTransaction && inputs.length <= PREPARED_ROWS_AT_MOST;
  const { rows } = await sql<{ id: string }>`${sql.raw(prepared ? PREPARED : '')}with stored as (
      insert into inbound_emails (workspace_id, mailbox_id, source, raw, size_bytes)
      values ${values}
      returning workspace_id, id
    ), queued as (${queued})
    select id from stored`.execute(db);
  return inInsertOrder(rows).map((r) => r.id);
}

/**
 * Stores a raw inbound email and queues `email.ingest` for it, atomically (or inside the
 * caller's transaction, when db is one: the IMAP poller keeps its UID there too).
 */
export async function storeRawInbound(
  db: Db,
  input: RawInbound,
  jobs: InboundJobs,
): Promise<{ id: string }> {
  const ids = await insertRawWithJobs(db, [input], jobs);
  if (ids) return { id: ids[0]! };
  const run = async (tx: Db) => {
    const row = await tx
      .insertInto('inbound_emails')
      .values({
        workspace_id: input.workspaceId,
        mailbox_id: input.mailboxId,
        source: input.source,
        raw: input.raw,
        size_bytes: input.raw.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await jobs.sendWith(tx, EMAIL_INGEST_JOB, {
      workspaceId: input.workspaceId,
      inboundEmailId: row.id,
    });
    return { id: row.id };
  };
  return db.isTransaction ? run(db) : (db as Kysely<DB>).transaction().execute(run);
}

/**
 * Stores several raw inbound emails and queues their jobs, all or none: one statement
 * whatever their number with the runner's queue, else a transaction of two (the SMTP
 * listener's group commit). Returns their ids in the order given.
 */
export async function storeRawInbounds(
  db: Kysely<DB>,
  inputs: RawInbound[],
  jobs: InboundJobs,
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const ids = await insertRawWithJobs(db, inputs, jobs);
  if (ids) return ids;
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .insertInto('inbound_emails')
      .values(
        inputs.map((input) => ({
          workspace_id: input.workspaceId,
          mailbox_id: input.mailboxId,
          source: input.source,
          raw: input.raw,
          size_bytes: input.raw.length,
        })),
      )
      .returning('id')
      .execute();
    const ids = inInsertOrder(rows).map((r) => r.id);
    await sendJobsWith(
      jobs,
      tx,
      EMAIL_INGEST_JOB,
      inputs.map((input, i) => ({ workspaceId: input.workspaceId, inboundEmailId: ids[i]! })),
    );
    return ids;
  });
}

/** claimInboundAttempt for several emails of a workspace, in one statement. */
export function claimInboundAttempts(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .updateTable('inbound_emails')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('status', '=', 'received')
    .returningAll()
    .execute();
}

/** lockInboundEmail for several emails, locked in the order of their ids (no deadlock between batches). */
export function lockInboundEmails(db: Transaction<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inbound_emails')
    .select(['id', 'status', 'mailbox_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** What markInboundEmail writes, for one email of markInboundEmails. */
export interface InboundOutcome {
  id: string;
  status: InboundEmailStatus;
  error?: string | null;
  messageIdHeader?: string | null;
  conversationId?: string | null;
  messageId?: string | null;
}

/** markInboundEmail for several emails of a workspace, in one statement. */
export async function markInboundEmails(
  db: Db,
  workspaceId: string,
  outcomes: InboundOutcome[],
  at: Date,
) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({
    id: o.id,
    status: o.status,
    error: o.error ?? null,
    message_id_header: o.messageIdHeader ?? null,
    conversation_id: o.conversationId ?? null,
    message_id: o.messageId ?? null,
  }));
  await sql`update inbound_emails e
    set status = v.status, error = v.error, message_id_header = v.message_id_header,
      conversation_id = v.conversation_id, message_id = v.message_id, processed_at = ${at}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id bigint, status text,
      error text, message_id_header text, conversation_id bigint, message_id bigint)
    where e.workspace_id = ${workspaceId} and e.id = v.id`.execute(db);
}

/**
 * Counts an attempt at an email still waiting and returns it (raw included), in one
 * statement that commits at once: a message that kills the process is still counted.
 */
export function claimInboundAttempt(db: Db, workspaceId: string, id: string) {
  return db
    .updateTable('inbound_emails')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'received')
    .returningAll()
    .executeTakeFirst();
}

/** Locks the row so two runs of the same job take turns (the second finds it processed). */
export function lockInboundEmail(db: Transaction<DB>, workspaceId: string, id: string) {
  return db
    .selectFrom('inbound_emails')
    .select(['id', 'status', 'mailbox_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Notes why the last attempt failed; the email stays 'received' for the next one. */
export async function recordInboundError(db: Db, workspaceId: string, id: string, error: string) {
  await db
    .updateTable('inbound_emails')
    .set({ error: error.slice(0, 1000) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'received')
    .execute();
}

/**
 * Inbound emails of every workspace still waiting to be ingested, oldest first: their job
 * may have died with a killed process (the sweep queues them again).
 */
export function unscopedListPendingInboundEmails(
  db: Db,
  options: { receivedBefore?: Date; limit: number },
) {
  let q = db
    .selectFrom('inbound_emails')
    .select(['workspace_id', 'id'])
    .where('status', '=', 'received');
  if (options.receivedBefore) q = q.where('received_at', '<', options.receivedBefore);
  return q
    .orderBy('received_at')
    .orderBy('workspace_id')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

export async function markInboundEmail(
  db: Db,
  workspaceId: string,
  id: string,
  values: {
    status: InboundEmailStatus;
    error?: string | null;
    messageIdHeader?: string | null;
    conversationId?: string | null;
    messageId?: string | null;
    at: Date;
  },
) {
  await db
    .updateTable('inbound_emails')
    .set({
      status: values.status,
      error: values.error ?? null,
      message_id_header: values.messageIdHeader ?? null,
      conversation_id: values.conversationId ?? null,
      message_id: values.messageId ?? null,
      processed_at: values.at,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** The mailboxes inbound emails came to (for their default team and language). */
export function listMailboxesOf(db: Db, workspaceId: string, mailboxIds: string[]) {
  if (mailboxIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mailboxes')
    .select(['id', 'address', 'default_team_id', 'default_language'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', mailboxIds)
    .execute();
}

/** The mailbox an inbound email came to (for its default team and language). */
export function findMailboxOf(db: Db, workspaceId: string, mailboxId: string) {
  return db
    .selectFrom('mailboxes')
    .select(['id', 'address', 'default_team_id', 'default_language'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', mailboxId)
    .executeTakeFirst();
}
