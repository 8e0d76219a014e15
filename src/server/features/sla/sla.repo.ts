// SQL of the SLA clocks: the inputs of a conversation, the matching policy,
// its targets, and the conversation's sla_due_at kept equal to the earliest
// due time among its running targets.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  BusinessCalendarsTable,
  DB,
  SlaPoliciesTable,
  SlaTargetKind,
  SlaTargetsTable,
} from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type SlaTargetRow = Selectable<SlaTargetsTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type CalendarRow = Selectable<BusinessCalendarsTable>;

function slaInputsQuery(db: Db, workspaceId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .select([
      'c.id',
      'c.status',
      'c.priority',
      'c.sla_policy_id',
      'c.first_responded_at',
      'c.created_at',
      'cl.tier',
      'cl.is_vip',
    ])
    .where('c.workspace_id', '=', workspaceId);
}

/** What picks the policy and shapes the clocks of one conversation. */
export function findSlaInputs(db: Db, workspaceId: string, conversationId: string) {
  return slaInputsQuery(db, workspaceId).where('c.id', '=', conversationId).executeTakeFirst();
}

export type SlaInputs = NonNullable<Awaited<ReturnType<typeof findSlaInputs>>>;

/** The SLA inputs of several conversations. */
export function listSlaInputs(db: Db, workspaceId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return slaInputsQuery(db, workspaceId).where('c.id', 'in', conversationIds).execute();
}

/** The first policy by position whose conditions all match, with its calendar. */
export function findMatchingPolicy(
  db: Db,
  workspaceId: string,
  m: { priority: string; tier: string; isVip: boolean },
) {
  return db
    .selectFrom('sla_policies as p')
    .leftJoin('business_calendars as bc', (j) =>
      j.onRef('bc.workspace_id', '=', 'p.workspace_id').onRef('bc.id', '=', 'p.calendar_id'),
    )
    .selectAll('p')
    .select(['bc.time_zone', 'bc.hours', 'bc.holidays'])
    .where('p.workspace_id', '=', workspaceId)
    .where(
      sql<boolean>`(cardinality(p.match_priorities) = 0 or ${m.priority} = any(p.match_priorities))`,
    )
    .where(sql<boolean>`(cardinality(p.match_tiers) = 0 or ${m.tier} = any(p.match_tiers))`)
    .where((eb) => eb.or([eb('p.match_vip', 'is', null), eb('p.match_vip', '=', m.isVip)]))
    .orderBy('p.position')
    .orderBy('p.id')
    .limit(1)
    .executeTakeFirst();
}

/** A policy with its calendar's fields (null when it has no calendar). */
export function findPolicyWithCalendar(db: Db, workspaceId: string, policyId: string) {
  return db
    .selectFrom('sla_policies as p')
    .leftJoin('business_calendars as bc', (j) =>
      j.onRef('bc.workspace_id', '=', 'p.workspace_id').onRef('bc.id', '=', 'p.calendar_id'),
    )
    .selectAll('p')
    .select(['bc.time_zone', 'bc.hours', 'bc.holidays'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.id', '=', policyId)
    .executeTakeFirst();
}

export type PolicyWithCalendar = NonNullable<Awaited<ReturnType<typeof findPolicyWithCalendar>>>;

export function setConversationPolicy(
  db: Db,
  workspaceId: string,
  conversationId: string,
  policyId: string | null,
) {
  return db
    .updateTable('conversations')
    .set({ sla_policy_id: policyId })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .execute();
}

export function listTargets(db: Db, workspaceId: string, conversationId: string) {
  return listTargetsOf(db, workspaceId, [conversationId]);
}

/** The targets of several conversations. */
export function listTargetsOf(db: Db, workspaceId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sla_targets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', 'in', conversationIds)
    .orderBy('conversation_id')
    .orderBy('kind')
    .execute();
}

/** The clock fields of a target that (re)starts or changes; the kind's row is replaced. */
export interface TargetClock {
  kind: SlaTargetKind;
  target_minutes: number;
  started_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  remaining_minutes: number | null;
  paused_at: Date | null;
  met_at?: Date | null;
  warned_at?: Date | null;
  breached_at?: Date | null;
}

/** Writes targets of a conversation, replacing the row of each kind (a restarted clock starts clean). */
export function upsertTargets(
  db: Db,
  workspaceId: string,
  conversationId: string,
  targets: TargetClock[],
) {
  return upsertTargetsOf(
    db,
    workspaceId,
    targets.map((clock) => ({ conversationId, clock })),
  );
}

/** Writes targets of several conversations in one statement. */
export function upsertTargetsOf(
  db: Db,
  workspaceId: string,
  entries: { conversationId: string; clock: TargetClock }[],
) {
  if (entries.length === 0) return Promise.resolve();
  return db
    .insertInto('sla_targets')
    .values(
      entries.map(({ conversationId, clock: t }) => ({
        workspace_id: workspaceId,
        conversation_id: conversationId,
        kind: t.kind,
        target_minutes: t.target_minutes,
        started_at: t.started_at,
        due_at: t.due_at,
        warn_at: t.warn_at,
        remaining_minutes: t.remaining_minutes,
        paused_at: t.paused_at,
        met_at: t.met_at ?? null,
        warned_at: t.warned_at ?? null,
        breached_at: t.breached_at ?? null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'conversation_id', 'kind']).doUpdateSet((eb) => ({
        target_minutes: eb.ref('excluded.target_minutes'),
        started_at: eb.ref('excluded.started_at'),
        due_at: eb.ref('excluded.due_at'),
        warn_at: eb.ref('excluded.warn_at'),
        remaining_minutes: eb.ref('excluded.remaining_minutes'),
        paused_at: eb.ref('excluded.paused_at'),
        met_at: eb.ref('excluded.met_at'),
        warned_at: eb.ref('excluded.warned_at'),
        breached_at: eb.ref('excluded.breached_at'),
      })),
    )
    .execute();
}

/** Marks the unmet targets of these kinds met (an answer, a resolution); returns how many. */
export async function meetTargets(
  db: Db,
  workspaceId: string,
  conversationId: string,
  kinds: SlaTargetKind[],
  at: Date,
) {
  const r = await db
    .updateTable('sla_targets')
    .set({ met_at: at, warn_at: null, paused_at: null, remaining_minutes: null })
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('kind', 'in', kinds)
    .where('met_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Stops the unmet targets of a conversation that is resolved or closed
 * without meeting them: no due time, not paused, not met.
 */
export function stopTargets(db: Db, workspaceId: string, conversationId: string) {
  return db
    .updateTable('sla_targets')
    .set({ due_at: null, warn_at: null, paused_at: null, remaining_minutes: null })
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('met_at', 'is', null)
    .execute();
}

/** Sets conversations.sla_due_at to the earliest due time of its running targets (null if none). */
export function syncConversationDue(db: Db, workspaceId: string, conversationId: string) {
  return syncConversationsDue(db, workspaceId, [conversationId]);
}

/** syncConversationDue for several conversations in one statement. */
export function syncConversationsDue(db: Db, workspaceId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve();
  return db
    .updateTable('conversations as c')
    .set({
      sla_due_at: sql`(select min(t.due_at) from sla_targets t
        where t.workspace_id = c.workspace_id and t.conversation_id = c.id
          and t.met_at is null and t.due_at is not null)`,
    })
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', 'in', conversationIds)
    .execute();
}

/** Active conversations of the workspace whose clocks follow one of these policies, by id (a page). */
export async function listActiveConversationsOfPolicies(
  db: Db,
  workspaceId: string,
  policyIds: string[],
  afterId: string | null,
  limit: number,
) {
  if (policyIds.length === 0) return [];
  let q = db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('sla_policy_id', 'in', policyIds)
    .where('status', 'not in', ['resolved', 'closed']);
  if (afterId) q = q.where('id', '>', afterId);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}
