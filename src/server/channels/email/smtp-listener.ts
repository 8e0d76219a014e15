// The inbound SMTP listener: mail for a mailbox's address is accepted, stored
// raw (with its ingestion job) and only then answered 250, so a sender that
// got a 250 never loses its message, whatever happens afterwards.
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
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

interface Pending {
  targets: RawInbound[];
  resolve(ids: string[]): void;
  reject(err: unknown): void;
}

/** Groups stored at once at most; more messages wait for one of them to commit. */
const GROUPS_IN_FLIGHT = 3;

/**
 * Stores messages by group commit: a message is stored at once while fewer than
 * GROUPS_IN_FLIGHT transactions run; otherwise it waits, and the messages waiting
 * go together in the next transaction (two statements for the lot, where each
 * message alone took two). Each message's copies (one per mailbox) are stored
 * together or not at all. A group that fails is stored again message by message,
 * so one bad message does not refuse the others.
 */
function groupCommitter(db: Kysely<DB>, jobs: InboundJobs) {
  const queue: Pending[] = [];
  let inFlight = 0;
  const storeGroup = async (group: Pending[]) => {
    const ids = await storeRawInbounds(
      db,
      group.flatMap((p) => p.targets),
      jobs,
    );
    let at = 0;
    for (const p of group) {
      p.resolve(ids.slice(at, at + p.targets.length));
      at += p.targets.length;
    }
  };
  const takeGroup = () => {
    const group: Pending[] = [];
    let rows = 0;
    let bytes = 0;
    while (queue.length) {
      const next = queue[0]!;
      const size = next.targets.reduce((n, t) => n + t.raw.length, 0);
      if (group.length && (rows + next.targets.length > GROUP_ROWS || bytes + size > GROUP_BYTES))
        break;
      group.push(queue.shift()!);
      rows += next.targets.length;
      bytes += size;
    }
    return group;
  };
  const drain = async () => {
    inFlight++;
    while (queue.length) {
      const group = takeGroup();
      try {
        await storeGroup(group);
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        else {
          for (const p of group) await storeGroup([p]).catch((e: unknown) => p.reject(e));
        }
      }
    }
    inFlight--;
  };
  return (targets: RawInbound[]) =>
    new Promise<string[]>((resolve, reject) => {
      queue.push({ targets, resolve, reject });
      if (inFlight < GROUPS_IN_FLIGHT) void drain();
    });
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
  const store = groupCommitter(options.db, options.jobs);
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
