import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { DB, MailboxesTable } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type MailboxValues = Omit<Insertable<MailboxesTable>, 'workspace_id' | 'id'>;

/** Mailboxes with how the last IMAP poll of their folder went (for the admin). */
function selectMailboxes(db: Db, workspaceId: string) {
  return db
    .selectFrom('mailboxes as m')
    .leftJoin('mailbox_imap_state as s', (j) =>
      j
        .onRef('s.workspace_id', '=', 'm.workspace_id')
        .onRef('s.mailbox_id', '=', 'm.id')
        .onRef('s.folder', '=', 'm.imap_folder'),
    )
    .selectAll('m')
    .select([
      's.last_polled_at as imap_last_polled_at',
      's.last_success_at as imap_last_success_at',
      's.last_error as imap_last_error',
      's.last_error_at as imap_last_error_at',
    ])
    .where('m.workspace_id', '=', workspaceId);
}

export function listMailboxes(db: Db, workspaceId: string) {
  return selectMailboxes(db, workspaceId).orderBy('m.name').orderBy('m.id').execute();
}

export function findMailbox(db: Db, workspaceId: string, id: string) {
  return selectMailboxes(db, workspaceId).where('m.id', '=', id).executeTakeFirst();
}

/** Any workspace's active mailbox with this address: the SMTP listener routes by recipient. */
export function unscopedFindActiveMailboxByAddress(db: Db, address: string) {
  return db
    .selectFrom('mailboxes')
    .select(['workspace_id', 'id', 'address'])
    .where((eb) => eb(eb.fn('lower', ['address']), '=', address.trim().toLowerCase()))
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export function insertMailbox(db: Db, workspaceId: string, values: MailboxValues) {
  return db
    .insertInto('mailboxes')
    .values({ ...values, workspace_id: workspaceId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateMailbox(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Updateable<MailboxesTable>,
) {
  return db
    .updateTable('mailboxes')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

export async function deleteMailbox(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('mailboxes')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function teamExists(db: Db, workspaceId: string, teamId: string) {
  const row = await db
    .selectFrom('teams')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .executeTakeFirst();
  return row !== undefined;
}
