// SQL of the SLA configuration: policies and business calendars.
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { BusinessCalendarsTable, DB, SlaPoliciesTable } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A page of policies in the order they are tried (position, id); fetches limit + 1 rows. */
export function listPolicies(
  db: Db,
  workspaceId: string,
  after: [number, string] | undefined,
  limit: number,
) {
  let q = db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId);
  if (after)
    q = q.where((eb) => eb(eb.refTuple('position', 'id'), '>', eb.tuple(after[0], after[1])));
  return q
    .orderBy('position')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export function findPolicy(db: Db, workspaceId: string, id: string, lock = false) {
  const q = db
    .selectFrom('sla_policies')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertPolicy(db: Db, values: Insertable<SlaPoliciesTable>) {
  return db.insertInto('sla_policies').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updatePolicy(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<SlaPoliciesTable>,
) {
  return db
    .updateTable('sla_policies')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deletePolicy(db: Db, workspaceId: string, id: string) {
  return db
    .deleteFrom('sla_policies')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Takes a policy off every conversation that followed it; returns the active ones. */
export async function detachPolicy(db: Db, workspaceId: string, policyId: string) {
  const rows = await db
    .updateTable('conversations')
    .set({ sla_policy_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('sla_policy_id', '=', policyId)
    .returning(['id', 'status'])
    .execute();
  return rows.filter((r) => r.status !== 'resolved' && r.status !== 'closed').map((r) => r.id);
}

/** The ids of the policies that count time on a calendar. */
export async function listPolicyIdsOfCalendar(db: Db, workspaceId: string, calendarId: string) {
  const rows = await db
    .selectFrom('sla_policies')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('calendar_id', '=', calendarId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A page of calendars by id; fetches limit + 1 rows. */
export function listCalendars(
  db: Db,
  workspaceId: string,
  afterId: string | undefined,
  limit: number,
) {
  let q = db.selectFrom('business_calendars').selectAll().where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export function findCalendar(db: Db, workspaceId: string, id: string, lock = false) {
  const q = db
    .selectFrom('business_calendars')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertCalendar(db: Db, values: Insertable<BusinessCalendarsTable>) {
  return db
    .insertInto('business_calendars')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateCalendar(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<BusinessCalendarsTable>,
) {
  return db
    .updateTable('business_calendars')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteCalendar(db: Db, workspaceId: string, id: string) {
  return db
    .deleteFrom('business_calendars')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}
