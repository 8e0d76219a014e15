// One stored raw email becomes a message in a conversation (the email.ingest job's
// work for one email; ingest.batch.ts does it for a batch, and falls back to this).
import { Readable } from 'node:stream';
import { withTransaction, type Ctx, type JobQueue } from '../../context.ts';
import { AppError } from '../../errors.ts';
import {
  attachToMessage,
  uploadAttachment,
} from '../../features/attachments/attachment.service.ts';
import { ingestInboundMessage } from '../../features/conversations/conversation.service.ts';
import type { JobDeps } from '../../jobs/job-runner.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import * as inbound from './inbound.repo.ts';
import { parseEmail, type ParsedEmail } from './parse/index.ts';
import { normaliseSubject, numberInSubject } from './subject.ts';
import * as threads from './thread.repo.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';

/** How far back an email's subject finds the sender's conversation. */
export const SUBJECT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** After this many attempts an email that keeps failing is marked 'failed' (kept, not retried). */
export const MAX_ATTEMPTS = 10;

/**
 * Which conversation the email continues: by Message-ID (In-Reply-To, then
 * References), then by "[#number]" in the subject (the sender's own), then the
 * sender's email conversation with the same normalised subject within 7 days.
 */
async function findEmailThread(ctx: Ctx, email: ParsedEmail, sender: string) {
  const ids = [...(email.inReplyTo ? [email.inReplyTo] : []), ...[...email.references].reverse()];
  const byId = await threads.findConversationByMessageIds(ctx.db, ctx.workspaceId, ids);
  if (byId) return byId;
  const number = numberInSubject(email.subject);
  if (number !== undefined) {
    const byNumber = await threads.findClientConversationByNumber(
      ctx.db,
      ctx.workspaceId,
      sender,
      number,
    );
    if (byNumber) return byNumber;
  }
  const subject = normaliseSubject(email.subject);
  if (!subject) return undefined;
  const since = new Date(ctx.now().getTime() - SUBJECT_WINDOW_MS);
  const recent = await threads.listRecentClientConversations(
    ctx.db,
    ctx.workspaceId,
    sender,
    since,
  );
  return recent.find((c) => normaliseSubject(c.subject) === subject)?.id;
}

/** The message text: the new part of the email (its quoted history folded away). */
export function bodyTextOf(email: ParsedEmail) {
  const text = (email.textWithoutQuote || email.text).trim();
  if (text) return text.slice(0, 100_000);
  if (email.attachments.length) return `(${email.attachments.map((a) => a.filename).join(', ')})`;
  return '(empty message)';
}

/** Stores the email's attachments as the message's, in the caller's transaction. */
export async function storeAttachments(
  tx: Ctx,
  files: FileStorage,
  messageId: string,
  email: ParsedEmail,
) {
  const ids: string[] = [];
  for (const a of email.attachments) {
    const row = await uploadAttachment(
      tx,
      { storage: files, uploadLimitBytes: Number.MAX_SAFE_INTEGER },
      {
        filename: a.filename,
        contentType: a.contentType,
        content: Readable.from([a.content]),
        isTruncated: () => false,
        contentId: a.contentId,
      },
    );
    ids.push(row.id);
  }
  if (ids.length) await attachToMessage(tx, messageId, ids);
}

/** Ingests one stored raw email; a second run, or the same Message-ID again, stores nothing more. */
export async function ingestInboundEmail(
  deps: JobDeps & { jobs?: JobQueue },
  workspaceId: string,
  inboundEmailId: string,
) {
  // Already ingested (a second job for the same email): nothing to do.
  const stored = await inbound.claimInboundAttempt(deps.database.db, workspaceId, inboundEmailId);
  if (!stored) return;
  await ingestClaimedEmail(deps, stored);
}

/** The system's ctx for ingesting a workspace's email. */
export function ingestCtx(deps: JobDeps & { jobs?: JobQueue }, workspaceId: string): Ctx {
  return {
    workspaceId,
    actor: { kind: 'system' },
    db: deps.database.db,
    log: deps.log as Ctx['log'],
    now: deps.now,
    jobs: deps.jobs,
  };
}

/**
 * Ingests an email whose attempt was counted (claimInboundAttempt): gives up on one that
 * failed too often, marks one refused as it is, records why any other attempt failed
 * (and throws, so the job is retried).
 */
export async function ingestClaimedEmail(
  deps: JobDeps & { jobs?: JobQueue },
  stored: {
    workspace_id: string;
    id: string;
    attempts: number;
    error: string | null;
    raw: Buffer;
    received_at: Date;
  },
) {
  const { workspace_id: workspaceId, id: inboundEmailId } = stored;
  const base = ingestCtx(deps, workspaceId);
  if (stored.attempts > MAX_ATTEMPTS) {
    // Kept (raw and all) for an admin to look at, but no longer retried.
    await inbound.markInboundEmail(base.db, workspaceId, inboundEmailId, {
      status: 'failed',
      error: `gave up after ${MAX_ATTEMPTS} attempts: ${stored.error ?? 'the process died'}`,
      at: base.now(),
    });
    return;
  }
  try {
    await ingestParsed(base, deps, stored, inboundEmailId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      // Refused as it is (e.g. a sender address the clients feature rejects): retrying
      // cannot help. The raw message stays for an admin. (A lost race on the Message-ID
      // is a database error: retried, the retry finds the message stored.)
      await inbound.markInboundEmail(base.db, workspaceId, inboundEmailId, {
        status: 'failed',
        error: `refused: ${err.message}`,
        at: base.now(),
      });
      return;
    }
    await inbound
      .recordInboundError(
        base.db,
        workspaceId,
        inboundEmailId,
        (err as Error).message ?? String(err),
      )
      .catch(() => {});
    throw err;
  }
}

/** Who the email is from: its From, else its Reply-To (lower-cased), and the name to give them. */
export function senderOf(email: ParsedEmail) {
  // Without a usable From, a Reply-To still says who to answer.
  const address = [email.from, ...email.replyTo]
    .map((a) => a?.address.trim().toLowerCase())
    .find((a) => a && a.includes('@'));
  const name = email.from?.name || email.replyTo[0]?.name || undefined;
  return { address, name };
}

async function ingestParsed(
  base: Ctx,
  deps: JobDeps,
  stored: { raw: Buffer; received_at: Date },
  inboundEmailId: string,
) {
  const workspaceId = base.workspaceId;
  // Parsing is CPU work: done before the transaction, which then only writes.
  let email: ParsedEmail;
  try {
    email = await parseEmail(stored.raw);
  } catch (err) {
    await inbound.markInboundEmail(base.db, workspaceId, inboundEmailId, {
      status: 'failed',
      error: `unreadable message: ${(err as Error).message}`.slice(0, 1000),
      at: base.now(),
    });
    return;
  }
  const { address: sender, name: senderName } = senderOf(email);
  await withTransaction(base, async (tx) => {
    const row = await inbound.lockInboundEmail(
      tx.db as Parameters<typeof inbound.lockInboundEmail>[0],
      workspaceId,
      inboundEmailId,
    );
    if (!row || row.status !== 'received') return;
    if (!sender) {
      await inbound.markInboundEmail(tx.db, workspaceId, inboundEmailId, {
        status: 'ignored',
        error: 'no sender address',
        messageIdHeader: email.messageId,
        at: tx.now(),
      });
      return;
    }
    const mailbox = await inbound.findMailboxOf(tx.db, workspaceId, row.mailbox_id);
    const conversationId = await findEmailThread(tx, email, sender);
    // The message keeps the time the email arrived, however long it waited to be ingested.
    const result = await ingestInboundMessage(
      { ...tx, now: () => stored.received_at },
      {
        contact: {
          email: sender,
          name: senderName,
          language: mailbox?.default_language,
        },
        channel: 'email',
        subject: email.subject.trim() || '(no subject)',
        body_text: bodyTextOf(email),
        sanitised_html: (email.htmlWithoutQuote ?? email.html) || undefined,
        external_id: email.messageId,
        conversation_id: conversationId,
        new_conversation: true,
        team_id: mailbox?.default_team_id ?? null,
      },
    );
    if (result.created && deps.files) {
      await storeAttachments(tx, deps.files, result.messageId, email);
    }
    await inbound.markInboundEmail(tx.db, workspaceId, inboundEmailId, {
      status: 'processed',
      messageIdHeader: email.messageId,
      conversationId: result.conversation.id,
      messageId: result.messageId,
      at: tx.now(),
    });
    // Auto-replies, bounces and lists are kept but never answered: no mail loops.
    if (result.conversationCreated && !email.autoReply && tx.jobs) {
      await tx.jobs.sendWith(tx.db, EMAIL_ACKNOWLEDGE_JOB, {
        workspaceId,
        conversationId: result.conversation.id,
        inboundEmailId,
      });
    }
  });
}
