// Job email.acknowledge: the immediate answer to a new request by email, in
// the client's language, naming the request number and the time by which it
// will be answered. Never to an auto-reply, a bounce or a list; at most once
// per conversation, however often the job runs.
//
// The acknowledgement is recorded as an event (`email.acknowledged`, with the
// text sent) rather than stored as an outbound message: an outbound message
// would count as the agents' first response for the SLA, move the status and
// replace the inbox excerpt, although nobody has answered yet. The event shows
// agents on the timeline exactly what the client got; the client's reply to it
// threads back through References (which carry the request's Message-ID) and
// the [#number] in the subject.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { JobDefinition, JobDeps } from '../../../jobs/job-runner.ts';
import type { Secrets } from '../../../security/secrets.ts';
import { replySubject } from './deliver.ts';
import * as repo from './outbound.repo.ts';
import {
  newMessageId,
  PermanentSendError,
  sendWorkspaceEmail,
  textToHtml,
  withSignature,
} from './send.ts';
import { acknowledgementText, formatDue, languageOf } from './texts.ts';
import { readParentEmail } from './threading.ts';

export const EMAIL_ACKNOWLEDGE_JOB = 'email.acknowledge';

const Data = z.object({
  workspaceId: z.string().regex(/^\d{1,18}$/),
  conversationId: z.string().regex(/^\d{1,18}$/),
  inboundEmailId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

/** A claim older than this that never completed (a crash mid-send) is taken over. */
const STALE_CLAIM_MS = 2 * 60_000;

export interface AcknowledgeDeps {
  db: Kysely<DB>;
  secrets?: Secrets;
  now: () => Date;
  log: Pick<JobDeps['log'], 'info' | 'warn'>;
}

export type AcknowledgeOutcome =
  { sent: true; messageId: string } | { sent: false; reason: string };

/** Sends the acknowledgement of the conversation's request, unless it was sent or must not be. */
export async function acknowledgeRequest(
  deps: AcknowledgeDeps,
  input: z.infer<typeof Data>,
): Promise<AcknowledgeOutcome> {
  const { workspaceId, conversationId } = input;
  const db = deps.db;
  const existing = await repo.findAcknowledgement(db, workspaceId, conversationId);
  if (existing && existing.state !== 'sending') {
    return { sent: false, reason: `already ${existing.state}` };
  }
  const conversation = await repo.findConversationForAck(db, workspaceId, conversationId);
  if (!conversation) return { sent: false, reason: 'no such conversation' };

  const skip = async (reason: string): Promise<AcknowledgeOutcome> => {
    await repo.markAcknowledgement(db, workspaceId, conversationId, {
      state: 'skipped',
      reason,
      at: deps.now(),
    });
    deps.log.info({ workspaceId, conversationId, reason }, 'acknowledgement not sent');
    return { sent: false, reason };
  };

  const inbound = input.inboundEmailId
    ? await repo.findInboundEmailRow(db, workspaceId, input.inboundEmailId)
    : await repo.findFirstInboundEmail(db, workspaceId, conversationId);
  // Checked again here, whatever the pipeline decided: no mail loops.
  const parent = inbound ? await readParentEmail(inbound.raw) : undefined;
  if (parent?.autoReply) return skip(parent.autoReply);

  const emails = await repo.listClientEmails(db, workspaceId, conversation.client_id);
  const to = parent?.from && emails.includes(parent.from) ? parent.from : emails[0];
  if (!to) return skip('the client has no email address');

  const mailbox =
    (inbound && (await repo.findSendingMailbox(db, workspaceId, inbound.mailbox_id))) ||
    (await repo.findFirstSendingMailbox(db, workspaceId));
  if (!mailbox) return skip('no active mailbox with outgoing SMTP settings');
  // Our own mailboxes writing to each other would answer each other forever.
  if (to === mailbox.address.toLowerCase()) return skip('the sender is this mailbox');

  const now = deps.now();
  const claim = await repo.claimAcknowledgement(
    db,
    workspaceId,
    conversationId,
    newMessageId(mailbox.address),
    now,
    new Date(now.getTime() - STALE_CLAIM_MS),
  );
  if (!claim.claimed) {
    const row = await repo.findAcknowledgement(db, workspaceId, conversationId);
    if (row?.state === 'sending') {
      // Another run is sending it right now: try again later to learn how it went.
      throw new Error('the acknowledgement is being sent by another run');
    }
    return { sent: false, reason: `already ${row?.state ?? 'handled'}` };
  }

  const workspace = await repo.findWorkspace(db, workspaceId);
  const language = languageOf(
    conversation.client_language,
    mailbox.default_language,
    workspace?.default_language,
  );
  const due =
    conversation.first_response_due_at && !conversation.first_response_met
      ? formatDue(conversation.first_response_due_at, language, workspace?.time_zone ?? 'UTC')
      : null;
  const name =
    conversation.client_name && !conversation.client_name.includes('@')
      ? conversation.client_name
      : null;
  const workspaceName = workspace?.name ?? mailbox.name;
  const text = withSignature(
    acknowledgementText(language, {
      name,
      number: conversation.number,
      due,
      workspace: workspaceName,
    }),
    mailbox.signature,
  );
  const subject = replySubject(conversation.subject, conversation.number);
  const references = parent
    ? [...new Set([...parent.references, ...(parent.messageId ? [parent.messageId] : [])])]
    : [];
  try {
    await sendWorkspaceEmail(
      { db, secrets: deps.secrets },
      {
        workspaceId,
        mailboxId: mailbox.id,
        fromName: workspaceName,
        to: { name: name ?? '', address: to },
        subject,
        text,
        html: textToHtml(text),
        messageId: claim.messageIdHeader,
        inReplyTo: parent?.messageId ?? undefined,
        references,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      },
    );
  } catch (err) {
    // Refused for good (no mailbox, a 5xx): retrying cannot help.
    if (err instanceof PermanentSendError) return skip(err.message);
    // A server that is down: the job's retry sends it, with the same Message-ID.
    await repo.releaseAcknowledgement(db, workspaceId, conversationId);
    throw err;
  }
  await db.transaction().execute(async (tx) => {
    await repo.markAcknowledgement(tx, workspaceId, conversationId, { state: 'sent', at: now });
    await tx
      .insertInto('events')
      .values({
        workspace_id: workspaceId,
        type: 'email.acknowledged',
        actor_kind: 'system',
        actor_user_id: null,
        conversation_id: conversationId,
        client_id: conversation.client_id,
        data: JSON.stringify({
          to,
          language,
          subject,
          text,
          message_id: claim.messageIdHeader,
          mailbox_id: mailbox.id,
          first_response_due_at: conversation.first_response_due_at?.toISOString() ?? null,
        }),
        created_at: deps.now(),
      })
      .execute();
  });
  return { sent: true, messageId: claim.messageIdHeader };
}

/** The job: `{ workspaceId, conversationId, inboundEmailId? }`, queued by the inbound pipeline. */
export const emailAcknowledgeJob: JobDefinition = {
  name: EMAIL_ACKNOWLEDGE_JOB,
  // 30 s, 1 min, 2 min, 4 min: a mail server that is restarting gets time to come back.
  retryLimit: 4,
  retryDelaySeconds: 30,
  retryBackoff: true,
  async handle(deps, data) {
    const input = Data.parse(data);
    const extra = deps as JobDeps & { secrets?: Secrets };
    await acknowledgeRequest(
      { db: deps.database.db, secrets: extra.secrets, now: deps.now, log: deps.log },
      input,
    );
  },
};
