import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type {
  Channel,
  ConversationsTable,
  ConversationStatus,
  DB,
  Priority,
} from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type ConversationRecord = Selectable<ConversationsTable>;

// Written as a literal (not parameters) so the planner can prove the partial
// inbox indexes' predicate "status not in ('resolved', 'closed')".
export const IS_ACTIVE = sql<boolean>`c.status not in ('resolved', 'closed')`;

/** Conversations joined with what a list row shows: the client's, assignee's and team's names. */
export function selectRows(db: Db, workspaceId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'c.workspace_id').onRef('u.id', '=', 'c.assignee_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'c.workspace_id').onRef('t.id', '=', 'c.team_id'),
    )
    .where('c.workspace_id', '=', workspaceId)
    .selectAll('c')
    .select([
      'cl.name as client_name',
      'u.name as assignee_name',
      't.name as team_name',
      // Cursor keys as PostgreSQL prints them, so microseconds survive the round trip.
      sql<string>`c.last_message_at::text`.as('activity_key'),
      sql<string | null>`c.sla_due_at::text`.as('sla_due_key'),
    ]);
}

export type ConversationRow = NonNullable<Awaited<ReturnType<typeof findConversationRow>>>;

/** One conversation with its joined names, or undefined. */
export function findConversationRow(db: Db, workspaceId: string, id: string) {
  return selectRows(db, workspaceId).where('c.id', '=', id).executeTakeFirst();
}

/** The bare conversation row, or undefined. */
export function findConversation(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks a conversation row for the rest of the transaction (changes are serialised per conversation). */
export function lockConversation(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Hands out the workspace's next conversation number. The UPDATE holds the
 * workspace row lock until commit, so concurrent creations wait for each other
 * and never share a number; a rolled-back creation gives its number back.
 */
export async function takeConversationNumber(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .updateTable('workspaces')
    .set((eb) => ({ conversation_seq: eb('conversation_seq', '+', 1) }))
    .where('id', '=', workspaceId)
    .returning('conversation_seq')
    .executeTakeFirstOrThrow();
  return row.conversation_seq;
}

export function insertConversation(
  db: Db,
  workspaceId: string,
  values: {
    number: number;
    subject: string;
    client_id: string;
    channel: Channel;
    status: ConversationStatus;
    priority: Priority;
    team_id: string | null;
    assignee_id: string | null;
    tags: string[];
    first_responded_at: Date | null;
    last_message_at: Date;
    created_at: Date;
    updated_at: Date;
  },
) {
  return db
    .insertInto('conversations')
    .values({ workspace_id: workspaceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateConversation(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<ConversationsTable>,
) {
  return db
    .updateTable('conversations')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records a message on its conversation: counters, activity time, excerpt. */
export function updateAfterMessage(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<ConversationsTable>,
) {
  return db
    .updateTable('conversations')
    .set((eb) => ({ ...patch, message_count: eb('message_count', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The client's most recent active conversation on a channel since a time: where
 * an inbound message without an explicit conversation is threaded.
 */
export function findThreadConversation(
  db: Db,
  workspaceId: string,
  clientId: string,
  channel: Channel,
  since: Date,
) {
  return db
    .selectFrom('conversations as c')
    .select('c.id')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.client_id', '=', clientId)
    .where('c.last_message_at', '>=', since)
    .where(IS_ACTIVE)
    .where('c.channel', '=', channel)
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Locks the client row so two messages from one client are threaded one after
 * the other (otherwise both could open a new conversation). NO KEY UPDATE does
 * not block inserting rows that reference the client.
 */
export async function lockClientForThreading(db: Db, workspaceId: string, clientId: string) {
  await db
    .selectFrom('clients')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .forNoKeyUpdate()
    .execute();
}

/** A client of the workspace that has not been deleted, or undefined. */
export function findLiveClientId(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('clients')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

// Users and teams: read here because assignment and "my teams" are joins of this feature.

/** An active user of the workspace, or undefined. */
export function findActiveUser(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export function findTeam(db: Db, workspaceId: string, teamId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .executeTakeFirst();
}

/**
 * Picks the next agent of a team by round robin and stamps them: the available,
 * active agent or supervisor assigned longest ago (never assigned first).
 * All the team's membership rows are locked first, so a concurrent assignment
 * waits and then sees this one's stamp: nobody is picked twice in a row.
 */
export async function pickRoundRobinAssignee(
  db: Db,
  workspaceId: string,
  teamId: string,
  now: Date,
): Promise<string | undefined> {
  await db
    .selectFrom('team_members')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .orderBy('user_id')
    .forUpdate()
    .execute();
  const next = await db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'tm.workspace_id').onRef('u.id', '=', 'tm.user_id'),
    )
    .select('tm.user_id')
    .where('tm.workspace_id', '=', workspaceId)
    .where('tm.team_id', '=', teamId)
    .where('u.is_active', '=', true)
    .where('u.is_available', '=', true)
    .where('u.role', 'in', ['agent', 'supervisor'])
    .orderBy(sql`tm.last_assigned_at asc nulls first`)
    .orderBy('tm.user_id', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!next) return undefined;
  // Strictly later than every stamp of the team, so two assignments within one
  // clock tick still rotate.
  await db
    .updateTable('team_members')
    .set({
      last_assigned_at: sql<Date>`greatest(${now}::timestamptz, (
        select max(last_assigned_at) + interval '1 millisecond' from team_members
        where workspace_id = ${workspaceId}::bigint and team_id = ${teamId}::bigint))`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', teamId)
    .where('user_id', '=', next.user_id)
    .execute();
  return next.user_id;
}

/** The names of these users of the workspace (for the timeline's actors). */
export function listUserNames(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}
