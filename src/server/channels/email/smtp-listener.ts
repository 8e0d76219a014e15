// The inbound SMTP listener: mail for a mailbox's address is accepted, stored
// raw (with its ingestion job) and only then answered 250, so a sender that
// got a 250 never loses its message, whatever happens afterwards.
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { DB } from '../../db/schema.ts';
import { unscopedFindActiveMailboxByAddress } from '../../features/mailboxes/mailbox.repo.ts';
import { storeRawInbound, type InboundJobs } from './inbound.repo.ts';

export interface SmtpListenerOptions {
  db: Kysely<DB>;
  jobs: InboundJobs;
  port: number;
  host?: string;
  /** The largest message accepted, in bytes (larger ones get 552). */
  sizeLimitBytes?: number;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
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

/** Starts listening; resolves once the port is bound. */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const sizeLimit = options.sizeLimitBytes ?? DEFAULT_SMTP_SIZE_LIMIT_BYTES;
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
      unscopedFindActiveMailboxByAddress(options.db, address.address)
        .then((mailbox) => {
          if (!mailbox) {
            callback(smtpError(550, `no mailbox here for <${address.address}>`));
            return;
          }
          routesOf(session).set(mailbox.id + '@' + mailbox.workspace_id, {
            workspaceId: mailbox.workspace_id,
            mailboxId: mailbox.id,
          });
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
        (async () => {
          const ids: string[] = [];
          // One transaction for all the copies: the 250 means every mailbox got it.
          await options.db.transaction().execute(async (tx) => {
            for (const target of targets) {
              ids.push(
                (await storeRawInbound(tx, { ...target, source: 'smtp', raw }, options.jobs)).id,
              );
            }
          });
          return ids;
        })()
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
