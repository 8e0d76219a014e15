import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type {
  DB,
  PromiseDueBasis,
  PromiseKind,
  PromisesTable,
  PromiseState,
} from '../../db/schema.ts';
import { isoOf } from '../../db/sweep-sql.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface RedateRow {
  from: string;
  to: string;
  at: string;
  by: { id: string; name: string } | null;
  message_id: string | null;
}

/** The team-membership test: `viewerId` supervises a team the promise's agent is in. */
const supervisedBy = (viewerId: string | null) =>
  viewerId
    ? sql<boolean>`exists (
        select 1 from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = p.workspace_id and m.user_id = p.agent_id
          and t.supervisor_id = ${viewerId})`
    : sql<boolean>`false`;

/**
 * Promises with their conversation, client (and the language and time zone a
 * notice to them uses), people, re-dating history and whether `viewerId`
 * supervises the agent.
 */
function selectPromises(db: Db, workspaceId: string, viewerId: string | null) {
  return db
    .selectFrom('promises as p')
    .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.workspace_id', '=', 'p.workspace_id').onRef('c.id', '=', 'p.conversation_id'),
    )
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'p.workspace_id').onRef('cl.id', '=', 'p.client_id'),
    )
    .innerJoin('users as a', (j) =>
      j.onRef('a.workspace_id', '=', 'p.workspace_id').onRef('a.id', '=', 'p.agent_id'),
    )
    .leftJoin('users as cb', (j) =>
      j.onRef('cb.workspace_id', '=', 'p.workspace_id').onRef('cb.id', '=', 'p.confirmed_by_id'),
    )
    .leftJoin('users as sb', (j) =>
      j.onRef('sb.workspace_id', '=', 'p.workspace_id').onRef('sb.id', '=', 'p.settled_by_id'),
    )
    .selectAll('p')
    .select([
      'c.number as conversation_number',
      'c.subject as conversation_subject',
      'cl.name as client_name',
      sql<string>`coalesce(cl.language, w.default_language)`.as('client_language'),
      sql<string>`coalesce(cl.time_zone, w.time_zone)`.as('client_time_zone'),
      'a.name as agent_name',
      'cb.name as confirmed_by_name',
      'sb.name as settled_by_name',
      // The cursor key as PostgreSQL prints it, so microseconds survive the round trip.
      sql<string>`p.due_at::text`.as('due_key'),
      sql<RedateRow[]>`coalesce((
        select jsonb_agg(jsonb_build_object(
            'from', ${isoOf('r.from_due_at')}, 'to', ${isoOf('r.to_due_at')},
            'at', ${isoOf('r.created_at')}, 'message_id', r.message_id::text,
            'by', case when u.id is null then null
                  else jsonb_build_object('id', u.id::text, 'name', u.name) end)
          order by r.id)
        from promise_redates r
        left join users u on u.workspace_id = r.workspace_id and u.id = r.by_id
        where r.workspace_id = p.workspace_id and r.promise_id = p.id), '[]'::jsonb)`.as('redates'),
      supervisedBy(viewerId).as('supervised'),
    ])
    .where('p.workspace_id', '=', workspaceId);
}

export type PromiseRow = NonNullable<Awaited<ReturnType<typeof findPromiseRow>>>;

export function findPromiseRow(db: Db, workspaceId: string, id: string, viewerId: string | null) {
  return selectPromises(db, workspaceId, viewerId).where('p.id', '=', id).executeTakeFirst();
}

/** The promise row locked until the transaction ends, with whether `viewerId` supervises its agent. */
export function lockPromise(db: Db, workspaceId: string, id: string, viewerId: string | null) {
  return db
    .selectFrom('promises as p')
    .selectAll('p')
    .select(supervisedBy(viewerId).as('supervised'))
    .where('p.workspace_id', '=', workspaceId)
    .where('p.id', '=', id)
    .forUpdate('p')
    .executeTakeFirst();
}

export type PromiseRecord = NonNullable<Awaited<ReturnType<typeof lockPromise>>>;

export interface PromiseFilter {
  conversationId?: string;
  clientId?: string;
  agentId?: string;
  /** The promises of the members of the teams `userId` supervises or belongs to, and their own. */
  teamOf?: string;
  states?: PromiseState[];
  dueAfter?: string;
  dueBefore?: string;
  after?: [string, string];
  limit: number;
}

/** A page of promises by due time then id; fetches limit + 1 rows. */
export function listPromises(
  db: Db,
  workspaceId: string,
  viewerId: string | null,
  f: PromiseFilter,
) {
  let q = selectPromises(db, workspaceId, viewerId);
  if (f.conversationId) q = q.where('p.conversation_id', '=', f.conversationId);
  if (f.clientId) q = q.where('p.client_id', '=', f.clientId);
  if (f.agentId) q = q.where('p.agent_id', '=', f.agentId);
  if (f.teamOf) {
    const me = f.teamOf;
    q = q.where(
      sql<boolean>`(p.agent_id = ${me} or p.agent_id in (
        select m.user_id from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = ${workspaceId}
          and (t.supervisor_id = ${me} or t.id in (
            select mm.team_id from team_members mm
            where mm.workspace_id = ${workspaceId} and mm.user_id = ${me}))))`,
    );
  }
  if (f.states?.length) q = q.where('p.state', 'in', f.states);
  if (f.dueAfter) q = q.where('p.due_at', '>=', new Date(f.dueAfter));
  if (f.dueBefore) q = q.where('p.due_at', '<', new Date(f.dueBefore));
  if (f.after) {
    const [due, id] = f.after;
    q = q.where(sql<boolean>`(p.due_at, p.id) > (${due}::timestamptz, ${id}::bigint)`);
  }
  return q
    .orderBy('p.due_at')
    .orderBy('p.id')
    .limit(f.limit + 1)
    .execute();
}

export interface NewProposal {
  conversation_id: string;
  client_id: string;
  agent_id: string;
  message_id: string;
  text_start: number;
  text_end: number;
  kind: PromiseKind;
  text: string;
  due_text: string;
  due_basis: PromiseDueBasis;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Stores proposed promises; a place in a reply already proposed is kept as it is. */
export async function insertProposals(db: Db, workspaceId: string, rows: NewProposal[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('promises')
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId })))
    .onConflict((oc) => oc.columns(['workspace_id', 'message_id', 'text_start']).doNothing())
    .returning('id')
    .execute();
}

/** Removes the proposals found in one message (a delay notice restates a promise; it makes none). */
export function deleteProposalsOfMessage(db: Db, workspaceId: string, messageId: string) {
  return db
    .deleteFrom('promises')
    .where('workspace_id', '=', workspaceId)
    .where('message_id', '=', messageId)
    .where('state', '=', 'proposed')
    .execute();
}

export function updatePromise(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<PromisesTable>,
) {
  return db
    .updateTable('promises')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function insertRedate(
  db: Db,
  workspaceId: string,
  r: {
    promise_id: string;
    from_due_at: Date;
    to_due_at: Date;
    message_id: string | null;
    by_id: string | null;
    created_at: Date;
  },
) {
  return db
    .insertInto('promise_redates')
    .values({ ...r, workspace_id: workspaceId })
    .executeTakeFirstOrThrow();
}

/**
 * What dates a reply's promises: the workspace's time zone, and the business
 * hours of the conversation's SLA policy's calendar, else of the workspace's
 * first calendar (none: the extractor's Monday-to-Friday default).
 */
export function findPromiseClock(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .leftJoin('sla_policies as sp', (j) =>
      j.onRef('sp.workspace_id', '=', 'c.workspace_id').onRef('sp.id', '=', 'c.sla_policy_id'),
    )
    .leftJoin('business_calendars as bc', (j) =>
      j.onRef('bc.workspace_id', '=', 'c.workspace_id').on(
        'bc.id',
        '=',
        sql<string>`coalesce(sp.calendar_id, (select min(b.id) from business_calendars b
            where b.workspace_id = c.workspace_id))`,
      ),
    )
    .select(['c.client_id', 'w.time_zone', 'bc.hours', 'bc.holidays'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
}

/** The workspace's time zone and first business calendar: the clock of a reply to no conversation yet. */
export function findWorkspaceClock(db: Db, workspaceId: string) {
  return db
    .selectFrom('workspaces as w')
    .leftJoin('business_calendars as bc', (j) =>
      j
        .onRef('bc.workspace_id', '=', 'w.id')
        .on(
          'bc.id',
          '=',
          sql<string>`(select min(b.id) from business_calendars b where b.workspace_id = w.id)`,
        ),
    )
    .select(['w.time_zone', 'bc.hours', 'bc.holidays'])
    .where('w.id', '=', workspaceId)
    .executeTakeFirstOrThrow();
}

/** Moves a merged client's promises to the client it was merged into; returns how many moved. */
export async function movePromises(
  db: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
  now: Date,
) {
  const result = await db
    .updateTable('promises')
    .set({ client_id: toId, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export interface AgentStatsRow {
  agent_id: string;
  agent_name: string;
  confirmed: string;
  kept: string;
  broken: string;
  delayed: string;
}

/**
 * Per agent over [from, to): promises confirmed, kept, broken, and delay
 * notices sent. `agentsOf` limits it to the members of the teams a supervisor
 * leads (and the supervisor); undefined: every agent.
 */
export async function agentStats(
  db: Db,
  workspaceId: string,
  from: Date,
  to: Date,
  agentsOf?: string,
): Promise<AgentStatsRow[]> {
  const scope = agentsOf
    ? sql`and (x.agent_id = ${agentsOf} or x.agent_id in (
        select m.user_id from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = ${workspaceId} and t.supervisor_id = ${agentsOf}))`
    : sql``;
  const result = await sql<AgentStatsRow>`
    select x.agent_id::text as agent_id, u.name as agent_name,
      sum(x.confirmed)::text as confirmed, sum(x.kept)::text as kept,
      sum(x.broken)::text as broken, sum(x.delayed)::text as delayed
    from (
      select agent_id, 1 as confirmed, 0 as kept, 0 as broken, 0 as delayed
      from promises
      where workspace_id = ${workspaceId} and confirmed_at >= ${from} and confirmed_at < ${to}
      union all
      select agent_id, 0, case when state = 'kept' then 1 else 0 end,
        case when state = 'broken' then 1 else 0 end, 0
      from promises
      where workspace_id = ${workspaceId} and state in ('kept', 'broken')
        and settled_at >= ${from} and settled_at < ${to}
      union all
      select p.agent_id, 0, 0, 0, 1
      from promise_redates r
      join promises p on p.workspace_id = r.workspace_id and p.id = r.promise_id
      where r.workspace_id = ${workspaceId} and r.created_at >= ${from} and r.created_at < ${to}
    ) x
    join users u on u.workspace_id = ${workspaceId} and u.id = x.agent_id
    where true ${scope}
    group by x.agent_id, u.name
    order by u.name, x.agent_id
  `.execute(db);
  return result.rows;
}
