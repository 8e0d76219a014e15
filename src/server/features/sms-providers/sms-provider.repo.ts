import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { DB, SmsProvidersTable } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type SmsProviderRow = NonNullable<Awaited<ReturnType<typeof findSmsProvider>>>;

export function findSmsProvider(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('sms_providers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The workspace's providers, by name. */
export function listSmsProviders(db: Db, workspaceId: string) {
  return db
    .selectFrom('sms_providers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .orderBy('id')
    .limit(200)
    .execute();
}

export function insertSmsProvider(
  db: Db,
  workspaceId: string,
  row: Omit<Insertable<SmsProvidersTable>, 'workspace_id'>,
) {
  return db
    .insertInto('sms_providers')
    .values({ ...row, workspace_id: workspaceId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateSmsProvider(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<SmsProvidersTable>,
) {
  return db
    .updateTable('sms_providers')
    .set({ ...patch, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSmsProvider(db: Db, workspaceId: string, id: string) {
  const result = await db
    .deleteFrom('sms_providers')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * A provider by id alone, across workspaces: only for the public webhooks,
 * whose URL names the provider and whose signature proves the caller.
 */
export function unscopedFindSmsProvider(db: Db, id: string) {
  return db.selectFrom('sms_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The workspace's first active provider (the oldest), for conversations that name none. */
export function findFirstActiveSmsProvider(db: Db, workspaceId: string) {
  return db
    .selectFrom('sms_providers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('is_active', '=', true)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
