import type { Kysely, Transaction } from 'kysely';
import type { BusinessHours, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function findWorkspace(db: Db, workspaceId: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
}

export function unscopedFindWorkspaceBySlug(db: Db, slug: string) {
  return db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertWorkspace(
  db: Db,
  values: { name: string; slug: string; time_zone: string; default_language: string },
) {
  return db.insertInto('workspaces').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateWorkspace(
  db: Db,
  workspaceId: string,
  patch: Partial<{ name: string; time_zone: string; default_language: string }>,
) {
  return db
    .updateTable('workspaces')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', workspaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function slugTaken(db: Db, slug: string) {
  return db.selectFrom('workspaces').select('id').where('slug', '=', slug).executeTakeFirst();
}

export async function insertDefaultSla(db: Db, workspaceId: string, timeZone: string) {
  const weekday: [string, string][] = [['09:00', '18:00']];
  const hours: BusinessHours = {
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
  };
  const calendar = await db
    .insertInto('business_calendars')
    .values({
      workspace_id: workspaceId,
      name: 'Business hours',
      time_zone: timeZone,
      hours: JSON.stringify(hours),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The service standard: every request answered within 10 business hours;
  // VIP clients within 4.
  await db
    .insertInto('sla_policies')
    .values([
      {
        workspace_id: workspaceId,
        name: 'VIP clients',
        position: 10,
        match_vip: true,
        first_response_minutes: 240,
        next_response_minutes: 240,
        calendar_id: calendar.id,
      },
      {
        workspace_id: workspaceId,
        name: 'Standard',
        position: 1000,
        first_response_minutes: 600,
        next_response_minutes: 600,
        calendar_id: calendar.id,
      },
    ])
    .execute();
  return calendar.id;
}
