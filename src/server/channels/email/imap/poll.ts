// IMAP polling (imapflow): every message above the folder's last stored UID is
// fetched in batches and stored raw with its ingestion job, the last UID
// moving forward in the same transaction. A crash between two messages
// refetches none that were stored and skips none that were not; a changed
// UIDVALIDITY starts the folder over from UID 1, and Message-ID idempotency
// in ingestion keeps the repeats out of the conversations.
import type { Kysely } from 'kysely';
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import type { JobQueue } from '../../../context.ts';
import type { DB } from '../../../db/schema.ts';
import type { JobDefinition, JobDeps } from '../../../jobs/job-runner.ts';
import type { Secrets } from '../../../security/secrets.ts';
import { storeRawInbound } from '../inbound.repo.ts';
import * as repo from './imap.repo.ts';

export const IMAP_POLL_JOB = 'email.imap-poll';

/** Messages fetched per IMAP FETCH (each is held in memory until stored). */
const BATCH_SIZE = 10;
/** How far back the first poll of a folder reaches (by the server's arrival date). */
export const FIRST_SYNC_DAYS = 7;
/** Mailboxes polled at once by one run. */
const CONCURRENCY = 4;

export interface PollDeps {
  db: Kysely<DB>;
  jobs?: JobQueue;
  secrets?: Secrets;
  now: () => Date;
  log: Pick<JobDeps['log'], 'info' | 'warn' | 'error'>;
}

export interface PollResult {
  mailboxId: string;
  stored: number;
  /** True when the folder's UIDVALIDITY changed and it started over. */
  reset: boolean;
  error: string | null;
}

function describe(err: unknown): string {
  const e = err as { message?: string; responseText?: string; authenticationFailed?: boolean };
  if (e.authenticationFailed) return 'the IMAP server refused the user name or password';
  return (e.responseText || e.message || String(err)).slice(0, 500);
}

/** The IMAP settings of a mailbox, as the poll and the admin's connection test read them. */
export interface ImapSettings {
  imap_host: string | null;
  imap_port: number | null;
  imap_secure: boolean;
  imap_user: string | null;
  imap_password_sealed: string | null;
  imap_folder: string;
}

/** An imapflow client for the mailbox (not connected yet). */
function imapClient(secrets: Secrets | undefined, mailbox: ImapSettings, socketTimeout: number) {
  let pass: string | undefined;
  if (mailbox.imap_password_sealed) {
    if (!secrets) throw new Error('no secrets key here to open the IMAP password');
    pass = secrets.open(mailbox.imap_password_sealed);
  }
  if (!mailbox.imap_host) throw new Error('the mailbox has no IMAP server');
  return new ImapFlow({
    host: mailbox.imap_host,
    port: mailbox.imap_port ?? (mailbox.imap_secure ? 993 : 143),
    secure: mailbox.imap_secure,
    auth: { user: mailbox.imap_user ?? '', pass: pass ?? '' },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout,
  });
}

/**
 * Logs in and opens the folder read-only, then logs out: the admin's
 * "test connection". Returns null when it worked, else what went wrong.
 */
export async function checkImap(
  secrets: Secrets | undefined,
  mailbox: ImapSettings,
): Promise<string | null> {
  let client: ImapFlow | undefined;
  try {
    client = imapClient(secrets, mailbox, 30_000);
    client.on('error', () => {});
    await client.connect();
    const lock = await client.getMailboxLock(mailbox.imap_folder, { readOnly: true });
    lock.release();
    await client.logout();
    client = undefined;
    return null;
  } catch (err) {
    return describe(err);
  } finally {
    client?.close();
  }
}

/**
 * The UID below which a folder's first poll leaves messages alone: just under
 * the oldest one that arrived in the last FIRST_SYNC_DAYS, or everything there
 * is (UIDNEXT - 1) when none did.
 */
async function firstUidToSkip(client: ImapFlow, now: Date, uidNext: bigint): Promise<bigint> {
  const since = new Date(now.getTime() - FIRST_SYNC_DAYS * 24 * 60 * 60 * 1000);
  const recent = (await client.search({ since }, { uid: true })) || [];
  if (recent.length === 0) return uidNext > 0n ? uidNext - 1n : 0n;
  const oldest = recent.map((u) => BigInt(u)).reduce((a, b) => (a < b ? a : b));
  return oldest - 1n;
}

/** Polls one mailbox's folder once; errors are recorded on the mailbox, not thrown. */
export async function pollMailbox(deps: PollDeps, mailbox: repo.PollMailbox): Promise<PollResult> {
  const { workspace_id: workspaceId, id: mailboxId, imap_folder: folder } = mailbox;
  const result: PollResult = { mailboxId, stored: 0, reset: false, error: null };
  let client: ImapFlow | undefined;
  try {
    if (!deps.jobs) throw new Error('no job queue here to ingest what is fetched');
    const jobs = deps.jobs;
    client = imapClient(deps.secrets, mailbox, 120_000);
    // A connection error after connect() would otherwise be an unhandled 'error' event.
    client.on('error', (err: unknown) =>
      deps.log.warn({ err, mailboxId }, 'imap connection error'),
    );
    await client.connect();
    // Read-only: polling changes nothing the mailbox's other readers see (no \Seen flags).
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const box = client.mailbox;
      if (!box) throw new Error(`could not open the folder ${folder}`);
      const validity = BigInt(box.uidValidity);
      const sync = await repo.syncUidValidity(deps.db, workspaceId, mailboxId, folder, validity);
      result.reset = sync.reset;
      if (sync.reset) {
        deps.log.warn({ mailboxId, folder }, 'imap UIDVALIDITY changed: starting the folder over');
      }
      let lastUid = sync.lastUid;
      if (sync.started) {
        // A folder polled for the first time (or over again): its history
        // older than FIRST_SYNC_DAYS is left alone, or connecting a busy
        // mailbox would open a conversation (and acknowledge it) for every
        // email it ever received.
        lastUid = await firstUidToSkip(client, deps.now(), BigInt(box.uidNext ?? 1));
        if (lastUid > 0n) {
          await repo.advanceLastUid(deps.db, workspaceId, mailboxId, folder, validity, lastUid);
          deps.log.info({ mailboxId, folder, lastUid: String(lastUid) }, 'imap history left alone');
        }
      }
      if (box.exists > 0) {
        const found = await client.search({ uid: `${lastUid + 1n}:*` }, { uid: true });
        // "n:*" always names the last message, even below n: keep only the new ones.
        const uids = (found || [])
          .map((u) => BigInt(u))
          .filter((u) => u > lastUid)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (let i = 0; i < uids.length; i += BATCH_SIZE) {
          const batch = uids.slice(i, i + BATCH_SIZE);
          const fetched: { uid: bigint; source: Buffer }[] = [];
          for await (const msg of client.fetch(
            batch.join(','),
            { uid: true, source: true },
            { uid: true },
          )) {
            if (msg.source) fetched.push({ uid: BigInt(msg.uid), source: msg.source });
          }
          fetched.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
          for (const msg of fetched) {
            // The message and the UID that marks it fetched commit together.
            const stored = await deps.db.transaction().execute(async (tx) => {
              const moved = await repo.advanceLastUid(
                tx,
                workspaceId,
                mailboxId,
                folder,
                validity,
                msg.uid,
              );
              if (!moved) return false; // another poll stored it already
              await storeRawInbound(
                tx,
                { workspaceId, mailboxId, source: 'imap', raw: msg.source },
                jobs,
              );
              return true;
            });
            if (stored) result.stored++;
          }
        }
      }
    } finally {
      lock.release();
    }
    await client.logout();
    client = undefined;
    await repo.recordPoll(deps.db, workspaceId, mailboxId, folder, deps.now(), null);
  } catch (err) {
    result.error = describe(err);
    deps.log.warn({ err, workspaceId, mailboxId }, 'imap poll failed');
    await repo
      .recordPoll(deps.db, workspaceId, mailboxId, folder, deps.now(), result.error)
      .catch((e: unknown) => deps.log.error({ err: e }, 'recording an imap error failed'));
  } finally {
    client?.close();
  }
  return result;
}

/** Polls the given mailbox, or every IMAP-enabled mailbox of every workspace, a few at a time. */
export async function pollMailboxes(
  deps: PollDeps,
  only?: { workspaceId: string; mailboxId: string },
  onlyWorkspaceId?: string,
): Promise<PollResult[]> {
  const mailboxes = only
    ? [await repo.findPollMailbox(deps.db, only.workspaceId, only.mailboxId)].filter(
        (m): m is repo.PollMailbox => m !== undefined,
      )
    : await repo.unscopedListPollMailboxes(deps.db, onlyWorkspaceId);
  const results: PollResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < mailboxes.length) {
      const mailbox = mailboxes[next++]!;
      results.push(await pollMailbox(deps, mailbox));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, mailboxes.length) }, worker));
  return results;
}

const Data = z.object({
  workspaceId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  mailboxId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

/**
 * The job: every minute for all mailboxes; `{ workspaceId, mailboxId }` polls
 * one at once (after a mailbox is saved). Stately: runs never pile up.
 */
export const imapPollJob: JobDefinition = {
  name: IMAP_POLL_JOB,
  cron: '* * * * *',
  policy: 'stately',
  async handle(deps, data) {
    const input = Data.parse(data ?? {});
    await pollMailboxes(
      {
        db: deps.database.db,
        jobs: deps.jobs,
        secrets: deps.secrets,
        now: deps.now,
        log: deps.log,
      },
      input.workspaceId && input.mailboxId
        ? { workspaceId: input.workspaceId, mailboxId: input.mailboxId }
        : undefined,
      deps.sweepWorkspaceId,
    );
  },
};

/** Queues a poll of one mailbox now (in the caller's transaction), e.g. after it is saved. */
export function requestImapPoll(
  db: Kysely<DB> | Parameters<JobQueue['sendWith']>[0],
  jobs: JobQueue,
  workspaceId: string,
  mailboxId: string,
) {
  return jobs.sendWith(db, IMAP_POLL_JOB, { workspaceId, mailboxId });
}
