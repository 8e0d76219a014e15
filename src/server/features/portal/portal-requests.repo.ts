import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type Transaction,
} from 'kysely';
import type { ConversationsTable, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Whose requests a viewer sees: their own, and a company's when it is shared. */
export interface Visibility {
  clientId: string;
  sharedCompanyId: string | null;
}

function visibleTo(
  eb: ExpressionBuilder<DB & { c: ConversationsTable }, 'c'>,
  workspaceId: string,
  v: Visibility,
) {
  const own = eb('c.client_id', '=', v.clientId);
  if (!v.sharedCompanyId) return own;
  return eb.or([
    own,
    eb('c.client_id', '=', v.sharedCompanyId),
    eb(
      'c.client_id',
      'in',
      eb
        .selectFrom('clients as m')
        .select('m.id')
        .where('m.workspace_id', '=', workspaceId)
        .where('m.company_id', '=', v.sharedCompanyId),
    ),
  ]);
}

/** Requests with what the portal shows about each: who asked, when the answer is due, the last public activity; only those with a message the client may read. */
function selectRequests(db: Db, workspaceId: string, v: Visibility) {
  return (
    db
      .selectFrom('conversations as c')
      .innerJoin('clients as cl', (j) =>
        j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
      )
      .where('c.workspace_id', '=', workspaceId)
      .where((eb) => visibleTo(eb, workspaceId, v))
      // A conversation an agent opened whose first message waits for a supervisor's
      // approval holds nothing the client may read yet: it shows once that is sent.
      .where(
        sql<boolean>`exists (select 1 from messages m
        where m.workspace_id = c.workspace_id and m.conversation_id = c.id
          and m.direction <> 'note')`,
      )
      .select([
        'c.id',
        'c.number',
        'c.subject',
        'c.status',
        'c.channel',
        'c.client_id',
        'c.created_at',
        'c.first_responded_at',
        'c.resolved_at',
        'c.last_message_at',
        'cl.name as client_name',
        'cl.company_id as client_company_id',
        sql<string>`c.last_message_at::text`.as('activity_key'),
        // The answer the client waits for: the earliest running response target.
        sql<Date | null>`(select min(s.due_at) from sla_targets s
        where s.workspace_id = c.workspace_id and s.conversation_id = c.id
          and s.kind in ('first_response', 'next_response')
          and s.met_at is null and s.due_at is not null)`.as('answer_due_at'),
        // Internal notes are activity for agents only: the client sees the last message they can read.
        sql<Date | null>`(select m.created_at from messages m
        where m.workspace_id = c.workspace_id and m.conversation_id = c.id
          and m.direction <> 'note'
        order by m.id desc limit 1)`.as('last_public_at'),
      ])
  );
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof findVisibleRequest>>>;

/** A page of the requests a viewer sees, latest activity first (limit + 1 rows). */
export function listVisibleRequests(
  db: Db,
  workspaceId: string,
  v: Visibility,
  limit: number,
  after?: [string, string],
) {
  let query = selectRequests(db, workspaceId, v);
  if (after) {
    const [at, id] = after;
    query = query.where(
      sql<boolean>`(c.last_message_at, c.id) < (${at}::timestamptz, ${id}::bigint)`,
    );
  }
  return query
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** One request by its number, if the viewer sees it. */
export function findVisibleRequest(db: Db, workspaceId: string, v: Visibility, number: number) {
  return selectRequests(db, workspaceId, v).where('c.number', '=', number).executeTakeFirst();
}

/** Locks a request for a change (a reply), as the conversation use cases lock it. */
export function lockRequest(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Selectable<ConversationsTable> | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * A page of a request's messages the client may read (never internal notes),
 * oldest first, after a message id (limit + 1 rows), with the author's name.
 */
export function listPublicMessages(
  db: Db,
  workspaceId: string,
  conversationId: string,
  limit: number,
  afterId?: string,
) {
  let query = db
    .selectFrom('messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'm.workspace_id').onRef('u.id', '=', 'm.author_user_id'),
    )
    .leftJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'm.workspace_id').onRef('cl.id', '=', 'm.author_client_id'),
    )
    .where('m.workspace_id', '=', workspaceId)
    .where('m.conversation_id', '=', conversationId)
    .where('m.direction', 'in', ['inbound', 'outbound'])
    .select([
      'm.id',
      'm.direction',
      'm.channel',
      'm.body_text',
      'm.created_at',
      'm.author_client_id',
      'u.name as author_user_name',
      'cl.name as author_client_name',
    ]);
  if (afterId) query = query.where('m.id', '>', afterId);
  return query
    .orderBy('m.id', 'asc')
    .limit(limit + 1)
    .execute();
}

/** An attachment of a message the client may read, on this request. */
export function findPublicAttachment(
  db: Db,
  workspaceId: string,
  conversationId: string,
  attachmentId: string,
) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('messages as m', (j) =>
      j.onRef('m.workspace_id', '=', 'a.workspace_id').onRef('m.id', '=', 'a.message_id'),
    )
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', '=', attachmentId)
    .where('m.conversation_id', '=', conversationId)
    .where('m.direction', 'in', ['inbound', 'outbound'])
    .select(['a.id', 'a.filename', 'a.content_type', 'a.size_bytes', 'a.sha256', 'a.storage_key'])
    .executeTakeFirst();
}

export function findRating(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('conversation_ratings')
    .select(['score', 'comment', 'client_id', 'created_at', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/** Stores the request's rating, or changes the one stored; returns it and whether it was new. */
export async function upsertRating(
  db: Db,
  workspaceId: string,
  r: { conversationId: string; clientId: string; score: number; comment: string; at: Date },
) {
  return db
    .insertInto('conversation_ratings')
    .values({
      workspace_id: workspaceId,
      conversation_id: r.conversationId,
      client_id: r.clientId,
      score: r.score,
      comment: r.comment,
      source: 'portal',
      created_at: r.at,
      updated_at: r.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'conversation_id'])
        .doUpdateSet({ score: r.score, comment: r.comment, updated_at: r.at }),
    )
    .returning([
      'score',
      'comment',
      'created_at',
      'updated_at',
      sql<boolean>`xmax = 0`.as('inserted'),
    ])
    .executeTakeFirstOrThrow();
}
