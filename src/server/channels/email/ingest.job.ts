// email.ingest: a stored raw email becomes a message in a conversation.
import { Readable } from 'node:stream';
import { withTransaction, type Ctx, type JobQueue } from '../../context.ts';
import { AppError } from '../../errors.ts';
import {
  attachToMessage,
  uploadAttachment,
} from '../../features/attachments/attachment.service.ts';
import { ingestInboundMessage } from '../../features/conversations/conversation.service.ts';
import type { JobDefinition, JobDeps } from '../../jobs/job-runner.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import * as inbound from './inbound.repo.ts';
import { EMAIL_INGEST_JOB } from './inbound.repo.ts';
import { parseEmail, type ParsedEmail } from './parse/index.ts';
import { normaliseSubject, numberInSubject } from './subject.ts';
import * as threads from './thread.repo.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';

export const EMAIL_INGEST_SWEEP_JOB = 'email.ingest-sweep';
const SUBJECT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** After this many attempts an email that keeps failing is marked 'failed' (kept, not retried). */
const MAX_ATTEMPTS = 10;
const SWEEP_AFTER_MS = 5 * 60_000;
const ID = /^[1-9]\d{0,18}$/;

/** The job's payload, re-validated: a job may outlive the code that queued it. */
function payloadOf(data: unknown): { workspaceId: string; inboundEmailId: string } {
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.workspaceId !== 'string' || !ID.test(d.workspaceId))
    throw new Error('email.ingest: bad workspaceId');
  if (typeof d.inboundEmailId !== 'string' || !ID.test(d.inboundEmailId))
    throw new Error('email.ingest: bad inboundEmailId');
  return { workspaceId: d.workspaceId, inboundEmailId: d.inboundEmailId };
}

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

function bodyTextOf(email: ParsedEmail) {
  const text = (email.textWithoutQuote || email.text).trim();
  if (text) return text.slice(0, 100_000);
  if (email.attachments.length) return `(${email.attachments.map((a) => a.filename).join(', ')})`;
  return '(empty message)';
}

async function storeAttachments(
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
  const base: Ctx = {
    workspaceId,
    actor: { kind: 'system' },
    db: deps.database.db,
    log: deps.log as Ctx['log'],
    now: deps.now,
    jobs: deps.jobs,
  };
  // Already ingested (a second job for the same email): nothing to do.
  const stored = await inbound.claimInboundAttempt(base.db, workspaceId, inboundEmailId);
  if (!stored) return;
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
    await ingestParsed(base, deps, stored.raw, inboundEmailId);
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

async function ingestParsed(base: Ctx, deps: JobDeps, raw: Buffer, inboundEmailId: string) {
  const workspaceId = base.workspaceId;
  // Parsing is CPU work: done before the transaction, which then only writes.
  let email: ParsedEmail;
  try {
    email = await parseEmail(raw);
  } catch (err) {
    await inbound.markInboundEmail(base.db, workspaceId, inboundEmailId, {
      status: 'failed',
      error: `unreadable message: ${(err as Error).message}`.slice(0, 1000),
      at: base.now(),
    });
    return;
  }
  // Without a usable From, a Reply-To still says who to answer.
  const sender = [email.from, ...email.replyTo]
    .map((a) => a?.address.trim().toLowerCase())
    .find((a) => a && a.includes('@'));
  const senderName = email.from?.name || email.replyTo[0]?.name || undefined;
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
    const result = await ingestInboundMessage(tx, {
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
    });
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

export const emailIngestJob: JobDefinition = {
  name: EMAIL_INGEST_JOB,
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  // A burst of mail (or an IMAP backlog) is ingested hundreds a second, not one per poll.
  batchSize: 100,
  workers: 4,
  async handle(deps, data) {
    const { workspaceId, inboundEmailId } = payloadOf(data);
    await ingestInboundEmail(deps, workspaceId, inboundEmailId);
  },
};

/**
 * Queues email.ingest again for stored emails still waiting (all of them, or those received
 * before `receivedBefore`). A job that was running when its process was killed is not retried
 * by the queue until it expires; ingestion is idempotent, so a second job for an email whose
 * first one is alive costs only a look-up.
 */
export async function queuePendingInboundEmails(
  db: Parameters<typeof inbound.unscopedListPendingInboundEmails>[0],
  jobs: JobQueue,
  options: { receivedBefore?: Date; limit?: number } = {},
): Promise<number> {
  const pending = await inbound.unscopedListPendingInboundEmails(db, {
    receivedBefore: options.receivedBefore,
    limit: options.limit ?? 10_000,
  });
  for (const row of pending) {
    await jobs.sendWith(db, EMAIL_INGEST_JOB, {
      workspaceId: row.workspace_id,
      inboundEmailId: row.id,
    });
  }
  return pending.length;
}

/** Every minute: emails waiting for more than 5 minutes get their ingestion queued again. */
export const emailIngestSweepJob: JobDefinition = {
  name: EMAIL_INGEST_SWEEP_JOB,
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps) {
    if (!deps.jobs) return;
    const queued = await queuePendingInboundEmails(deps.database.db, deps.jobs, {
      receivedBefore: new Date(deps.now().getTime() - SWEEP_AFTER_MS),
    });
    if (queued > 0) deps.log.warn({ queued }, 'email.ingest queued again for waiting emails');
  },
};
