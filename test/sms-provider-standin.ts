// A stand-in SMS provider for tests: a real HTTP server on loopback that
// takes Rapport's sends (recording them, or failing on demand) and calls
// Rapport's webhooks, signed as a real provider would sign them.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../src/server/channels/sms/signature.ts';

export interface RecordedSend {
  from: string;
  to: string;
  text: string;
  client_ref: string | null;
  headers: IncomingHttpHeaders;
  /** The id the stand-in answered with (absent for a failed attempt). */
  id?: string;
  status: number;
}

export interface SmsProviderStandIn {
  /** The URL Rapport sends to. */
  sendUrl: string;
  /** Every send attempt, in order (failed ones too). */
  attempts: RecordedSend[];
  /** The sends that succeeded. */
  sent(): RecordedSend[];
  /** The next `times` sends are answered with `status` (500: retryable; 400: refused). */
  failNext(status: number, times?: number): void;
  /** Resolves when `count` sends succeeded (or rejects after timeoutMs). */
  waitForSent(count: number, timeoutMs?: number): Promise<RecordedSend[]>;
  /** Resolves when `count` attempts were made. */
  waitForAttempts(count: number, timeoutMs?: number): Promise<RecordedSend[]>;
  /**
   * Posts a signed webhook to Rapport (path under its base URL), as JSON.
   * `sign`: 'good' (default), 'bad' (another secret), 'none', or a time to sign at.
   */
  callWebhook(
    url: string,
    secret: string,
    body: object,
    options?: { sign?: 'good' | 'bad' | 'none'; at?: Date },
  ): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startSmsProviderStandIn(): Promise<SmsProviderStandIn> {
  const attempts: RecordedSend[] = [];
  const failures: number[] = [];
  let seq = 0;
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { from?: string; to?: string; text?: string; client_ref?: string | null } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not json"}');
        return;
      }
      const status = failures.shift() ?? 200;
      const record: RecordedSend = {
        from: body.from ?? '',
        to: body.to ?? '',
        text: body.text ?? '',
        client_ref: body.client_ref ?? null,
        headers: req.headers,
        status,
      };
      if (status === 200) record.id = `standin-${++seq}`;
      attempts.push(record);
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(status === 200 ? { id: record.id } : { error: `failing with ${status}` }),
        );
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitUntil = <T>(ready: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`stand-in: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const sent = () => attempts.filter((a) => a.status === 200);

  return {
    sendUrl: `http://127.0.0.1:${port}/send`,
    attempts,
    sent,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    waitForSent: (count, timeoutMs = 15_000) =>
      waitUntil(() => (sent().length >= count ? sent() : undefined), timeoutMs, `${count} sends`),
    waitForAttempts: (count, timeoutMs = 15_000) =>
      waitUntil(
        () => (attempts.length >= count ? attempts : undefined),
        timeoutMs,
        `${count} attempts`,
      ),
    async callWebhook(url, secret, body, options = {}) {
      const raw = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const sign = options.sign ?? 'good';
      if (sign !== 'none') {
        const key = sign === 'bad' ? `${secret}-not-it` : secret;
        headers['x-rapport-signature'] = signWebhook(key, raw, options.at ?? new Date());
      }
      const res = await fetch(url, { method: 'POST', headers, body: raw });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, json };
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  };
}
