import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { EventRow } from '../events/event.service.ts';
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

/** lockConversation for several conversations, locked in the order of their ids. */
export function lockConversations(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

// What a list row adds to the conversation's columns, for UPDATE ... RETURNING
// (as selectRows joins it), so a change answers with the row it wrote.
function rowExtras() {
  return [
    sql<string>`(select cl.name from clients cl
      where cl.workspace_id = c.workspace_id and cl.id = c.client_id)`.as('client_name'),
    sql<string | null>`(select u.name from users u
      where u.workspace_id = c.workspace_id and u.id = c.assignee_id)`.as('assignee_name'),
    sql<string | null>`(select t.name from teams t
      where t.workspace_id = c.workspace_id and t.id = c.team_id)`.as('team_name'),
    sql<string>`c.last_message_at::text`.as('activity_key'),
    sql<string | null>`c.sla_due_at::text`.as('sla_due_key'),
  ] as const;
}

/**
 * Gives a conversation inserted with a draft number the workspace's next
 * number, records its creation event with the number set at data.after.number,
 * and returns its row, in one statement. The UPDATE of the workspace holds its
 * row lock until commit, so concurrent creations wait for each other and never
 * share a number; a rolled-back creation gives its number back. Call it last,
 * just before the commit: the lock is held from here on.
 */
export function numberConversation(db: Db, workspaceId: string, id: string, created: EventRow) {
  return db
    .with('n', (q) =>
      q
        .updateTable('workspaces')
        .set((eb) => ({ conversation_seq: eb('conversation_seq', '+', 1) }))
        .where('id', '=', workspaceId)
        .returning('conversation_seq'),
    )
    .with('e', (q) =>
      q
        .insertInto('events')
        .columns([
          'workspace_id',
          'type',
          'actor_kind',
          'actor_user_id',
          'conversation_id',
          'client_id',
          'data',
          'created_at',
        ])
        .expression(
          sql`select ${workspaceId}::bigint, ${created.type}, ${created.actor_kind},
            ${created.actor_user_id}::bigint, ${id}::bigint, ${created.client_id}::bigint,
            jsonb_set(${JSON.stringify(created.data)}::jsonb, '{after,number}', to_jsonb(n.conversation_seq)),
            ${created.created_at}::timestamptz
          from n`,
        ),
    )
    .updateTable('conversations as c')
    .from('n')
    .set((eb) => ({ number: eb.ref('n.conversation_seq') }))
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', id)
    .returningAll('c')
    .returning(rowExtras())
    .executeTakeFirstOrThrow();
}

/** Inserts a conversation with a draft number (see numberConversation). */
export function insertConversation(
  db: Db,
  workspaceId: string,
  values: {
    subject: string;
    client_id: string;
    channel: Channel;
    status: ConversationStatus;
    priority: Priority;
    team_id: string | null;
    assignee_id: string | null;
    tags: string[];
    first_responded_at: Date | null;
    message_count: number;
    last_excerpt: string;
    last_inbound_at: Date | null;
    last_message_at: Date;
    created_at: Date;
    updated_at: Date;
    sla_policy_id: string | null;
    sla_due_at: Date | null;
    /** What search stems the subject with (0030_search.sql). */
    language: string | null;
  },
) {
  return db
    .insertInto('conversations')
    .values({
      workspace_id: workspaceId,
      number: sql<number>`-nextval('conversation_draft_number_seq')::integer`,
      ...values,
    })
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

/** Records a message on its conversation (counters, activity time, excerpt); returns its list row. */
export function updateAfterMessage(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<ConversationsTable>,
): Promise<ConversationRow> {
  return db
    .updateTable('conversations as c')
    .set((eb) => ({ ...patch, message_count: eb('c.message_count', '+', 1) }))
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', id)
    .returningAll('c')
    .returning(rowExtras())
    .executeTakeFirstOrThrow();
}

/**
 * Locks and returns the client's most recent active conversation on a channel
 * since a time: where an inbound message without an explicit conversation is
 * threaded. The client is given by id, or by an identity (of a live client).
 */
export function lockThreadConversation(
  db: Db,
  workspaceId: string,
  client: { id: string } | { kind: 'email' | 'phone' | 'chat'; value: string },
  channel: Channel,
  since: Date,
) {
  const clientId =
    'id' in client
      ? sql<string>`${client.id}`
      : sql<string>`(select i.client_id from client_identities i
          join clients cl on cl.workspace_id = i.workspace_id and cl.id = i.client_id
          where i.workspace_id = ${workspaceId} and i.kind = ${client.kind}
            and i.value = ${client.value} and cl.deleted_at is null)`;
  return db
    .selectFrom('conversations as c')
    .selectAll('c')
    .where('c.workspace_id', '=', workspaceId)
    .where(sql<boolean>`c.client_id = ${clientId}`)
    .where('c.last_message_at', '>=', since)
    .where(IS_ACTIVE)
    .where('c.channel', '=', channel)
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** A client of the workspace that has not been deleted (with what picks an SLA policy), or undefined. */
export function findLiveClientId(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('clients')
    .select(['id', 'tier', 'is_vip'])
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
