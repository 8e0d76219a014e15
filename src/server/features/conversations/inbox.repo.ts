import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, ConversationStatus, DB, Priority } from '../../db/schema.ts';
import { IS_ACTIVE, selectRows } from './conversation.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The sort key of the last row of a page: its activity or due time (as text) and id. */
export interface InboxCursor {
  kind: 'activity' | 'due' | 'no_due';
  key: string;
  id: string;
}

export interface InboxQuery {
  view: 'mine' | 'unassigned' | 'my_teams' | 'all' | 'sla_at_risk';
  /** The viewer, for mine and my_teams (null: the system, who has neither). */
  userId: string | null;
  statuses?: ConversationStatus[];
  priority?: Priority;
  tag?: string;
  teamId?: string;
  assigneeId?: string;
  clientId?: string;
  channel?: Channel;
  /** The search box: any of a number, clients, or words that start the subject's words. */
  search?: InboxSearch;
  sort: 'last_activity' | 'sla_due';
  /** sla_at_risk: conversations due at or before this time. */
  riskAt: Date;
  /** Keyset: where the previous page ended. */
  after?: InboxCursor;
  limit: number;
}

export interface InboxSearch {
  number?: number;
  clientIds: string[];
  /** Whole words as typed (letters, digits and marks only); each must start a word of the subject. */
  subjectWords: string[];
}

/**
 * The search as one condition: each part is an index lookup (the workspace's
 * number, the client index, the subject's word index of 0012_inbox_search.sql).
 */
function searchSql(search: InboxSearch) {
  const parts = [];
  if (search.number !== undefined) parts.push(sql<boolean>`c.number = ${search.number}`);
  if (search.clientIds.length)
    parts.push(sql<boolean>`c.client_id in (${sql.join(search.clientIds)})`);
  if (search.subjectWords.length) {
    const query = search.subjectWords.map((w) => `${w}:*`).join(' & ');
    parts.push(sql<boolean>`c.subject_words @@ to_tsquery('simple', search_fold(${query}))`);
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}

/** A page of the inbox: one query with joins, fetches limit + 1 rows. */
export async function listConversationRows(db: Db, workspaceId: string, q: InboxQuery) {
  let query = selectRows(db, workspaceId);
  const explicitlyInactive = q.statuses?.some((s) => s === 'resolved' || s === 'closed');
  if (!explicitlyInactive || q.view === 'sla_at_risk') query = query.where(IS_ACTIVE);
  if (q.statuses) query = query.where('c.status', 'in', q.statuses);

  switch (q.view) {
    case 'mine':
      query = q.userId
        ? query.where('c.assignee_id', '=', q.userId)
        : query.where(sql<boolean>`false`);
      break;
    case 'unassigned':
      query = query.where('c.assignee_id', 'is', null);
      break;
    case 'my_teams':
      query = query.where('c.team_id', 'in', (eb) =>
        eb
          .selectFrom('team_members as tm')
          .select('tm.team_id')
          .where('tm.workspace_id', '=', workspaceId)
          .where('tm.user_id', '=', q.userId ?? '0'),
      );
      break;
    case 'sla_at_risk':
      query = query.where('c.sla_due_at', 'is not', null).where('c.sla_due_at', '<=', q.riskAt);
      break;
    case 'all':
      break;
  }
  if (q.priority) query = query.where('c.priority', '=', q.priority);
  if (q.tag) query = query.where(sql<boolean>`c.tags @> array[${q.tag}]::text[]`);
  if (q.teamId) query = query.where('c.team_id', '=', q.teamId);
  if (q.assigneeId) query = query.where('c.assignee_id', '=', q.assigneeId);
  if (q.clientId) query = query.where('c.client_id', '=', q.clientId);
  if (q.channel) query = query.where('c.channel', '=', q.channel);
  if (q.search) query = query.where(searchSql(q.search));

  const byActivity = (qb: typeof query, after?: InboxCursor) =>
    (after
      ? qb.where(
          sql<boolean>`(c.last_message_at, c.id) < (${after.key}::timestamptz, ${after.id}::bigint)`,
        )
      : qb
    )
      .orderBy('c.last_message_at', 'desc')
      .orderBy('c.id', 'desc');

  if (q.sort === 'last_activity') {
    return byActivity(query, q.after)
      .limit(q.limit + 1)
      .execute();
  }

  // Soonest due first through conversations_active_sla_idx; then those without a
  // due time, latest activity first through the activity index. Each part is an
  // index walk: sorting "nulls last" in one query would sort every active row.
  const due =
    q.after?.kind === 'no_due'
      ? []
      : await (
          q.after
            ? query.where(
                sql<boolean>`(c.sla_due_at, c.id) > (${q.after.key}::timestamptz, ${q.after.id}::bigint)`,
              )
            : query
        )
          .where('c.sla_due_at', 'is not', null)
          .orderBy('c.sla_due_at', 'asc')
          .orderBy('c.id', 'asc')
          .limit(q.limit + 1)
          .execute();
  if (due.length > q.limit || q.view === 'sla_at_risk') return due;
  const none = await byActivity(
    query.where('c.sla_due_at', 'is', null),
    q.after?.kind === 'no_due' ? q.after : undefined,
  )
    .limit(q.limit + 1 - due.length)
    .execute();
  return [...due, ...none];
}

/** The inbox view counts in one pass over the workspace's active conversations only. */
export async function countInbox(db: Db, workspaceId: string, userId: string | null, riskAt: Date) {
  const user = userId ?? '0';
  const row = await db
    .selectFrom('conversations as c')
    .where('c.workspace_id', '=', workspaceId)
    .where(IS_ACTIVE)
    .select([
      sql<string>`count(*) filter (where c.assignee_id = ${user}::bigint)`.as('mine'),
      sql<string>`count(*) filter (where c.assignee_id is null)`.as('unassigned'),
      sql<string>`count(*) filter (where c.team_id in (
        select tm.team_id from team_members tm
        where tm.workspace_id = ${workspaceId}::bigint and tm.user_id = ${user}::bigint))`.as(
        'my_teams',
      ),
      sql<string>`count(*)`.as('all'),
      sql<string>`count(*) filter (where c.sla_due_at <= ${riskAt}::timestamptz)`.as('sla_at_risk'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: Number(row.mine),
    unassigned: Number(row.unassigned),
    my_teams: Number(row.my_teams),
    all: Number(row.all),
    sla_at_risk: Number(row.sla_at_risk),
  };
}
