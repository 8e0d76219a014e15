import type { Language } from '../../../shared/api/common.ts';
import type { Actor } from '../../context.ts';
import { mailboxAbilities } from './mailbox.policy.ts';
import type { findMailbox } from './mailbox.repo.ts';

export type MailboxRow = NonNullable<Awaited<ReturnType<typeof findMailbox>>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A mailbox as the API shows it: passwords never leave, only whether one is set. */
export function presentMailbox(actor: Actor, r: MailboxRow) {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    default_team_id: r.default_team_id,
    default_language: r.default_language as Language,
    signature: r.signature,
    smtp:
      r.smtp_host && r.smtp_port
        ? {
            host: r.smtp_host,
            port: r.smtp_port,
            secure: r.smtp_secure,
            user: r.smtp_user ?? '',
            password_set: r.smtp_password_sealed !== null,
          }
        : null,
    imap:
      r.imap_host && r.imap_port
        ? {
            host: r.imap_host,
            port: r.imap_port,
            secure: r.imap_secure,
            user: r.imap_user ?? '',
            password_set: r.imap_password_sealed !== null,
            folder: r.imap_folder,
            enabled: r.imap_enabled,
            status: r.imap_last_polled_at
              ? {
                  polled_at: r.imap_last_polled_at.toISOString(),
                  succeeded_at: iso(r.imap_last_success_at),
                  error: r.imap_last_error,
                  error_at: iso(r.imap_last_error_at),
                }
              : null,
          }
        : null,
    active: r.is_active,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    abilities: mailboxAbilities(actor),
  };
}
