// The delivery contract on a real pg-boss runner: what happens to an agent's
// reply on a channel that leaves Rapport, whatever the channel.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../test/harness.ts';
import { startSmtpCapture } from '../../../test/smtp-capture.ts';
import { runDelivery } from './deliverers.ts';

const SMTP_AUTH = { user: 'rapport', pass: 'smtp pass' };

let t: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp({ jobs: true });
  w = await newWorkspace(t);
});
afterAll(() => t.close());

async function emailConversation() {
  const res = await w.admin.post('/api/v1/conversations', {
    client: { email: `c-${Math.random().toString(36).slice(2)}@example.test`, name: 'Client' },
    subject: 'Where is my order?',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Hello' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const messageRow = (id: string) =>
  t.database.db
    .selectFrom('messages')
    .select(['delivery_state', 'delivery_error', 'delivery_error_code', 'external_id'])
    .where('workspace_id', '=', w.workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('delivery of replies', () => {
  it('a reply that cannot be sent (no mailbox) ends failed, says why, and the timeline shows it', async () => {
    const c = await emailConversation();
    const res = await w.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'It leaves today.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json() as { id: string; delivery_state: string };
    expect(reply.delivery_state).toBe('queued');

    const row = await eventually('the reply to fail', async () => {
      const r = await messageRow(reply.id);
      return r.delivery_state === 'failed' ? r : undefined;
    });
    expect(row.delivery_error).toMatch(/mailbox/);
    expect(row.delivery_error_code).toBe('no_mailbox');
    const events = await w.admin.get(`/api/v1/conversations/${c.id}/events?limit=50`);
    const failed = (
      events.json() as { items: { type: string; data: { message_id?: string } }[] }
    ).items.filter((e) => e.type === 'message.delivery_failed');
    expect(failed.map((e) => e.data.message_id)).toEqual([reply.id]);

    // A second run of the job (a retry after a crash) changes nothing.
    const again = await runDelivery(
      { database: t.database, log: t.app.log, now: () => new Date() },
      { workspaceId: w.workspaceId, messageId: reply.id },
      { retryCount: 0, retryLimit: 4 },
    );
    expect(again).toBe('skipped');
  });

  it('a failed reply is sent again once a mailbox is set up: the same message, delivered', async () => {
    const c = await emailConversation();
    const agent = await w.addUser('agent', 'Ana Agent');
    const res = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Your parcel leaves today.',
    });
    const reply = res.json() as { id: string };
    await eventually('the reply to fail', async () =>
      (await messageRow(reply.id)).delivery_state === 'failed' ? true : undefined,
    );
    const resend = (caller = agent, conversationId = c.id, messageId = reply.id) =>
      caller.post(`/api/v1/conversations/${conversationId}/messages/${messageId}/resend`);

    const capture = await startSmtpCapture({ auth: SMTP_AUTH });
    try {
      const mailbox = await w.admin.post('/api/v1/mailboxes', {
        name: 'Support',
        address: `support-${randomUUID().slice(0, 8)}@shop.example`,
        default_language: 'en',
        smtp: {
          host: capture.host,
          port: capture.port,
          secure: false,
          user: SMTP_AUTH.user,
          password: SMTP_AUTH.pass,
        },
      });
      expect(mailbox.statusCode, mailbox.body).toBe(201);
      const again = await resend();
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({
        id: reply.id,
        delivery_state: 'queued',
        delivery_error: null,
        delivery_error_code: null,
      });
      const [mail] = await capture.waitFor(1);
      expect(mail!.parsed.text).toContain('Your parcel leaves today.');
      await eventually('the reply to be sent', async () =>
        (await messageRow(reply.id)).delivery_state === 'sent' ? true : undefined,
      );
      // One message, sent once: nothing was copied.
      const list = await agent.get(`/api/v1/conversations/${c.id}/messages?limit=100`);
      expect(
        (list.json().items as { direction: string }[]).filter((m) => m.direction === 'outbound'),
      ).toHaveLength(1);
      const events = (await agent.get(`/api/v1/conversations/${c.id}/events?limit=50`)).json()
        .items as { type: string; data: { message_id?: string } }[];
      expect(events.find((e) => e.type === 'message.delivery_retried')?.data.message_id).toBe(
        reply.id,
      );
      // Sent, it is not sent again (409); nor a client's message, nor another conversation's.
      expect((await resend()).statusCode).toBe(409);
      const inbound = (await agent.get(`/api/v1/conversations/${c.id}/messages?limit=100`))
        .json()
        .items.find((m: { direction: string }) => m.direction === 'inbound') as { id: string };
      expect((await resend(agent, c.id, inbound.id)).statusCode).toBe(409);
      const otherConversation = await emailConversation();
      expect((await resend(agent, otherConversation.id, reply.id)).statusCode).toBe(404);
      // Another workspace does not find it; a path naming no message is not found either.
      const stranger = await (await newWorkspace(t)).addUser('admin');
      expect((await resend(stranger)).statusCode).toBe(404);
      expect((await resend(agent, c.id, 'abc')).statusCode).toBe(404);
    } finally {
      await capture.close();
    }
  });

  it('notes and replies imported with an external id are not sent', async () => {
    const c = await emailConversation();
    const note = await w.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'Checked with the warehouse.',
    });
    const imported = await w.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Sent from the old system.',
      external_id: `old-${Math.random()}`,
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await messageRow((note.json() as { id: string }).id)).delivery_state).toBe('none');
    expect((await messageRow((imported.json() as { id: string }).id)).delivery_state).toBe('none');
  });
});
