// "An answer is waiting": a client who asked through the portal (a request on
// the web channel) is emailed when an agent answers, with a link straight to
// the request in the portal, in the client's language. The answer itself stays
// in the portal (the email quotes its start). At most one such email per
// request in ANSWER_NOTICE_PACE_MINUTES: three quick replies make one email.
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { withTransaction, type Ctx } from '../../context.ts';
import { lockConversation } from '../conversations/conversation.repo.ts';
import type { Channel, DB, Direction } from '../../db/schema.ts';
import {
  NoMailboxError,
  PermanentSendError,
  sendWorkspaceEmail,
} from '../../channels/email/outbound/send.ts';
import { listClientEmails } from '../../channels/email/outbound/outbound.repo.ts';
import { recordEvent } from '../events/event.service.ts';
import { asLanguage } from '../../public/i18n.ts';
import type { Secrets } from '../../security/secrets.ts';
import { answerNoticeEmail } from './portal-email.ts';
import * as repo from './portal-answer.repo.ts';

export const PORTAL_ANSWER_NOTICE_JOB = 'portal.answer_notice';
/** After an "answer waiting" email, further answers to the request wait this long for the next. */
export const ANSWER_NOTICE_PACE_MINUTES = 10;
/** How much of the answer the email quotes. */
const EXCERPT_CHARS = 300;

export const AnswerNoticeJobData = z.object({
  workspaceId: z.string().regex(/^\d{1,18}$/),
  conversationId: z.string().regex(/^\d{1,18}$/),
  messageId: z.string().regex(/^\d{1,18}$/),
  /** Where the client reaches the portal (RAPPORT_PUBLIC_URL, else the agent's own address). */
  origin: z.string().url(),
});
export type AnswerNoticeJobData = z.infer<typeof AnswerNoticeJobData>;

/**
 * Queues the email after an agent's reply on a request made in the portal, in
 * the reply's transaction. Nothing for other channels (their replies are sent
 * on the channel itself) or without a job queue or an origin to link to.
 */
export async function queueAnswerNotice(
  tx: Ctx,
  conversation: { id: string; channel: Channel },
  message: { id: string; direction: Direction },
) {
  if (conversation.channel !== 'web' || message.direction !== 'outbound') return;
  if (!tx.jobs || !tx.origin) {
    tx.log.warn(
      { messageId: message.id },
      'portal answer notice not queued: no job queue or origin',
    );
    return;
  }
  const data: AnswerNoticeJobData = {
    workspaceId: tx.workspaceId,
    conversationId: conversation.id,
    messageId: message.id,
    origin: tx.origin,
  };
  await tx.jobs.sendWith(tx.db, PORTAL_ANSWER_NOTICE_JOB, data);
}

export interface AnswerNoticeDeps {
  db: Kysely<DB>;
  secrets?: Secrets;
  now: () => Date;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

export type AnswerNoticeOutcome = 'sent' | 'paced' | 'no_address' | 'no_mailbox' | 'gone';

/** Sends one "answer waiting" email, unless one went out for the request a moment ago. */
export async function sendAnswerNotice(
  deps: AnswerNoticeDeps,
  data: AnswerNoticeJobData,
): Promise<AnswerNoticeOutcome> {
  const { db, now } = deps;
  const { workspaceId, conversationId, messageId } = data;
  const facts = await repo.findAnswerFacts(db, workspaceId, conversationId, messageId);
  if (!facts || facts.direction !== 'outbound') return 'gone';
  const [to] = await listClientEmails(db, workspaceId, facts.client_id);
  if (!to) return 'no_address';

  // Claim the email with its event, under the conversation's lock: of two answers' jobs
  // running at once, one sends and the other finds it paced.
  const log = deps.log as Ctx['log'];
  const ctx: Ctx = { workspaceId, actor: { kind: 'system' }, db, log, now };
  const claimed = await withTransaction(ctx, async (tx) => {
    await lockConversation(tx.db, workspaceId, conversationId);
    const last = await repo.lastAnswerNoticeAt(tx.db, workspaceId, conversationId);
    if (last && now().getTime() - last.getTime() < ANSWER_NOTICE_PACE_MINUTES * 60_000) {
      return undefined;
    }
    return recordEvent(tx, {
      type: repo.ANSWER_NOTICE_EVENT,
      conversationId,
      data: { message_id: messageId, to },
    });
  });
  if (!claimed) return 'paced';

  const language = asLanguage(facts.client_language) ?? asLanguage(facts.default_language) ?? 'en';
  const slug = encodeURIComponent(facts.workspace_slug);
  const body = facts.body_text.replace(/\s+/g, ' ').trim();
  const email = answerNoticeEmail(language, {
    name: facts.client_name && !facts.client_name.includes('@') ? facts.client_name : null,
    workspace: facts.workspace_name,
    number: facts.number,
    subject: facts.subject,
    excerpt: body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS - 1)}…` : body,
    url: `${data.origin.replace(/\/+$/, '')}/portal/${slug}/requests/${facts.number}`,
  });
  try {
    await sendWorkspaceEmail(
      { db, secrets: deps.secrets },
      {
        workspaceId,
        fromName: facts.workspace_name,
        to: { name: facts.client_name, address: to },
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      },
    );
  } catch (err) {
    // Not sent: the claim goes, so a retry (or the next answer) may send it.
    await repo.deleteAnswerNotice(db, workspaceId, claimed.id);
    if (err instanceof NoMailboxError || err instanceof PermanentSendError) {
      deps.log.warn({ err, workspaceId, conversationId }, 'portal answer notice not sent');
      return 'no_mailbox';
    }
    throw err;
  }
  return 'sent';
}
