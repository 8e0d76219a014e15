import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type { MailboxImap, MailboxSmtp } from '../../../shared/api/mailboxes.ts';
import { secretsOf, withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { MailboxesTable } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { checkImap, pollMailboxes, requestImapPoll } from '../../channels/email/imap/poll.ts';
import { verifySmtp } from '../../channels/email/outbound/send.ts';
import { canMailbox } from './mailbox.policy.ts';
import type { MailboxRow } from './mailbox.presenter.ts';
import * as repo from './mailbox.repo.ts';

type Smtp = z.output<typeof MailboxSmtp>;
type Imap = z.output<typeof MailboxImap>;

export interface MailboxInput {
  name: string;
  address: string;
  default_team_id: string | null;
  default_language: string;
  signature: string;
  smtp: Smtp | null;
  imap: Imap | null;
  active: boolean;
}

const ADDRESS_TAKEN = 'another mailbox (maybe in another workspace) receives this address';

async function getMailbox(ctx: Ctx, id: string): Promise<MailboxRow> {
  const row = await repo.findMailbox(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('mailbox');
  return row;
}

async function withAddressConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(ADDRESS_TAKEN, { address: 'is taken' });
    throw err;
  }
}

async function checkTeam(ctx: Ctx, teamId: string | null | undefined) {
  if (teamId && !(await repo.teamExists(ctx.db, ctx.workspaceId, teamId))) {
    throw invalid({ default_team_id: 'is not a team of this workspace' });
  }
}

/**
 * The columns of the SMTP settings; a password left out keeps the stored one
 * (the API never shows it, so an edit form cannot send it back).
 */
function smtpColumns(ctx: Ctx, smtp: Smtp | null | undefined): Updateable<MailboxesTable> {
  if (smtp === undefined) return {};
  if (smtp === null) {
    return {
      smtp_host: null,
      smtp_port: null,
      smtp_secure: false,
      smtp_user: null,
      smtp_password_sealed: null,
    };
  }
  return {
    smtp_host: smtp.host,
    smtp_port: smtp.port,
    smtp_secure: smtp.secure,
    smtp_user: smtp.user || null,
    ...(smtp.password !== undefined
      ? { smtp_password_sealed: secretsOf(ctx).seal(smtp.password) }
      : {}),
  };
}

function imapColumns(ctx: Ctx, imap: Imap | null | undefined): Updateable<MailboxesTable> {
  if (imap === undefined) return {};
  if (imap === null) {
    return {
      imap_host: null,
      imap_port: null,
      imap_user: null,
      imap_password_sealed: null,
      imap_enabled: false,
    };
  }
  return {
    imap_host: imap.host,
    imap_port: imap.port,
    imap_secure: imap.secure,
    imap_user: imap.user || null,
    imap_folder: imap.folder,
    imap_enabled: imap.enabled,
    ...(imap.password !== undefined
      ? { imap_password_sealed: secretsOf(ctx).seal(imap.password) }
      : {}),
  };
}

/** The workspace's mailboxes by name (admins and supervisors). */
export async function listMailboxes(ctx: Ctx) {
  if (!canMailbox(ctx.actor, 'view')) throw forbidden('only admins and supervisors see mailboxes');
  return repo.listMailboxes(ctx.db, ctx.workspaceId);
}

export async function showMailbox(ctx: Ctx, id: string) {
  if (!canMailbox(ctx.actor, 'view')) throw forbidden('only admins and supervisors see mailboxes');
  return getMailbox(ctx, id);
}

/** An admin sets up a mailbox; its address must be free in every workspace. */
export async function createMailbox(ctx: Ctx, input: MailboxInput) {
  if (!canMailbox(ctx.actor, 'create')) throw forbidden('only admins set up mailboxes');
  return withTransaction(ctx, async (tx) => {
    await checkTeam(tx, input.default_team_id);
    const now = tx.now();
    const { id } = await withAddressConflict(() =>
      repo.insertMailbox(tx.db, tx.workspaceId, {
        name: input.name,
        address: input.address,
        default_team_id: input.default_team_id,
        default_language: input.default_language,
        signature: input.signature,
        is_active: input.active,
        ...smtpColumns(tx, input.smtp),
        ...imapColumns(tx, input.imap),
        created_at: now,
        updated_at: now,
      } as repo.MailboxValues),
    );
    return saved(tx, id);
  });
}

/**
 * The mailbox as just saved; one that polls IMAP is polled at once (the job
 * is queued in the same transaction), so the admin sees soon whether the
 * settings work rather than at the next scheduled poll.
 */
async function saved(tx: Ctx, id: string) {
  const row = await getMailbox(tx, id);
  if (tx.jobs && row.is_active && row.imap_enabled && row.imap_host) {
    await requestImapPoll(tx.db, tx.jobs, tx.workspaceId, id);
  }
  return row;
}

/** An admin changes a mailbox; passwords left out are kept. */
export async function updateMailbox(ctx: Ctx, id: string, patch: Partial<MailboxInput>) {
  if (!canMailbox(ctx.actor, 'update')) throw forbidden('only admins change mailboxes');
  return withTransaction(ctx, async (tx) => {
    await getMailbox(tx, id);
    await checkTeam(tx, patch.default_team_id);
    const columns: Updateable<MailboxesTable> = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.default_team_id !== undefined ? { default_team_id: patch.default_team_id } : {}),
      ...(patch.default_language !== undefined ? { default_language: patch.default_language } : {}),
      ...(patch.signature !== undefined ? { signature: patch.signature } : {}),
      ...(patch.active !== undefined ? { is_active: patch.active } : {}),
      ...smtpColumns(tx, patch.smtp),
      ...imapColumns(tx, patch.imap),
      updated_at: tx.now(),
    };
    const row = await withAddressConflict(() =>
      repo.updateMailbox(tx.db, tx.workspaceId, id, columns),
    );
    if (!row) throw notFound('mailbox');
    return saved(tx, id);
  });
}

/** An admin removes a mailbox (and its stored raw messages). */
export async function deleteMailbox(ctx: Ctx, id: string) {
  if (!canMailbox(ctx.actor, 'delete')) throw forbidden('only admins remove mailboxes');
  if (!(await repo.deleteMailbox(ctx.db, ctx.workspaceId, id))) throw notFound('mailbox');
}

/**
 * Tries the stored settings (admin): logs in to the SMTP server, and to the
 * IMAP server and opens the folder. Sends and changes nothing.
 */
/**
 * Fetches the mailbox's new mail now rather than at the next minute's poll (an admin who
 * expects a message, or who fixed the settings). Safe beside the scheduled poll: each
 * message is stored once.
 */
export async function pollMailboxNow(ctx: Ctx, id: string) {
  if (!canMailbox(ctx.actor, 'update')) throw forbidden('only admins fetch mail by hand');
  const row = await getMailbox(ctx, id);
  if (!row.is_active || !row.imap_enabled || !row.imap_host) {
    throw conflict('the mailbox does not receive by IMAP: it is paused or has no IMAP settings');
  }
  const [result] = await pollMailboxes(
    { db: ctx.db, jobs: ctx.jobs, secrets: secretsOf(ctx), now: ctx.now, log: ctx.log },
    { workspaceId: ctx.workspaceId, mailboxId: id },
  );
  return { stored: result?.stored ?? 0, error: result?.error ?? null };
}

export async function testMailboxConnection(ctx: Ctx, id: string) {
  if (!canMailbox(ctx.actor, 'update')) throw forbidden('only admins test mailboxes');
  const row = await getMailbox(ctx, id);
  const secrets = secretsOf(ctx);
  const outcome = (error: string | null) => ({ ok: error === null, error });
  const [smtp, imap] = await Promise.all([
    row.smtp_host ? verifySmtp(secrets, row).then(outcome) : null,
    row.imap_host ? checkImap(secrets, row).then(outcome) : null,
  ]);
  return { smtp, imap };
}
