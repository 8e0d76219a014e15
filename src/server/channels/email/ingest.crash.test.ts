// kill -9 of a real server process while a batch of email is arriving over SMTP
// and being ingested: after restart every email the sender got a 250 for is
// there exactly once, an email resent by the sender (as an MTA does when the
// connection died before the 250) is not stored twice, and nothing is left
// waiting. The server is `rapport serve` (bin/rapport.js → src/server/main.ts)
// with RAPPORT_SMTP_PORT, on a data directory of its own (PGlite) or on a
// PostgreSQL database of its own (DATABASE_URL set).
import nodemailer from 'nodemailer';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openEmbedded } from '../../db/database.ts';
import { startServe, type Server } from '../../../../test/ops/rapport-process.ts';
import {
  addMailbox,
  createWorkspaceToken,
  ingestProcessContext,
} from './ingest-process-helpers.ts';

const processes = ingestProcessContext('email_crash');

/** The stopped server's database, for plain SQL (a bare client on PostgreSQL, ended on close). */
async function openStopped(env: Record<string, string>) {
  if (!env.DATABASE_URL) return openEmbedded(env.RAPPORT_DATA_DIR!);
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  return {
    query: <R>(text: string) => client.query(text) as unknown as Promise<{ rows: R[] }>,
    close: () => client.end(),
  };
}

interface Sent {
  messageId: string;
  /** The listener answered 250 (the message is the server's responsibility from then on). */
  accepted: boolean;
}

describe('kill -9 while email is being received and ingested', () => {
  it('loses and duplicates nothing after restart', { timeout: 600_000 }, async () => {
    const env = await processes.env();
    const token = await createWorkspaceToken(env, {
      name: 'Mail crash',
      adminEmail: 'admin@mailcrash.test',
    });

    const serve = async () => {
      const s = processes.track(await startServe(env));
      await s.waitHealthy(180_000);
      return s;
    };
    const conversationsIn = async (s: Server) => {
      const res = await s.api('GET', '/api/v1/conversations/counts', { token });
      expect(res.status).toBe(200);
      return ((await res.json()) as { all: number }).all;
    };

    let s = await serve();
    await addMailbox(s, token, 'help@mailcrash.test');

    // Each email from a sender of its own: one email, one client, one conversation.
    const sent = new Map<string, Sent>();
    const mail = (n: number) => ({
      from: `Client ${n} <client-${n}@senders.test>`,
      to: 'help@mailcrash.test',
      subject: `Request ${n}`,
      text: `Request number ${n}.`,
      messageId: `<crash-${n}@senders.test>`,
    });
    const deliver = async (n: number) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: Number(env.RAPPORT_SMTP_PORT),
        secure: false,
        ignoreTLS: true,
        connectionTimeout: 5_000,
        socketTimeout: 10_000,
      });
      const m = mail(n);
      const entry = sent.get(m.messageId) ?? { messageId: m.messageId, accepted: false };
      sent.set(m.messageId, entry);
      try {
        await transport.sendMail(m);
        entry.accepted = true;
      } catch {
        // The server died under this message: the sender will try again.
      } finally {
        transport.close();
      }
    };
    /** Four SMTP clients sending emails from..to-1 until stopped. */
    const sendBatch = (from: number, to: number, stopped: () => boolean) => {
      let next = from;
      const client = async () => {
        while (!stopped() && next < to) await deliver(next++);
      };
      return Promise.all([client(), client(), client(), client()]);
    };

    // Two kills, each while the server is both receiving and ingesting.
    const total = 240;
    let sentUpTo = 0;
    const backlogAtKill: number[] = [];
    for (const [round, until] of [100, 200].entries()) {
      let stop = false;
      const sending = sendBatch(sentUpTo, until, () => stop);
      const before = await conversationsIn(s);
      // Killed as soon as the first emails of this round are ingested, the rest still arriving.
      const deadline = Date.now() + 60_000;
      let ingested = before;
      while ((ingested = await conversationsIn(s)) <= before) {
        if (Date.now() > deadline) throw new Error(`round ${round + 1}: nothing ingested`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const accepted = [...sent.values()].filter((e) => e.accepted).length;
      s.child.kill('SIGKILL');
      // Mail the server had answered 250 for but not ingested yet: the restart must finish it.
      backlogAtKill.push(accepted - ingested);
      expect((await s.exited).signal).toBe('SIGKILL');
      stop = true;
      await sending;
      sentUpTo = Math.max(...[...sent.keys()].map((id) => Number(/crash-(\d+)@/.exec(id)![1]))) + 1;
      s = await serve();
    }
    // What an MTA does: send again whatever got no 250, and (a 250 lost with the connection)
    // a few that got one; then the rest of the mail.
    expect(Math.max(...backlogAtKill)).toBeGreaterThan(0);
    const unanswered = [...sent.values()].filter((e) => !e.accepted);
    for (const e of unanswered) await deliver(Number(/crash-(\d+)@/.exec(e.messageId)![1]));
    for (const n of [0, 1, 2, 119, 120, 121]) await deliver(n);
    expect(sentUpTo).toBeLessThan(total);
    await sendBatch(sentUpTo, total, () => false);
    expect([...sent.values()].filter((e) => !e.accepted)).toEqual([]);
    expect(sent.size).toBe(total);

    // Everything ingested once the restarted server has caught up; a graceful stop lets the
    // jobs it has taken (queued before the last emails, so all of them) finish.
    const deadline = Date.now() + 120_000;
    while ((await conversationsIn(s)) < total) {
      if (Date.now() > deadline) throw new Error(`only ${await conversationsIn(s)} of ${total}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await s.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const database = await openStopped(env);
    try {
      const one = async (text: string) =>
        (await database.query<Record<string, string>>(text)).rows[0]!;
      expect(
        await one(`select count(*)::int as messages, count(distinct external_id)::int as ids,
                          count(distinct conversation_id)::int as conversations,
                          count(distinct author_client_id)::int as authors
                   from messages`),
      ).toEqual({ messages: total, ids: total, conversations: total, authors: total });
      const ids = (
        await database.query<{ external_id: string }>(`select external_id from messages`)
      ).rows
        .map((r) => `<${r.external_id}>`)
        .sort();
      expect(ids).toEqual([...sent.keys()].sort());
      expect(await one(`select count(*)::int as n from clients`)).toEqual({ n: total });
      expect(await one(`select count(*)::int as n from conversations`)).toEqual({ n: total });
      // Every stored copy (a resent email is stored again) was ingested, none waits or failed.
      const states = await database.query<{ status: string; n: number }>(
        `select status, count(*)::int as n from inbound_emails group by status`,
      );
      expect(states.rows.map((r) => r.status)).toEqual(['processed']);
      expect(states.rows[0]!.n).toBeGreaterThanOrEqual(total);
    } finally {
      await database.close();
    }
  });
});
