// An agent's reply on an email conversation, sent from the conversation's
// mailbox with the threading headers that keep it in the client's thread.
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Secrets } from '../../../security/secrets.ts';
import type { FileStorage } from '../../../storage/file-storage.ts';
import * as repo from './outbound.repo.ts';
import {
  newMessageId,
  NoMailboxError,
  PermanentSendError,
  sendWorkspaceEmail,
  textToHtml,
  withSignature,
} from './send.ts';
import { readParentEmail } from './threading.ts';

/** The reply to send (the shape of the delivery contract's OutboundDelivery). */
export interface EmailDelivery {
  workspaceId: string;
  message: {
    id: string;
    body_text: string;
    created_at: Date;
    attachments: { id: string; filename: string; content_type: string; size_bytes: number }[];
  };
  conversation: { id: string; number: number; subject: string; channel: string; client_id: string };
  client: { id: string; name: string; language: string | null };
  author: { id: string; name: string } | null;
}

export interface DeliverDeps {
  db: Kysely<DB> | Transaction<DB>;
  secrets?: Secrets;
  files?: FileStorage;
}

/** At most this many ids in References (the first and the latest ones). */
const MAX_REFERENCES = 20;

/** "Re: <subject> [#<number>]", without doubling the prefix or the tag. */
export function replySubject(subject: string, number: number): string {
  let s = subject.trim();
  if (!/^re\s*:/i.test(s)) s = s ? `Re: ${s}` : 'Re:';
  if (!s.includes(`[#${number}]`)) s = `${s} [#${number}]`;
  return s;
}

/** The References of a reply: the parent's, then the parent; long chains keep the first and the latest. */
export function referencesChain(ids: string[]): string[] {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length <= MAX_REFERENCES) return unique;
  return [unique[0]!, ...unique.slice(unique.length - (MAX_REFERENCES - 1))];
}

/**
 * Sends the reply and returns its Message-ID (stored as the message's
 * external_id so the client's answer threads back). The Message-ID is stored
 * before the SMTP call, so a retry sends the same one.
 */
export async function deliverEmail(
  deps: DeliverDeps,
  d: EmailDelivery,
): Promise<{ externalId: string }> {
  const { workspaceId, conversation } = d;
  const last = await repo.findLastInboundEmail(deps.db, workspaceId, conversation.id);
  const parent = last ? await readParentEmail(last.raw) : undefined;
  // The mailbox the client wrote to; the workspace's first one for a
  // conversation that did not start by email.
  const mailbox =
    (last && (await repo.findSendingMailbox(deps.db, workspaceId, last.mailbox_id))) ||
    (await repo.findFirstSendingMailbox(deps.db, workspaceId));
  if (!mailbox) {
    throw new NoMailboxError();
  }

  // Only to an address of this client: the one they wrote from, else their first.
  const emails = await repo.listClientEmails(deps.db, workspaceId, conversation.client_id);
  const to = parent?.from && emails.includes(parent.from) ? parent.from : emails[0];
  if (!to) {
    throw new PermanentSendError('the client has no email address', undefined, 'no_email_address');
  }

  const earlier = await repo.listOutboundMessageIds(
    deps.db,
    workspaceId,
    conversation.id,
    d.message.id,
  );
  const parentId = parent?.messageId ?? last?.message_id_header ?? null;
  const references = referencesChain(
    parent ? [...parent.references, ...(parentId ? [parentId] : [])] : earlier,
  );
  const inReplyTo = parentId ?? earlier.at(-1);

  const attachments = await loadAttachments(deps, workspaceId, d.message.attachments);
  const messageId = await repo.claimMessageExternalId(
    deps.db,
    workspaceId,
    d.message.id,
    newMessageId(mailbox.address),
  );
  const workspace = await repo.findWorkspace(deps.db, workspaceId);
  const text = withSignature(d.message.body_text, mailbox.signature);
  await sendWorkspaceEmail(deps, {
    workspaceId,
    mailboxId: mailbox.id,
    fromName: d.author
      ? `${d.author.name} via ${workspace?.name ?? mailbox.name}`
      : (workspace?.name ?? mailbox.name),
    to: { name: d.client.name, address: to },
    subject: replySubject(conversation.subject, conversation.number),
    text,
    html: textToHtml(text),
    messageId,
    inReplyTo,
    references,
    attachments,
  });
  return { externalId: messageId };
}

async function loadAttachments(
  deps: DeliverDeps,
  workspaceId: string,
  list: EmailDelivery['message']['attachments'],
) {
  if (list.length === 0) return [];
  if (!deps.files) throw new Error('no file storage here to read the attachments from');
  const rows = await repo.listAttachmentFiles(
    deps.db,
    workspaceId,
    list.map((a) => a.id),
  );
  const out: { filename: string; contentType: string; content: Readable }[] = [];
  for (const row of rows) {
    out.push({
      filename: row.filename,
      contentType: row.content_type,
      content: await deps.files.read(row.storage_key),
    });
  }
  return out;
}
