// The inbound SMTP listener: mail for a mailbox's address is accepted, stored
// raw (with its ingestion job) and only then answered 250, so a sender that
// got a 250 never loses its message, whatever happens afterwards.
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { createGroupCommitter } from '../../db/group-commit.ts';
import type { DB } from '../../db/schema.ts';
import { unscopedFindActiveMailboxByAddress } from '../../features/mailboxes/mailbox.repo.ts';
import { storeRawInbounds, type InboundJobs, type RawInbound } from './inbound.repo.ts';

export interface SmtpListenerOptions {
  db: Kysely<DB>;
  jobs: InboundJobs;
  port: number;
  host?: string;
  /** The largest message accepted, in bytes (larger ones get 552). */
  sizeLimitBytes?: number;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
  /**
   * How long a recipient address found to be a mailbox's is remembered, in seconds
   * (default 10; 0: looked up for every recipient). A mailbox deactivated or renamed
   * meanwhile is still accepted that long (its mail is stored and ingested as usual).
   */
  mailboxCacheSeconds?: number;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SMTP_SIZE_LIMIT_BYTES = 25 * 1024 * 1024;

type Route = { workspaceId: string; mailboxId: string };

function smtpError(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A group is at most this many rows or bytes of raw messages (one larger message goes alone). */
const GROUP_ROWS = 200;
const GROUP_BYTES = 16 * 1024 * 1024;
/** Groups stored at once at most; more messages wait for one of them to commit. */
const GROUPS_IN_FLIGHT = 3;

/**
 * Stores messages by the shared group commit (db/group-commit.ts, ADR 0012): a
 * message is stored at once while fewer than GROUPS_IN_FLIGHT transactions run;
 * otherwise it waits, and the messages waiting go together in the next
 * transaction (two statements for the lot, where each message alone took two).
 * Each message's copies (one per mailbox) are stored together or not at all. A
 * group that fails is stored again message by message, so one bad message does
 * not refuse the others. One key for all: raw messages of every workspace share
 * the table and its transactions.
 */
function rawCommitter(db: Kysely<DB>, jobs: InboundJobs, log: SmtpListenerOptions['log']) {
  const committer = createGroupCommitter<RawInbound[], string[]>({
    inFlight: GROUPS_IN_FLIGHT,
    maxItems: GROUP_ROWS,
    limits: [
      { sizeOf: (targets) => targets.length, max: GROUP_ROWS },
      { sizeOf: (targets) => targets.reduce((n, t) => n + t.raw.length, 0), max: GROUP_BYTES },
    ],
    commitOne: (targets) => storeRawInbounds(db, targets, jobs),
    async commitMany(messages) {
      const ids = await storeRawInbounds(db, messages.flat(), jobs);
      let at = 0;
      return messages.map((targets) => ids.slice(at, (at += targets.length)));
    },
    onGroupFailed: (err, messages) =>
      log.info(
        { err, messages: messages.length },
        'smtp: a group failed; storing its messages one by one',
      ),
  });
  return (targets: RawInbound[]) => committer.commit('smtp', targets);
}

/** The active mailbox of a recipient address, remembered for a while (see mailboxCacheSeconds). */
function mailboxLookup(db: Kysely<DB>, cacheSeconds: number) {
  const cache = new Map<string, { mailbox: Route; until: number }>();
  return async (address: string): Promise<Route | undefined> => {
    const key = address.trim().toLowerCase();
    // A monotonic clock: this is a cache's lifetime, not a business time.
    const now = performance.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.mailbox;
    const found = await unscopedFindActiveMailboxByAddress(db, key);
    if (!found) {
      cache.delete(key);
      return undefined;
    }
    const mailbox = { workspaceId: found.workspace_id, mailboxId: found.id };
    if (cacheSeconds > 0) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, { mailbox, until: now + cacheSeconds * 1000 });
    }
    return mailbox;
  };
}

/** Starts listening; resolves once the port is bound. */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const sizeLimit = options.sizeLimitBytes ?? DEFAULT_SMTP_SIZE_LIMIT_BYTES;
  const store = rawCommitter(options.db, options.jobs, options.log);
  const findMailbox = mailboxLookup(options.db, options.mailboxCacheSeconds ?? 10);
  // Recipients accepted in each session, by mailbox (one copy per mailbox).
  const routes = new Map<string, Map<string, Route>>();
  const routesOf = (session: SMTPServerSession) => {
    let m = routes.get(session.id);
    if (!m) routes.set(session.id, (m = new Map()));
    return m;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: sizeLimit,
    logger: false,
    // Nothing reads the client's reverse-resolved name; resolving it would cost every new
    // connection a DNS query and hold its greeting until the answer (up to 1.5 s).
    disableReverseLookup: true,
    banner: 'Rapport',
    onConnect(session, callback) {
      routes.delete(session.id);
      callback();
    },
    onMailFrom(address, session, callback) {
      // A new transaction in the same connection starts with no recipients.
      routes.delete(session.id);
      const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
      if (declared > sizeLimit) {
        callback(smtpError(552, `message too large (at most ${sizeLimit} bytes)`));
        return;
      }
      callback();
    },
    onRcptTo(address, session, callback) {
      findMailbox(address.address)
        .then((mailbox) => {
          if (!mailbox) {
            callback(smtpError(550, `no mailbox here for <${address.address}>`));
            return;
          }
          routesOf(session).set(mailbox.mailboxId + '@' + mailbox.workspaceId, mailbox);
          callback();
        })
        .catch((err: unknown) => {
          options.log.error({ err }, 'smtp: looking up a recipient failed');
          callback(smtpError(451, 'try again later'));
        });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(smtpError(552, `message too large (at most ${sizeLimit} bytes)`));
          return;
        }
        const raw = Buffer.concat(chunks);
        const targets = [...routesOf(session).values()];
        // All the copies in one transaction: the 250 means every mailbox got it.
        store(targets.map((target) => ({ ...target, source: 'smtp' as const, raw })))
          .then((ids) => callback(null, `stored as ${ids.join(',')}`))
          .catch((err: unknown) => {
            options.log.error({ err }, 'smtp: storing a message failed');
            callback(smtpError(451, 'could not store the message, try again later'));
          });
      });
    },
    onClose(session) {
      routes.delete(session.id);
    },
  });
  server.on('error', (err) => options.log.error({ err }, 'smtp listener error'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  options.log.info({ port }, 'smtp listener started');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
