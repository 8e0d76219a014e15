import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClientFieldDefinitionsTable, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Every custom field definition of the workspace (few: they are columns of a form). */
export function listAllFieldDefinitions(db: Db, workspaceId: string) {
  return db
    .selectFrom('client_field_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
}

export function listFieldDefinitions(db: Db, workspaceId: string, limit: number, afterId?: string) {
  let q = db
    .selectFrom('client_field_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

export function findFieldDefinition(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('client_field_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findFieldDefinitionByKey(db: Db, workspaceId: string, key: string) {
  return db
    .selectFrom('client_field_definitions')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export function insertFieldDefinition(
  db: Db,
  workspaceId: string,
  values: Pick<ClientFieldDefinitionsTable, 'key' | 'label' | 'type'> & { options: string[] },
) {
  return db
    .insertInto('client_field_definitions')
    .values({ workspace_id: workspaceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateFieldDefinition(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { label?: string; options?: string[] },
) {
  return db
    .updateTable('client_field_definitions')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteFieldDefinition(db: Db, workspaceId: string, id: string) {
  return db
    .deleteFrom('client_field_definitions')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Removes a deleted field's values from every client that has one. */
export async function removeFieldValues(db: Db, workspaceId: string, key: string) {
  const r = await db
    .updateTable('clients')
    .set({ custom_fields: sql<string>`custom_fields - ${key}::text` })
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`custom_fields ? ${key}::text`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
