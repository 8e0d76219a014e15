// A real SMTP server on loopback that keeps what is sent to it: the raw
// message, the envelope and the parsed message. Tests of anything that sends
// email (replies, acknowledgements, chat transcripts, magic links) point a
// mailbox's outgoing SMTP settings at it.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedEmail {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** The SMTP user that authenticated, if any. */
  user: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpCapture {
  host: string;
  port: number;
  /** Everything accepted, oldest first. */
  messages: CapturedEmail[];
  /** How many DATA commands arrived, accepted or refused (to see retries). */
  attempts: number;
  /**
   * Makes the server refuse messages: a 4xx code is a temporary refusal (the
   * sender retries), a 5xx a permanent one; null accepts again.
   */
  refuseWith(code: number | null, message?: string): void;
  /** Resolves once `count` messages have arrived (rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedEmail[]>;
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 and a free port (or `port`: a server that
 * comes back where one went down). With `auth`, it requires that user and
 * password (plain text over loopback; no TLS).
 */
export async function startSmtpCapture(
  options: { auth?: { user: string; pass: string }; port?: number } = {},
): Promise<SmtpCapture> {
  const messages: CapturedEmail[] = [];
  let refusal: { code: number; message: string } | null = null;
  let attempts = 0;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (
        options.auth &&
        auth.username === options.auth.user &&
        auth.password === options.auth.pass
      ) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('invalid credentials'), { responseCode: 535 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        if (refusal) {
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              raw,
              parsed,
              user: session.user as string | undefined,
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
            });
            callback();
            for (const w of waiters.splice(0)) w();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    get attempts() {
      return attempts;
    },
    refuseWith(code, message = 'refused by the test') {
      refusal = code === null ? null : { code, message };
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(`expected ${count} emails, got ${messages.length} in ${timeoutMs} ms`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
