import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { ClientsTable, ClientTier, DB } from '../../db/schema.ts';
import { inInsertOrder } from '../../db/insert-order.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type ClientRow = Selectable<ClientsTable>;
export type IdentityKind = 'email' | 'phone' | 'chat';

export function findClient(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A client even when deleted or merged away, locked for the rest of the transaction. */
export function findClientForUpdate(db: Db, workspaceId: string, clientId: string) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The client (deleted or not) who has this identity, in one query; with lock,
 * its row is locked FOR NO KEY UPDATE (which does not block rows referencing it).
 */
export function findClientByIdentity(
  db: Db,
  workspaceId: string,
  kind: IdentityKind,
  value: string,
  lock: boolean,
) {
  const q = db
    .selectFrom('client_identities as i')
    .innerJoin('clients as c', (j) =>
      j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.id', '=', 'i.client_id'),
    )
    .selectAll('c')
    .where('i.workspace_id', '=', workspaceId)
    .where('i.kind', '=', kind)
    .where('i.value', '=', value);
  return (lock ? q.forNoKeyUpdate('c') : q).executeTakeFirst();
}

/**
 * findClientByIdentity for several values of one kind, in one query, with the value
 * each client was found by; with lock, rows are locked in the order of their ids (two
 * batches locking overlapping clients then wait for each other instead of deadlocking).
 */
export function listClientsByIdentities(
  db: Db,
  workspaceId: string,
  kind: IdentityKind,
  values: string[],
  lock: boolean,
) {
  if (values.length === 0) return Promise.resolve([]);
  const q = db
    .selectFrom('client_identities as i')
    .innerJoin('clients as c', (j) =>
      j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.id', '=', 'i.client_id'),
    )
    .selectAll('c')
    .select('i.value as identity_value')
    .where('i.workspace_id', '=', workspaceId)
    .where('i.kind', '=', kind)
    .where('i.value', 'in', values)
    .orderBy('c.id');
  return (lock ? q.forNoKeyUpdate('c') : q).execute();
}

export function findClientIdByIdentity(
  db: Db,
  workspaceId: string,
  kind: IdentityKind,
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

/** Which of these identity values some client already has. */
export function listTakenIdentities(
  db: Db,
  workspaceId: string,
  wanted: { kind: IdentityKind; value: string }[],
) {
  if (wanted.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('client_identities')
    .select(['kind', 'value', 'client_id'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or(wanted.map((w) => eb.and([eb('kind', '=', w.kind), eb('value', '=', w.value)]))),
    )
    .execute();
}

export function insertClient(
  db: Db,
  workspaceId: string,
  values: {
    name: string;
    kind?: 'person' | 'company';
    language?: string | null;
    company_id?: string | null;
    time_zone?: string | null;
    tier?: ClientTier;
    is_vip?: boolean;
    tags?: string[];
    custom_fields?: Record<string, unknown>;
  },
) {
  const { custom_fields, ...rest } = values;
  return db
    .insertInto('clients')
    .values({
      workspace_id: workspaceId,
      custom_fields: JSON.stringify(custom_fields ?? {}),
      ...rest,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts several clients of one identity each; returns their rows in the order given. */
export async function insertClients(
  db: Db,
  workspaceId: string,
  values: { name: string; language: string | null }[],
) {
  if (values.length === 0) return [];
  const rows = await db
    .insertInto('clients')
    .values(values.map((v) => ({ workspace_id: workspaceId, custom_fields: '{}', ...v })))
    .returningAll()
    .execute();
  return inInsertOrder(rows);
}

/** Inserts several identities in one statement. */
export async function insertIdentities(
  db: Db,
  workspaceId: string,
  rows: { clientId: string; kind: IdentityKind; value: string }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('client_identities')
    .values(
      rows.map((r) => ({
        workspace_id: workspaceId,
        client_id: r.clientId,
        kind: r.kind,
        value: r.value,
      })),
    )
    .execute();
}

export type ClientPatch = Omit<
  Updateable<ClientsTable>,
  'workspace_id' | 'id' | 'custom_fields' | 'created_at'
> & { custom_fields?: Record<string, unknown> };

export function updateClient(db: Db, workspaceId: string, clientId: string, patch: ClientPatch) {
  const { custom_fields, ...rest } = patch;
  return db
    .updateTable('clients')
    .set({
      ...rest,
      ...(custom_fields ? { custom_fields: JSON.stringify(custom_fields) } : {}),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertIdentity(
  db: Db,
  workspaceId: string,
  clientId: string,
  kind: IdentityKind,
  value: string,
) {
  return db
    .insertInto('client_identities')
    .values({ workspace_id: workspaceId, client_id: clientId, kind, value })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findIdentity(db: Db, workspaceId: string, clientId: string, identityId: string) {
  return db
    .selectFrom('client_identities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('id', '=', identityId)
    .executeTakeFirst();
}

export function deleteIdentity(db: Db, workspaceId: string, identityId: string) {
  return db
    .deleteFrom('client_identities')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', identityId)
    .execute();
}

/** Removes every identity of a client (on delete), returning what was removed for the audit. */
export function deleteIdentitiesOf(db: Db, workspaceId: string, clientId: string) {
  return db
    .deleteFrom('client_identities')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .returning(['kind', 'value'])
    .execute();
}

/** The identities of a page of clients in one query (no N+1). */
export function listIdentitiesOf(db: Db, workspaceId: string, clientIds: string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('client_identities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('client_id', 'in', clientIds)
    .orderBy('id')
    .execute();
}

/** Id and name of these clients (the companies shown beside a page of people). */
export function listClientNames(db: Db, workspaceId: string, clientIds: string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('clients')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', clientIds)
    .where('deleted_at', 'is', null)
    .execute();
}

export function countCompanyMembers(db: Db, workspaceId: string, companyId: string) {
  return db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export interface ClientFilters {
  tag?: string;
  vip?: boolean;
  tier?: ClientTier;
  companyId?: string;
  kind?: 'person' | 'company';
}

/** The SQL condition for the list filters on the clients row aliased as alias. */
export function filtersSql(f: ClientFilters, alias: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts = [sql<boolean>`${col('deleted_at')} is null`];
  if (f.tag !== undefined) parts.push(sql`${col('tags')} @> array[${f.tag}]::text[]`);
  if (f.vip !== undefined) parts.push(sql`${col('is_vip')} = ${f.vip}`);
  if (f.tier !== undefined) parts.push(sql`${col('tier')} = ${f.tier}`);
  if (f.companyId !== undefined) parts.push(sql`${col('company_id')} = ${f.companyId}`);
  if (f.kind !== undefined) parts.push(sql`${col('kind')} = ${f.kind}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** A page of live clients, newest first, keyset on id. */
export function listClients(
  db: Db,
  workspaceId: string,
  filters: ClientFilters,
  limit: number,
  beforeId?: string,
) {
  let q = db
    .selectFrom('clients')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(filtersSql(filters, 'clients'));
  if (beforeId) q = q.where('id', '<', beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

// Merging and deleting --------------------------------------------------------------

/** Moves every identity of one client to another; returns how many moved. */
export async function moveIdentities(db: Db, workspaceId: string, fromId: string, toId: string) {
  const r = await db
    .updateTable('client_identities')
    .set({ client_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Points a client's conversations, and the messages it wrote, at another client.
 * Conversations belong to their own feature, but a merge must move them in the
 * same transaction; this is the one place clients writes them.
 */
export async function moveConversations(db: Db, workspaceId: string, fromId: string, toId: string) {
  const moved = await db
    .updateTable('conversations')
    .set({ client_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromId)
    .returning(['id', 'status'])
    .execute();
  await db
    .updateTable('messages')
    .set({ author_client_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('author_client_id', '=', fromId)
    .execute();
  return moved;
}

/** The conversations of a client still being worked (their SLA depends on the client's tier and VIP flag). */
export async function listActiveConversationIds(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('status', 'not in', ['resolved', 'closed'])
    .execute();
  return rows.map((r) => r.id);
}

/** Moves the people of one company to another (or to none). */
export async function moveCompanyMembers(
  db: Db,
  workspaceId: string,
  fromCompanyId: string,
  toCompanyId: string | null,
) {
  const r = await db
    .updateTable('clients')
    .set({ company_id: toCompanyId })
    .where('workspace_id', '=', workspaceId)
    .where('company_id', '=', fromCompanyId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Clients merged into fromId earlier now count as merged into toId (one level to follow). */
export function repointMergedClients(db: Db, workspaceId: string, fromId: string, toId: string) {
  return db
    .updateTable('clients')
    .set({ merged_into_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', '=', fromId)
    .execute();
}

/** The clients merged into this one: their timelines belong to it. */
export async function listMergedClientIds(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .selectFrom('clients')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', '=', clientId)
    .execute();
  return rows.map((r) => r.id);
}

/** True when the database refused a second client with the same identity. */
export function isIdentityTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return (
    e?.code === '23505' &&
    (e.constraint === 'client_identities_value_uq' ||
      String(e.message).includes('client_identities_value_uq'))
  );
}
