// chat.transcript: emails a visitor the transcript of its chat, through the
// workspace's mailbox (sendWorkspaceEmail), in the visitor's language.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { JobDefinition, JobDeps } from '../../jobs/job-runner.ts';
import { pickLanguage, TEXTS, TRANSCRIPT_TEXTS } from '../../../widget/texts.ts';
import { NoMailboxError, sendWorkspaceEmail } from '../email/outbound/send.ts';
import * as repo from './chat.repo.ts';
import { TRANSCRIPT_JOB } from './chat.service.ts';

export interface TranscriptJobData {
  workspaceId: string;
  requestId: string;
}

/** The transcript as plain text: one block per message, oldest first. */
export function formatTranscript(
  language: string,
  workspaceName: string,
  messages: repo.ChatMessageRow[],
) {
  const lang = pickLanguage(language);
  const texts = TEXTS[lang];
  const fill = (s: string) => s.replaceAll('{name}', workspaceName);
  const time = new Intl.DateTimeFormat(lang, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const blocks = messages.map((m) => {
    const who = m.direction === 'inbound' ? texts.you : (m.author_name ?? texts.agent);
    return `${who} (${time.format(m.created_at)} UTC):\n${m.body_text.trim()}`;
  });
  return {
    subject: fill(TRANSCRIPT_TEXTS[lang].subject),
    text: `${fill(TRANSCRIPT_TEXTS[lang].intro)}\n\n${blocks.join('\n\n')}\n`,
  };
}

/** Sends one requested transcript, once: a request already sent is skipped. */
export async function sendTranscript(deps: JobDeps, data: TranscriptJobData) {
  const db = deps.database.db as Kysely<DB>;
  const request = await repo.findTranscriptRequest(db, data.workspaceId, data.requestId);
  if (!request || request.sent_at) return 'skipped';
  const messages = await repo.listMessagesAfter(
    db,
    data.workspaceId,
    request.conversation_id,
    '0',
    1000,
  );
  const name = (await repo.findWorkspaceName(db, data.workspaceId)) ?? 'Rapport';
  const { subject, text } = formatTranscript(request.language, name, messages);
  try {
    await sendWorkspaceEmail(
      { db, secrets: deps.secrets },
      { workspaceId: data.workspaceId, to: request.email, subject, text },
    );
  } catch (err) {
    // Without a mailbox no retry helps: the request stays unsent and says so in the log.
    if (err instanceof NoMailboxError) {
      deps.log.warn({ err, requestId: request.id }, 'chat transcript not sent: no mailbox');
      return 'failed';
    }
    throw err;
  }
  await repo.markTranscriptSent(db, data.workspaceId, request.id, deps.now());
  return 'sent';
}

export const chatTranscriptJob: JobDefinition = {
  name: TRANSCRIPT_JOB,
  retryLimit: 4,
  retryDelaySeconds: 30,
  retryBackoff: true,
  async handle(deps, data) {
    await sendTranscript(deps, data as TranscriptJobData);
  },
};
