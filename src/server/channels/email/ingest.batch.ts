// A batch of stored raw emails of one workspace ingested in one transaction: about
// twenty statements for the batch where each email alone took about twenty. The
// result is what ingesting them one by one in the same order gives: threading and
// idempotency by Message-ID are decided in memory over the batch's look-ups
// (thread-plan.ts), so two emails of one new sender make one conversation and a
// Message-ID twice in a batch is stored once. If the batch's transaction fails,
// nothing of it is written and its emails are ingested one by one (ingest.email.ts),
// so one bad email costs the others nothing but time.
import { sendJobsWith, withTransaction, type Ctx, type JobQueue } from '../../context.ts';
import {
  findOrCreateClientsByIdentity,
  identityKeyOf,
} from '../../features/clients/client.service.ts';
import {
  ingestInboundBatch,
  lockThreadConversations,
  type InboundBatchItem,
} from '../../features/conversations/ingest-batch.service.ts';
import type { ConversationRecord } from '../../features/conversations/conversation.repo.ts';
import type { JobDeps } from '../../jobs/job-runner.ts';
import * as inbound from './inbound.repo.ts';
import {
  MAX_ATTEMPTS,
  SUBJECT_WINDOW_MS,
  bodyTextOf,
  ingestClaimedEmail,
  ingestCtx,
  senderOf,
  storeAttachments,
} from './ingest.email.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';
import { parseEmail, type ParsedEmail } from './parse/index.ts';
import { normaliseSubject, numberInSubject } from './subject.ts';
import { planEmailThreads, type EmailToThread, type ThreadFacts } from './thread-plan.ts';
import * as threads from './thread.repo.ts';
import { listMessagesByExternalIds } from '../../features/conversations/ingest.repo.ts';

type Deps = JobDeps & { jobs?: JobQueue };
type Claimed = Awaited<ReturnType<typeof inbound.claimInboundAttempts>>[number];

/** How many rounds of locking threading may take before the batch gives up (and goes one by one). */
const LOCK_ROUNDS = 4;

/**
 * Ingests stored emails of one workspace as a batch. Returns the emails whose
 * ingestion failed (their jobs are failed and retried); an email already ingested, or
 * refused as it is, is not a failure.
 */
export async function ingestInboundEmails(
  deps: Deps,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  const base = ingestCtx(deps, workspaceId);
  // Each attempt is counted (and committed) first: an email that kills the process
  // is still counted, and given up after MAX_ATTEMPTS.
  const claimed = await inbound.claimInboundAttempts(base.db, workspaceId, [...new Set(ids)]);
  const live: Claimed[] = [];
  for (const stored of claimed) {
    if (stored.attempts > MAX_ATTEMPTS) await ingestClaimedEmail(deps, stored);
    else live.push(stored);
  }
  if (live.length === 0) return errors;
  // In the order they arrived, as one by one would take them.
  live.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  // Parsing is CPU work: done before the transaction, which then only reads and writes.
  const parsed: Parsed[] = [];
  for (const stored of live) {
    try {
      parsed.push({ stored, email: await parseEmail(stored.raw) });
    } catch (err) {
      parsed.push({ stored, unreadable: (err as Error).message });
    }
  }
  try {
    await inTurn(workspaceId, () =>
      withTransaction(base, (tx) => ingestParsedBatch(tx, deps.files, parsed)),
    );
  } catch (err) {
    deps.log.warn(
      { err, workspaceId, emails: live.length },
      'email.ingest: the batch failed; ingesting its emails one by one',
    );
    for (const stored of live) {
      try {
        await ingestClaimedEmail(deps, stored);
      } catch (e) {
        errors.set(stored.id, e as Error);
      }
    }
  }
  return errors;
}

type Parsed = { stored: Claimed } & (
  { email: ParsedEmail; unreadable?: undefined } | { email?: undefined; unreadable: string }
);

// Batches of one workspace take turns in this process: each then sees what the one
// before it stored, as emails ingested one after the other do. (Across processes the
// senders' client rows, locked first, order batches with common senders.)
const turns = new Map<string, Promise<unknown>>();

async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const mine = (turns.get(key) ?? Promise.resolve()).catch(() => {}).then(fn);
  turns.set(key, mine);
  try {
    return await mine;
  } finally {
    if (turns.get(key) === mine) turns.delete(key);
  }
}

async function ingestParsedBatch(
  ctx: Ctx,
  files: JobDeps['files'],
  parsed: Parsed[],
): Promise<void> {
  const at = ctx.now();
  const tx: Ctx = { ...ctx, now: () => at };
  const { workspaceId } = tx;
  const rows = new Map(
    (
      await inbound.lockInboundEmails(
        tx.db as Parameters<typeof inbound.lockInboundEmails>[0],
        workspaceId,
        parsed.map((p) => p.stored.id),
      )
    ).map((r) => [r.id, r]),
  );
  const outcomes: inbound.InboundOutcome[] = [];
  const work: Work[] = [];
  for (const p of parsed) {
    const row = rows.get(p.stored.id);
    // Ingested meanwhile (another job for the same email): nothing to do.
    if (!row || row.status !== 'received') continue;
    if (!p.email) {
      outcomes.push({
        id: p.stored.id,
        status: 'failed',
        error: `unreadable message: ${p.unreadable}`.slice(0, 1000),
      });
      continue;
    }
    const sender = senderOf(p.email);
    if (!sender.address) {
      outcomes.push({
        id: p.stored.id,
        status: 'ignored',
        error: 'no sender address',
        messageIdHeader: p.email.messageId,
      });
      continue;
    }
    work.push({
      id: p.stored.id,
      receivedAt: p.stored.received_at,
      email: p.email,
      sender: sender.address,
      senderName: sender.name,
      mailboxId: row.mailbox_id,
    });
  }

  if (work.length) {
    const mailboxes = new Map(
      (
        await inbound.listMailboxesOf(tx.db, workspaceId, [
          ...new Set(work.map((w) => w.mailboxId)),
        ])
      ).map((m) => [m.id, m]),
    );
    // The senders first, found and locked or created: a concurrent batch (another
    // process's) with the same senders waits here until this one commits, so the look-ups
    // below see everything it stored; or, when both create the same new sender, the second
    // fails on the identity and goes one by one. (Locking only the senders found, and
    // creating the others later, let a batch miss the conversation another batch had just
    // opened for a sender new to both: two conversations.)
    const senders = await findOrCreateClientsByIdentity(
      tx,
      work.map((w) => ({
        email: w.sender,
        name: w.senderName,
        language: mailboxes.get(w.mailboxId)?.default_language,
      })),
    );
    const clients = new Map(
      work.map((w) => [w.sender, senders.get(identityKeyOf({ email: w.sender }))!.client]),
    );
    const toThread = work.map((w) => threadInputOf(w.email, w.sender));
    const facts = await readThreadFacts(tx, work, toThread, clients, at);
    const lockedRows = new Map<string, ConversationRecord>();
    let planned = planEmailThreads(toThread, facts);
    for (let round = 1; planned.toLock.length; round++) {
      if (round > LOCK_ROUNDS) throw new Error('email.ingest: threading did not settle');
      const locked = await lockThreadConversations(tx, planned.toLock);
      for (const id of planned.toLock) facts.locked.set(id, null);
      for (const c of locked) {
        lockedRows.set(c.id, c);
        facts.locked.set(c.id, {
          status: c.status,
          clientId: c.client_id,
          channel: c.channel,
          subjectKey: normaliseSubject(c.subject),
        });
      }
      planned = planEmailThreads(toThread, facts);
    }
    const { plans } = planned;

    // The emails that store a message, as the conversations feature takes them.
    const itemOf = new Map<number, number>();
    const items: InboundBatchItem[] = [];
    for (const [i, plan] of plans.entries()) {
      if (plan.kind === 'duplicate') continue;
      const w = work[i]!;
      const mailbox = mailboxes.get(w.mailboxId);
      itemOf.set(i, items.length);
      items.push({
        contact: { email: w.sender, name: w.senderName, language: mailbox?.default_language },
        channel: 'email',
        subject: subjectOf(w.email),
        body_text: bodyTextOf(w.email),
        sanitised_html: (w.email.htmlWithoutQuote ?? w.email.html) || undefined,
        external_id: w.email.messageId,
        team_id: mailbox?.default_team_id ?? null,
        thread:
          plan.kind === 'new'
            ? undefined
            : 'openedBy' in plan
              ? { openedBy: itemOf.get(plan.openedBy)! }
              : { conversation: lockedRows.get(plan.conversationId)! },
        received_at: w.receivedAt,
      });
    }
    const results = await ingestInboundBatch(tx, items);

    const acknowledge: object[] = [];
    for (const [i, plan] of plans.entries()) {
      const w = work[i]!;
      let conversationId: string;
      let messageId: string;
      if (plan.kind === 'duplicate' && 'messageId' in plan) {
        ({ conversationId, messageId } = plan);
      } else {
        const result = results[itemOf.get(plan.kind === 'duplicate' ? plan.ofEmail : i)!]!;
        ({ conversationId, messageId } = result);
        if (plan.kind !== 'duplicate') {
          if (files && w.email.attachments.length) {
            await storeAttachments(tx, files, messageId, w.email);
          }
          // Auto-replies, bounces and lists are kept but never answered: no mail loops.
          if (result.conversationCreated && !w.email.autoReply) {
            acknowledge.push({ workspaceId, conversationId, inboundEmailId: w.id });
          }
        }
      }
      outcomes.push({
        id: w.id,
        status: 'processed',
        messageIdHeader: w.email.messageId,
        conversationId,
        messageId,
      });
    }
    if (tx.jobs) await sendJobsWith(tx.jobs, tx.db, EMAIL_ACKNOWLEDGE_JOB, acknowledge);
  }
  await inbound.markInboundEmails(tx.db, workspaceId, outcomes, at);
}

interface Work {
  id: string;
  /** When the raw email was stored: its message keeps this time. */
  receivedAt: Date;
  email: ParsedEmail;
  sender: string;
  senderName: string | undefined;
  mailboxId: string;
}

/** The subject a message from this email is ingested with. */
function subjectOf(email: ParsedEmail) {
  return email.subject.trim() || '(no subject)';
}

function threadInputOf(email: ParsedEmail, sender: string): EmailToThread {
  return {
    messageId: email.messageId,
    // As findEmailThread looks them up: In-Reply-To, then References latest first.
    threadIds: [
      ...(email.inReplyTo ? [email.inReplyTo] : []),
      ...[...email.references].reverse(),
    ].slice(0, 100),
    sender,
    subjectKey: normaliseSubject(email.subject),
    openedSubjectKey: normaliseSubject(subjectOf(email).slice(0, 500)),
  };
}

/** The batch's threading look-ups: four statements, plus one per "[#number]" subject. */
async function readThreadFacts(
  tx: Ctx,
  work: Work[],
  toThread: EmailToThread[],
  clients: Map<string, { id: string }>,
  at: Date,
): Promise<ThreadFacts> {
  const { db, workspaceId } = tx;
  const own = new Set(toThread.map((e) => e.messageId));
  const referenced = new Set(toThread.flatMap((e) => e.threadIds));
  const stored = new Map<string, { id: string; conversationId: string }>();
  for (const m of await listMessagesByExternalIds(db, workspaceId, [
    ...new Set([...own, ...referenced]),
  ])) {
    stored.set(m.external_id!, { id: m.id, conversationId: m.conversation_id });
  }
  // Only what neither a stored message nor an email of this batch answers.
  const unanswered = [...referenced].filter((id) => !stored.has(id) && !own.has(id));
  const acknowledged = new Map(
    (await threads.listAcknowledgementsByMessageIds(db, workspaceId, unanswered)).map((a) => [
      a.message_id_header!,
      a.conversation_id,
    ]),
  );
  const byNumber = new Map<number, string>();
  for (const [i, w] of work.entries()) {
    const number = numberInSubject(w.email.subject);
    if (number === undefined || !clients.has(w.sender)) continue;
    const found = await threads.findClientConversationByNumber(db, workspaceId, w.sender, number);
    if (found) byNumber.set(i, found);
  }
  const recent = new Map<string, { id: string; subjectKey: string; at: number }[]>();
  const since = new Date(at.getTime() - SUBJECT_WINDOW_MS);
  for (const c of await threads.listRecentConversationsOfSenders(
    db,
    workspaceId,
    [...clients.keys()],
    since,
  )) {
    const list = recent.get(c.client_id) ?? [];
    // Two addresses of one client list its conversations twice.
    if (list.some((x) => x.id === c.id)) continue;
    list.push({
      id: c.id,
      subjectKey: normaliseSubject(c.subject),
      at: new Date(c.last_message_at).getTime(),
    });
    recent.set(c.client_id, list);
  }
  for (const [client, list] of recent) {
    recent.set(client, list.sort((a, b) => b.at - a.at).slice(0, 50));
  }
  return {
    stored,
    acknowledged,
    byNumber,
    clientOf: new Map([...clients].map(([email, c]) => [email, c.id])),
    recent,
    locked: new Map(),
  };
}
