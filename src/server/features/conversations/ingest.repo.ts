import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { PREPARED } from '../../db/database.ts';
import { inInsertOrder } from '../../db/insert-order.ts';
import type { Channel, DB, MessagesTable } from '../../db/schema.ts';
import type { EventRow } from '../events/event.service.ts';
import { IS_ACTIVE, type ConversationRecord, type ConversationRow } from './conversation.repo.ts';
import { searchLanguageOf } from '../search/search-language.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Conversation `c` (its row just locked) is one an inbound message continues
 * without changing its status or starting an SLA clock: new, open or on hold,
 * and the client still waits on a running or paused response clock, has not
 * been answered yet, or there is no SLA policy.
 */
const unchangedByInbound = sql`c.status in ('new', 'open', 'on_hold')
        and (c.sla_policy_id is null
          or exists (
            select 1 from sla_targets s
            where s.workspace_id = c.workspace_id and s.conversation_id = c.id
              and s.kind in ('first_response', 'next_response') and s.met_at is null
              and (s.due_at is not null or s.paused_at is not null))
          or (c.first_responded_at is null and not exists (
            select 1 from sla_targets s
            where s.workspace_id = c.workspace_id and s.conversation_id = c.id
              and s.kind = 'first_response' and s.met_at is not null)))`;

/**
 * The common case of ingestion in one statement (one round trip, no explicit
 * transaction): an inbound message from a known identity continuing its
 * active conversation on the channel, where nothing but the counters changes
 * — the status stays (new, open or on hold) and no SLA clock starts, because
 * the client is still waiting on a running or paused response clock, has not
 * been answered yet, or the conversation has no SLA policy.
 *
 * The thread row is locked as in the general path, the message is inserted
 * and the conversation's counters updated by the same statement, so it is
 * atomic on its own. Returns undefined, having written nothing, whenever any
 * other rule could apply (no thread, a status change, an SLA clock to start):
 * the caller then runs the general path (also when the row changed between
 * the statement's snapshot and its lock). A repeated external_id raises the
 * unique violation the general path's retry handles.
 */
export async function appendInboundToThread(
  db: Kysely<DB>,
  workspaceId: string,
  m: {
    identity: { kind: 'email' | 'phone' | 'chat'; value: string };
    channel: Channel;
    since: Date;
    bodyText: string;
    excerpt: string;
    externalId: string | null;
    at: Date;
  },
): Promise<(ConversationRow & { message_id: string }) | undefined> {
  // Planning this statement cost more than running it: it is prepared once per connection.
  const result = await sql<ConversationRow & { message_id: string }>`${sql.raw(PREPARED)}
    with thread as (
      select c.id, c.client_id, c.xmin::text as version from conversations c
      where c.workspace_id = ${workspaceId}
        and c.client_id = (
          select i.client_id from client_identities i
          join clients cl on cl.workspace_id = i.workspace_id and cl.id = i.client_id
          where i.workspace_id = ${workspaceId} and i.kind = ${m.identity.kind}
            and i.value = ${m.identity.value} and cl.deleted_at is null)
        and c.last_message_at >= ${m.since}
        and ${IS_ACTIVE}
        and c.channel = ${m.channel}
      order by c.last_message_at desc, c.id desc
      limit 1
      for update
    ), plain as (
      select t.id, t.client_id from thread t
      join conversations c on c.workspace_id = ${workspaceId} and c.id = t.id
      -- The statement's snapshot is the row just locked, unless another
      -- transaction changed it meanwhile; then the SLA clocks read below may be
      -- out of date too, and the general path decides.
      where c.xmin::text = t.version
        and ${unchangedByInbound}
    ), m as (
      insert into messages (workspace_id, conversation_id, direction, channel,
        author_client_id, body_text, external_id, created_at, language)
      select ${workspaceId}, p.id, 'inbound', ${m.channel}, p.client_id, ${m.bodyText},
        ${m.externalId}, ${m.at}, ${searchLanguageOf(m.bodyText)}
      from plain p
      returning id, conversation_id
    ), u as (
      update conversations c
      set last_message_at = ${m.at}, updated_at = ${m.at}, last_excerpt = ${m.excerpt},
        last_inbound_at = ${m.at}, message_count = c.message_count + 1
      from m
      where c.workspace_id = ${workspaceId} and c.id = m.conversation_id
      returning c.*, m.id as message_id
    )
    select u.*,
      (select cl.name from clients cl where cl.workspace_id = u.workspace_id and cl.id = u.client_id) as client_name,
      (select us.name from users us where us.workspace_id = u.workspace_id and us.id = u.assignee_id) as assignee_name,
      (select t.name from teams t where t.workspace_id = u.workspace_id and t.id = u.team_id) as team_name,
      u.last_message_at::text as activity_key,
      u.sla_due_at::text as sla_due_key
    from u`.execute(db);
  return result.rows[0];
}

// The statements of a batch of inbound messages (ingest-batch.service.ts): each
// writes the rows of the whole batch at once.

/** A conversation an inbound message opens (status new, priority normal, nobody assigned). */
export interface NewInboundConversation {
  subject: string;
  client_id: string;
  channel: Channel;
  team_id: string | null;
  /** Its first message and those after it in the same batch. */
  message_count: number;
  last_excerpt: string;
  sla_policy_id: string | null;
  sla_due_at: Date | null;
  language: string | null;
  /** When its first message arrived (created_at) and its last one of the batch. */
  created_at: Date;
  last_message_at: Date;
  /** Its conversation.created event; data.after.number is filled in here. */
  event: EventRow;
}

/**
 * Opens conversations in one statement: the workspace's next numbers in the order
 * given (so no second write of each row to number it), with their creation events.
 * The UPDATE of the workspace holds its row lock until commit, so concurrent
 * creations wait for each other and never share a number, and a rolled-back batch
 * gives its numbers back. Returns the rows in the order given.
 */
export async function openInboundConversations(
  db: Db,
  workspaceId: string,
  values: NewInboundConversation[],
): Promise<ConversationRecord[]> {
  if (values.length === 0) return [];
  const k = values.length;
  const rows = values.map(({ event, ...v }, i) => ({
    ...v,
    ord: i + 1,
    sla_due_at: v.sla_due_at?.toISOString() ?? null,
    created_at: v.created_at.toISOString(),
    last_message_at: v.last_message_at.toISOString(),
    event_type: event.type,
    actor_kind: event.actor_kind,
    actor_user_id: event.actor_user_id,
    event_data: event.data,
    event_at: event.created_at.toISOString(),
  }));
  const result = await sql<ConversationRecord>`with n as (
      update workspaces set conversation_seq = conversation_seq + ${k}
      where id = ${workspaceId}
      returning conversation_seq - ${k} as base
    ), v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(ord int,
        subject text, client_id bigint, channel text, team_id bigint, message_count int,
        last_excerpt text, sla_policy_id bigint, sla_due_at timestamptz, language text,
        created_at timestamptz, last_message_at timestamptz, event_type text, actor_kind text, actor_user_id bigint, event_data jsonb,
        event_at timestamptz)
    ), c as (
      insert into conversations (workspace_id, number, subject, client_id, channel, status,
        priority, team_id, assignee_id, tags, sla_policy_id, sla_due_at, first_responded_at,
        last_message_at, last_inbound_at, last_excerpt, message_count, created_at, updated_at,
        language)
      select ${workspaceId}, n.base + v.ord, v.subject, v.client_id, v.channel, 'new', 'normal',
        v.team_id, null, '{}', v.sla_policy_id, v.sla_due_at, null, v.last_message_at,
        v.last_message_at, v.last_excerpt, v.message_count, v.created_at, v.last_message_at,
        v.language
      from v, n
      order by v.ord
      returning *
    ), e as (
      insert into events (workspace_id, type, actor_kind, actor_user_id, conversation_id,
        client_id, data, created_at)
      select ${workspaceId}, v.event_type, v.actor_kind, v.actor_user_id, c.id, c.client_id,
        jsonb_set(v.event_data, '{after,number}', to_jsonb(c.number)), v.event_at
      from c, n, v
      where c.number = n.base + v.ord
      order by c.number
    )
    select * from c order by number`.execute(db);
  return result.rows;
}

/** Inserts messages; returns their ids in the order given. */
export async function insertMessages(
  db: Db,
  workspaceId: string,
  values: Omit<Insertable<MessagesTable>, 'workspace_id'>[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db
    .insertInto('messages')
    .values(values.map((v) => ({ workspace_id: workspaceId, ...v })))
    .returning('id')
    .execute();
  return inInsertOrder(rows).map((r) => r.id);
}

/**
 * Records inbound messages on conversations where they change nothing but the
 * counters (appendInboundToThread's case): count, activity, excerpt, in one statement.
 * `at` is when the last of them arrived; activity never moves back (a message that
 * waited in a queue while an agent answered).
 */
export async function addInboundToConversations(
  db: Db,
  workspaceId: string,
  updates: { id: string; count: number; excerpt: string; at: Date }[],
) {
  if (updates.length === 0) return;
  await sql`update conversations c
    set message_count = c.message_count + v.count, last_excerpt = v.excerpt,
      last_message_at = greatest(c.last_message_at, v.at),
      updated_at = greatest(c.updated_at, v.at),
      last_inbound_at = greatest(c.last_inbound_at, v.at)
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id bigint, count int, excerpt text, at timestamptz)
    where c.workspace_id = ${workspaceId} and c.id = v.id`.execute(db);
}

// The look-ups of a group of inbound messages (ingest-many.service.ts).

/** The stored messages with these external ids (an external id is stored once per workspace). */
export function listMessagesByExternalIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  // Joined to the list, so each id is one probe of the unique index: as "external_id in
  // (…)" the planner read every external id of the workspace (37 ms at 140k of them).
  return sql<{ external_id: string; id: string; conversation_id: string }>`
    select m.external_id, m.id, m.conversation_id
    from unnest(${sql.val(ids)}::text[]) as wanted(external_id)
    join messages m on m.workspace_id = ${workspaceId} and m.external_id = wanted.external_id`
    .execute(db)
    .then((r) => r.rows);
}

/**
 * lockThreadConversation for several senders in one statement: each (client, channel)'s
 * latest active conversation on the channel with activity since `since`, locked in the
 * order of their ids (two groups with common senders wait for each other instead of
 * deadlocking). A conversation resolved meanwhile by a transaction this one waited for
 * is left out (its sender then opens a new one, as one by one would).
 */
export async function lockThreadsOfClients(
  db: Db,
  workspaceId: string,
  threads: { clientId: string; channel: Channel }[],
  since: Date,
): Promise<ConversationRecord[]> {
  if (threads.length === 0) return [];
  const result = await sql<ConversationRecord>`select c.* from conversations c
    where c.workspace_id = ${workspaceId} and ${IS_ACTIVE} and c.id in (
      select t.id
      from unnest(${sql.val(threads.map((t) => t.clientId))}::bigint[],
          ${sql.val(threads.map((t) => t.channel))}::text[])
        as k(client_id, channel)
      cross join lateral (
        select c2.id from conversations c2
        where c2.workspace_id = ${workspaceId} and c2.client_id = k.client_id
          and c2.channel = k.channel and c2.last_message_at >= ${since}
          and c2.status not in ('resolved', 'closed')
        order by c2.last_message_at desc, c2.id desc
        limit 1) t)
    order by c.id
    for update`.execute(db);
  return result.rows;
}

/** A message for appendInboundToThreads: its sender's thread, or a conversation named. */
export interface InboundToAppend {
  /** The sender's identity (its latest active conversation on the channel within `since`)… */
  identity?: { kind: 'email' | 'phone' | 'chat'; value: string };
  /** …or the conversation itself (a client's message posted to it through the API). */
  conversationId?: string;
  /** The message's channel; with conversationId, null takes the conversation's. */
  channel: Channel | null;
  bodyText: string;
  excerpt: string;
  externalId: string | null;
  at: Date;
}

/**
 * appendInboundToThread for several messages in one statement (one round trip, no
 * explicit transaction): each message whose conversation changes nothing but its
 * counters is stored, and the counters of each conversation updated once. A sender's
 * (or a named conversation's) messages are stored all or none: none when its
 * conversation is missing, would change status or start an SLA clock, or changed
 * between the statement's snapshot and its lock. The threads are locked in the order of
 * their ids. Returns, for the messages stored, their index in `items`, conversation and
 * message ids; the caller runs the general path for the others. A repeated external_id
 * fails the whole statement (unique violation), having written nothing.
 */
export async function appendInboundToThreads(
  db: Kysely<DB>,
  workspaceId: string,
  items: InboundToAppend[],
  since: Date,
): Promise<{ ord: number; conversation_id: string; message_id: string }[]> {
  if (items.length === 0) return [];
  const values = items.map((m, ord) => ({
    ord,
    conversation_id: m.conversationId ?? null,
    kind: m.identity?.kind ?? null,
    value: m.identity?.value ?? null,
    channel: m.channel,
    body: m.bodyText,
    excerpt: m.excerpt,
    external_id: m.externalId,
    language: searchLanguageOf(m.bodyText),
    at: m.at.toISOString(),
  }));
  // Planned once per connection, as the one-message statement (ADR 0006).
  const result = await sql<{
    ord: number;
    conversation_id: string;
    message_id: string;
  }>`${sql.raw(PREPARED)}
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(ord int,
        conversation_id bigint, kind text, value text, channel text, body text, excerpt text,
        external_id text, language text, at timestamptz)
    ), k as (
      select distinct conversation_id, kind, value, channel from v
    ), target as (
      select k.*, coalesce(k.conversation_id, (
        select c.id from conversations c
        where c.workspace_id = ${workspaceId}
          and c.client_id = (
            select i.client_id from client_identities i
            join clients cl on cl.workspace_id = i.workspace_id and cl.id = i.client_id
            where i.workspace_id = ${workspaceId} and i.kind = k.kind and i.value = k.value
              and cl.deleted_at is null)
          and c.last_message_at >= ${since}
          and ${IS_ACTIVE}
          and c.channel = k.channel
        order by c.last_message_at desc, c.id desc
        limit 1)) as id
      from k
    ), thread as (
      select c.id, c.xmin::text as version from conversations c
      where c.workspace_id = ${workspaceId} and c.id in (select id from target)
      order by c.id
      for update
    ), plain as (
      -- As appendInboundToThread: the row locked is the snapshot's, and the message
      -- changes neither the status nor an SLA clock.
      select c.id, c.client_id, c.channel from thread t
      join conversations c on c.workspace_id = ${workspaceId} and c.id = t.id
      where c.xmin::text = t.version
        and ${unchangedByInbound}
    ), iv as (
      select v.*, p.id as cid, p.client_id, coalesce(v.channel, p.channel) as message_channel
      from v
      join target tg on tg.conversation_id is not distinct from v.conversation_id
        and tg.kind is not distinct from v.kind and tg.value is not distinct from v.value
        and tg.channel is not distinct from v.channel
      join plain p on p.id = tg.id
    ), m as (
      insert into messages (workspace_id, conversation_id, direction, channel,
        author_client_id, body_text, external_id, created_at, language)
      select ${workspaceId}, iv.cid, 'inbound', iv.message_channel, iv.client_id, iv.body,
        iv.external_id, iv.at, iv.language
      from iv
      order by iv.ord
      returning id
    ), u as (
      update conversations c
      set message_count = c.message_count + a.n, last_excerpt = a.excerpt,
        last_message_at = greatest(c.last_message_at, a.at),
        updated_at = greatest(c.updated_at, a.at),
        last_inbound_at = greatest(c.last_inbound_at, a.at)
      from (select cid, count(*)::int as n, max(at) as at,
              (array_agg(excerpt order by ord desc))[1] as excerpt
            from iv group by cid) a
      where c.workspace_id = ${workspaceId} and c.id = a.cid
      returning c.id
    )
    -- The messages were inserted in the order of ord, so their ids come in that order.
    select s.ord, s.cid::text as conversation_id, r.id::text as message_id
    from (select ord, cid, row_number() over (order by ord) as n from iv) s
    join (select id, row_number() over (order by id) as n from m) r on r.n = s.n
    order by s.ord`.execute(db);
  return result.rows;
}
