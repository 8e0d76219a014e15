// Email ingested by two `rapport ingest-worker` processes beside a `rapport serve`
// that only receives it (RAPPORT_INGEST_WORKERS=0): a burst over SMTP, with every
// sender writing twice and some emails sent twice, ends with every email stored once,
// in one conversation per sender, and both workers took part. PostgreSQL only: the
// embedded database takes one process.
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startIngestWorker, startServe } from '../../../../test/ops/rapport-process.ts';
import {
  addMailbox,
  createWorkspaceToken,
  ingestProcessContext,
} from './ingest-process-helpers.ts';

const processes = ingestProcessContext('ingest_workers');

describe.skipIf(!processes.databaseUrl)('two ingest workers', () => {
  it('ingest a burst without duplicates or loss', { timeout: 600_000 }, async () => {
    const env = await processes.env({ RAPPORT_INGEST_WORKERS: '0' });
    const token = await createWorkspaceToken(env, {
      name: 'Two workers',
      adminEmail: 'admin@workers.test',
    });

    const server = processes.track(await startServe(env));
    await server.waitHealthy(180_000);
    await addMailbox(server, token, 'help@workers.test');
    const workers = [startIngestWorker(env), startIngestWorker(env)].map((w) => processes.track(w));
    await Promise.all(workers.map((worker) => worker.waitReady(180_000)));

    // 300 senders writing twice under one subject (the second by subject, whichever
    // worker gets it first), and 50 emails sent a second time (an MTA's retry).
    const senders = 300;
    const mails: Mail.Options[] = [];
    for (let n = 0; n < senders; n++) {
      for (const [k, subject] of ['Order ' + n, 'Re: Order ' + n].entries()) {
        mails.push({
          from: `Client ${n} <client-${n}@senders.test>`,
          to: 'help@workers.test',
          subject,
          text: `Email ${k + 1} of client ${n}.`,
          messageId: `<w-${n}-${k}@senders.test>`,
        });
      }
    }
    const resent = mails.filter((_, i) => i % 12 === 5);
    const queue = [...mails, ...resent];
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 8,
      host: '127.0.0.1',
      port: Number(env.RAPPORT_SMTP_PORT),
      secure: false,
      ignoreTLS: true,
    });
    try {
      await Promise.all(queue.map((m) => transport.sendMail(m)));
    } finally {
      transport.close();
    }

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const count = async (text: string) =>
        ((await client.query<{ n: number }>(text)).rows[0]!.n as number) ?? 0;
      const deadline = Date.now() + 180_000;
      while (
        (await count(`select count(*)::int as n from inbound_emails where status = 'received'`)) > 0
      ) {
        if (Date.now() > deadline) throw new Error('emails still waiting for ingestion');
        await new Promise((r) => setTimeout(r, 200));
      }
      const states = await client.query<{ status: string; n: number }>(
        `select status, count(*)::int as n from inbound_emails group by status`,
      );
      expect(states.rows).toEqual([{ status: 'processed', n: queue.length }]);
      const stored = await client.query<{ messages: number; ids: number; conversations: number }>(
        `select count(*)::int as messages, count(distinct external_id)::int as ids,
                count(distinct conversation_id)::int as conversations from messages`,
      );
      expect(stored.rows[0]).toEqual({
        messages: mails.length,
        ids: mails.length,
        conversations: senders,
      });
      expect(await count(`select count(*)::int as n from clients`)).toBe(senders);
      expect(await count(`select count(*)::int as n from conversations`)).toBe(senders);
      // One conversation per sender, holding both of its emails.
      expect(
        await count(`select count(*)::int as n from conversations where message_count <> 2`),
      ).toBe(0);
    } finally {
      await client.end();
    }

    const handled: number[] = [];
    for (const worker of workers) {
      expect(await worker.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const said = /stopped after (\d+) emails/.exec(worker.stdout());
      expect(said, worker.stdout() + worker.stderr()).not.toBeNull();
      handled.push(Number(said![1]));
    }
    // Both took part, and together they handled every stored email's job (a retried one
    // twice): the server, which does not work the email.ingest queue, ingested none.
    expect(
      handled.every((n) => n > 0),
      String(handled),
    ).toBe(true);
    expect(handled[0]! + handled[1]!).toBeGreaterThanOrEqual(queue.length);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
