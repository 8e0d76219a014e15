// Sending email through a workspace's mailbox over SMTP (nodemailer). Every
// part of Rapport that emails a client (replies, acknowledgements, chat
// transcripts) goes through sendWorkspaceEmail.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { DeliveryErrorCode } from '../../../../shared/api/conversations.ts';
import type { DB } from '../../../db/schema.ts';
import type { Secrets } from '../../../security/secrets.ts';
import * as repo from './outbound.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** What sending needs: the database (to read the mailbox) and the secrets (its password). */
export interface SendDeps {
  db: Db;
  secrets?: Secrets;
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
}

export interface WorkspaceEmail {
  workspaceId: string;
  /** The mailbox to send from; without it, the workspace's first active mailbox that can send. */
  mailboxId?: string;
  /** Display name before the mailbox address (e.g. "Ana via Acme"); default: the mailbox's name. */
  fromName?: string;
  to: string | { name: string; address: string };
  subject: string;
  text: string;
  /** Default: the text escaped into paragraphs. */
  html?: string;
  headers?: Record<string, string>;
  /** Message-ID without angle brackets; default: a new one on the mailbox's domain. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: OutgoingAttachment[];
}

/** The send failed and a retry cannot help (the server refused it for good: 5xx). */
export class PermanentSendError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
    readonly deliveryCode: DeliveryErrorCode = 'refused',
  ) {
    super(message);
  }
}

/** A workspace email cannot be sent because no mailbox is set up to send it. */
export class NoMailboxError extends PermanentSendError {
  constructor(message = 'this workspace has no active mailbox with outgoing SMTP settings') {
    super(message, undefined, 'no_mailbox');
  }
}

/** A new Message-ID (without angle brackets) on the domain of the address. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'rapport.invalid';
  return `${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${domain}`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Plain text as HTML: escaped, blank lines make paragraphs, single newlines <br>. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${p.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

/** The text with the mailbox signature after the usual "-- " separator. */
export function withSignature(text: string, signature: string): string {
  const sig = signature.trim();
  return sig ? `${text.trimEnd()}\n\n-- \n${sig}\n` : text;
}

async function pickMailbox(deps: SendDeps, workspaceId: string, mailboxId?: string) {
  const mailbox = mailboxId
    ? await repo.findSendingMailbox(deps.db, workspaceId, mailboxId)
    : await repo.findFirstSendingMailbox(deps.db, workspaceId);
  if (!mailbox) {
    throw new NoMailboxError(
      mailboxId ? `mailbox ${mailboxId} is not active or has no outgoing SMTP settings` : undefined,
    );
  }
  return mailbox;
}

/** The outgoing SMTP settings of a mailbox. */
export type SmtpSettings = Pick<
  repo.SendingMailbox,
  'smtp_host' | 'smtp_port' | 'smtp_secure' | 'smtp_user' | 'smtp_password_sealed'
>;

/** A nodemailer transport for the mailbox (timeouts short enough for a job). */
function transportFor(secrets: Secrets | undefined, mailbox: SmtpSettings) {
  let pass: string | undefined;
  if (mailbox.smtp_password_sealed) {
    if (!secrets) throw new Error('no secrets key here to open the SMTP password');
    pass = secrets.open(mailbox.smtp_password_sealed);
  }
  if (!mailbox.smtp_host) throw new Error('the mailbox has no SMTP server');
  return nodemailer.createTransport({
    host: mailbox.smtp_host,
    port: mailbox.smtp_port ?? (mailbox.smtp_secure ? 465 : 587),
    secure: mailbox.smtp_secure,
    auth: mailbox.smtp_user ? { user: mailbox.smtp_user, pass } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/**
 * Sends one email from a workspace's mailbox. Resolves with the Message-ID
 * (without angle brackets) and the mailbox used; rejects with
 * PermanentSendError when a retry cannot help, with another error when it may.
 */
export async function sendWorkspaceEmail(
  deps: SendDeps,
  email: WorkspaceEmail,
): Promise<{ messageId: string; mailboxId: string }> {
  const mailbox = await pickMailbox(deps, email.workspaceId, email.mailboxId);
  const messageId = email.messageId ?? newMessageId(mailbox.address);
  const transport = transportFor(deps.secrets, mailbox);
  const bracket = (id: string) => `<${id}>`;
  try {
    await transport.sendMail({
      from: { name: email.fromName ?? mailbox.name, address: mailbox.address },
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html ?? textToHtml(email.text),
      messageId: bracket(messageId),
      inReplyTo: email.inReplyTo ? bracket(email.inReplyTo) : undefined,
      references: email.references?.length ? email.references.map(bracket) : undefined,
      headers: email.headers,
      attachments: email.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    });
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    if (typeof code === 'number' && code >= 500) {
      throw new PermanentSendError(
        `the SMTP server refused the email: ${(err as Error).message}`,
        code,
      );
    }
    throw err;
  } finally {
    transport.close();
  }
  return { messageId, mailboxId: mailbox.id };
}

/** What went wrong talking to an SMTP server, in words an admin can act on. */
function describeSmtpError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  if (e.code === 'EAUTH' || e.responseCode === 535) {
    return 'the SMTP server refused the user name or password';
  }
  return (e.message || String(err)).slice(0, 500);
}

/**
 * Connects and logs in to the mailbox's SMTP server without sending
 * anything: the admin's "test connection". Returns null when it worked,
 * else what went wrong.
 */
export async function verifySmtp(
  secrets: Secrets | undefined,
  mailbox: SmtpSettings,
): Promise<string | null> {
  let transport: ReturnType<typeof transportFor> | undefined;
  try {
    transport = transportFor(secrets, mailbox);
    await transport.verify();
    return null;
  } catch (err) {
    return describeSmtpError(err);
  } finally {
    transport?.close();
  }
}
