import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function findClient(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function findClientIdByIdentity(
  db: Db,
  workspaceId: string,
  kind: 'email' | 'phone' | 'chat',
  value: string,
) {
  return db
    .selectFrom('client_identities')
    .select('client_id')
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('value', '=', value)
    .executeTakeFirst();
}

export function insertClient(
  db: Db,
  workspaceId: string,
  values: {
    name: string;
    kind?: 'person' | 'company';
    language?: string | null;
    company_id?: string | null;
  },
) {
  return db
    .insertInto('clients')
    .values({ workspace_id: workspaceId, custom_fields: '{}', ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertIdentity(
  db: Db,
  workspaceId: string,
  clientId: string,
  kind: 'email' | 'phone' | 'chat',
  value: string,
) {
  return db
    .insertInto('client_identities')
    .values({ workspace_id: workspaceId, client_id: clientId, kind, value })
    .returningAll()
    .executeTakeFirstOrThrow();
}
