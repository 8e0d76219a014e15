// The SQL of IMAP polling: which mailboxes to poll, and where each one is.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const POLL_COLUMNS = [
  'workspace_id',
  'id',
  'imap_host',
  'imap_port',
  'imap_secure',
  'imap_user',
  'imap_password_sealed',
  'imap_folder',
] as const;

export type PollMailbox = Awaited<ReturnType<typeof unscopedListPollMailboxes>>[number];

/**
 * Every workspace's active mailbox with IMAP enabled (the poll job serves all
 * of them); onlyWorkspaceId narrows it to one (tests on a shared database).
 */
export function unscopedListPollMailboxes(db: Db, onlyWorkspaceId?: string) {
  let q = db.selectFrom('mailboxes').select(POLL_COLUMNS);
  if (onlyWorkspaceId) q = q.where('workspace_id', '=', onlyWorkspaceId);
  return q
    .where('is_active', '=', true)
    .where('imap_enabled', '=', true)
    .where('imap_host', 'is not', null)
    .orderBy('workspace_id')
    .orderBy('id')
    .execute();
}

export function findPollMailbox(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('mailboxes')
    .select(POLL_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('is_active', '=', true)
    .where('imap_enabled', '=', true)
    .where('imap_host', 'is not', null)
    .executeTakeFirst();
}

export function findImapState(db: Db, workspaceId: string, mailboxId: string, folder: string) {
  return db
    .selectFrom('mailbox_imap_state')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('mailbox_id', '=', mailboxId)
    .where('folder', '=', folder)
    .executeTakeFirst();
}

/** Every folder state of a mailbox (for the admin). */
export function listImapStates(db: Db, workspaceId: string, mailboxId: string) {
  return db
    .selectFrom('mailbox_imap_state')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('mailbox_id', '=', mailboxId)
    .orderBy('folder')
    .execute();
}

/**
 * Makes sure the folder has a state row with this UIDVALIDITY: a new folder,
 * or one whose UIDVALIDITY changed, starts over from UID 0 (`started`; `reset`
 * when there was an earlier UIDVALIDITY). Returns the last UID.
 */
export async function syncUidValidity(
  db: Db,
  workspaceId: string,
  mailboxId: string,
  folder: string,
  uidValidity: bigint,
): Promise<{ lastUid: bigint; reset: boolean; started: boolean }> {
  const state = await findImapState(db, workspaceId, mailboxId, folder);
  const validity = uidValidity.toString();
  if (state && state.uid_validity === validity) {
    return { lastUid: BigInt(state.last_uid), reset: false, started: false };
  }
  await db
    .insertInto('mailbox_imap_state')
    .values({
      workspace_id: workspaceId,
      mailbox_id: mailboxId,
      folder,
      uid_validity: validity,
      last_uid: 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'mailbox_id', 'folder'])
        .doUpdateSet({ uid_validity: validity, last_uid: 0 }),
    )
    .execute();
  // A row without UIDVALIDITY only recorded a failed first poll: not a reset.
  return { lastUid: 0n, reset: state?.uid_validity != null, started: true };
}

/**
 * Moves the folder's last UID forward, in the transaction that stored the
 * message; refuses (returns false) when another poll already stored it.
 */
export async function advanceLastUid(
  db: Db,
  workspaceId: string,
  mailboxId: string,
  folder: string,
  uidValidity: bigint,
  uid: bigint,
): Promise<boolean> {
  const row = await db
    .updateTable('mailbox_imap_state')
    .set({ last_uid: uid.toString() })
    .where('workspace_id', '=', workspaceId)
    .where('mailbox_id', '=', mailboxId)
    .where('folder', '=', folder)
    .where('uid_validity', '=', uidValidity.toString())
    .where('last_uid', '<', uid.toString())
    .returning('last_uid')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records how a poll ended: an error for the admin to see, or success. */
export async function recordPoll(
  db: Db,
  workspaceId: string,
  mailboxId: string,
  folder: string,
  at: Date,
  error: string | null,
) {
  await db
    .insertInto('mailbox_imap_state')
    .values({
      workspace_id: workspaceId,
      mailbox_id: mailboxId,
      folder,
      last_polled_at: at,
      ...(error
        ? { last_error: error, last_error_at: at }
        : { last_success_at: at, last_error: null }),
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'mailbox_id', 'folder'])
        .doUpdateSet(
          error
            ? { last_polled_at: at, last_error: error, last_error_at: at }
            : { last_polled_at: at, last_success_at: at, last_error: null },
        ),
    )
    .execute();
}
