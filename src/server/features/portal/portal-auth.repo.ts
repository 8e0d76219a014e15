import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The workspace a portal URL names, by its slug or else its id: the portal is
 * reached before any workspace is known (hence unscoped), like the chat widget.
 */
export async function unscopedFindPortalWorkspace(db: Db, key: string) {
  const columns = ['id', 'slug', 'name', 'time_zone', 'default_language'] as const;
  const bySlug = await db
    .selectFrom('workspaces')
    .select(columns)
    .where('slug', '=', key)
    .executeTakeFirst();
  if (bySlug || !/^[1-9]\d{0,17}$/.test(key)) return bySlug;
  return db.selectFrom('workspaces').select(columns).where('id', '=', key).executeTakeFirst();
}

export function findWorkspace(db: Db, workspaceId: string) {
  return db
    .selectFrom('workspaces')
    .select(['id', 'slug', 'name'])
    .where('id', '=', workspaceId)
    .executeTakeFirst();
}

export function findPortalSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom('portal_settings')
    .select(['share_company_requests', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

export function upsertPortalSettings(
  db: Db,
  workspaceId: string,
  values: { share_company_requests: boolean },
  now: Date,
) {
  return db
    .insertInto('portal_settings')
    .values({ workspace_id: workspaceId, ...values, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...values, updated_at: now }))
    .returning(['share_company_requests', 'updated_at'])
    .executeTakeFirstOrThrow();
}

/** The client (not deleted, not merged away) one of whose email identities this is. */
export function findLiveClientByEmail(db: Db, workspaceId: string, email: string) {
  return db
    .selectFrom('client_identities as i')
    .innerJoin('clients as c', (j) =>
      j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.id', '=', 'i.client_id'),
    )
    .where('i.workspace_id', '=', workspaceId)
    .where('i.kind', '=', 'email')
    .where('i.value', '=', email)
    .where('c.deleted_at', 'is', null)
    .where('c.merged_into_id', 'is', null)
    .select(['c.id', 'c.name', 'c.language'])
    .executeTakeFirst();
}

export function findLinkByRequestKey(db: Db, workspaceId: string, requestKey: string) {
  return db
    .selectFrom('portal_sign_in_links')
    .select(['id', 'client_id', 'sent_at', 'used_at'])
    .where('workspace_id', '=', workspaceId)
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
}

/** How many links the client was sent (or is being sent) since the time. */
export async function countLinksSince(db: Db, workspaceId: string, clientId: string, since: Date) {
  const row = await db
    .selectFrom('portal_sign_in_links')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertLink(
  db: Db,
  values: {
    workspace_id: string;
    request_key: string;
    client_id: string;
    email: string;
    language: string;
    token_hash: string;
    created_at: Date;
    expires_at: Date;
  },
) {
  return db
    .insertInto('portal_sign_in_links')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A retried send gets a new token: the one hashed before was never seen by anyone. */
export function replaceLinkToken(
  db: Db,
  workspaceId: string,
  id: string,
  tokenHash: string,
  expiresAt: Date,
) {
  return db
    .updateTable('portal_sign_in_links')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export function markLinkSent(db: Db, workspaceId: string, id: string, at: Date) {
  return db
    .updateTable('portal_sign_in_links')
    .set({ sent_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** A link of the workspace that is still usable: not used, not expired. */
export function findUsableLink(db: Db, workspaceId: string, tokenHash: string, now: Date) {
  return db
    .selectFrom('portal_sign_in_links')
    .select(['id', 'client_id'])
    .where('workspace_id', '=', workspaceId)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses a link up: only one caller can (the row lock and the conditions make a
 * second, concurrent use find nothing). Returns the client it signs in.
 */
export function consumeLink(db: Db, workspaceId: string, tokenHash: string, now: Date) {
  return db
    .updateTable('portal_sign_in_links')
    .set({ used_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'client_id'])
    .executeTakeFirst();
}

export function insertSession(
  db: Db,
  s: {
    id: string;
    workspace_id: string;
    client_id: string;
    csrf_token: string;
    created_at: Date;
    expires_at: Date;
  },
) {
  return db
    .insertInto('portal_sessions')
    .values({ ...s, last_seen_at: s.created_at })
    .execute();
}

/**
 * A portal session of the workspace by its cookie's hash, with its client
 * (only while the client exists and was not merged into another).
 */
export function findSession(db: Db, workspaceId: string, idHash: string) {
  return db
    .selectFrom('portal_sessions as s')
    .innerJoin('clients as c', (j) =>
      j.onRef('c.workspace_id', '=', 's.workspace_id').onRef('c.id', '=', 's.client_id'),
    )
    .where('s.id', '=', idHash)
    .where('s.workspace_id', '=', workspaceId)
    .where('c.deleted_at', 'is', null)
    .where('c.merged_into_id', 'is', null)
    .select([
      's.client_id',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'c.name',
      'c.kind',
      'c.company_id',
      'c.language',
      'c.time_zone',
    ])
    .executeTakeFirst();
}

export function touchSession(db: Db, idHash: string, now: Date, expiresAt: Date) {
  return db
    .updateTable('portal_sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', idHash)
    .execute();
}

export function deleteSession(db: Db, workspaceId: string, idHash: string) {
  return db
    .deleteFrom('portal_sessions')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', idHash)
    .execute();
}

/** Housekeeping across workspaces: sessions and links past their expiry (a day's grace for links). */
export async function unscopedDeleteExpired(db: Db, now: Date) {
  await db.deleteFrom('portal_sessions').where('expires_at', '<', now).execute();
  await db
    .deleteFrom('portal_sign_in_links')
    .where('expires_at', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
    .execute();
}
