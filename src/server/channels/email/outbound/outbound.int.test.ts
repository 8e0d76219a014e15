// Replies and acknowledgements leave Rapport over real SMTP: a client's email
// is stored and ingested by the real jobs, the acknowledgement and the agent's
// reply arrive at a real SMTP server on loopback (test/smtp-capture.ts), and
// the client's answer to the reply threads back into the same conversation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../../test/harness.ts';
import {
  startSmtpCapture,
  type CapturedEmail,
  type SmtpCapture,
} from '../../../../../test/smtp-capture.ts';
import { JOBS } from '../../../jobs/job-runner.ts';
import { MESSAGE_DELIVER_JOB } from '../../delivery.ts';
import { IMAP_POLL_JOB } from '../imap/poll.ts';
import { storeRawInbound } from '../inbound.repo.ts';
import { acknowledgeRequest, EMAIL_ACKNOWLEDGE_JOB } from './acknowledge.ts';
import { formatDue } from './texts.ts';

let t: TestApp;
const captures: SmtpCapture[] = [];
const SMTP_AUTH = { user: 'rapport', pass: 'smtp pass' };

beforeAll(async () => {
  // Every job of the app, but sending retries after 1 s rather than 10 or 30 s
  // and no IMAP polling (which would visit other test files' mailboxes).
  t = await startTestApp({
    jobs: JOBS.filter((j) => j.name !== IMAP_POLL_JOB).map((j) =>
      j.name === MESSAGE_DELIVER_JOB || j.name === EMAIL_ACKNOWLEDGE_JOB
        ? { ...j, retryDelaySeconds: 1 }
        : j,
    ),
  });
});
afterAll(async () => {
  await t?.close();
  for (const c of captures) await c.close().catch(() => {});
});

interface Setup {
  w: TestWorkspace;
  capture: SmtpCapture;
  mailbox: { id: string; address: string };
  agent: Caller;
}

/** A workspace with a mailbox sending through its own SMTP capture (auth required). */
async function setup(o: { language?: string; port?: number } = {}): Promise<Setup> {
  const w = await newWorkspace(t, { name: `Acme ${randomUUID().slice(0, 4)}` });
  const capture = await startSmtpCapture({ auth: SMTP_AUTH });
  captures.push(capture);
  const res = await w.admin.post('/api/v1/mailboxes', {
    name: 'Acme Support',
    address: `support-${randomUUID().slice(0, 8)}@acme.example`,
    default_language: o.language ?? 'en',
    signature: 'Acme Support\nhttps://acme.example/help',
    smtp: {
      host: capture.host,
      port: o.port ?? capture.port,
      secure: false,
      user: SMTP_AUTH.user,
      password: SMTP_AUTH.pass,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const agent = await w.addUser('agent', 'Ana Agent');
  return { w, capture, mailbox: res.json(), agent };
}

function rawEmail(o: {
  from: string;
  to: string;
  subject: string;
  body: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: string[];
}) {
  const messageId = o.messageId ?? `<${randomUUID()}@client.example>`;
  const raw = [
    `From: Kata Client <${o.from}>`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${messageId}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...(o.headers ?? []),
    'Date: Wed, 02 Dec 2026 09:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
  return { raw: Buffer.from(raw), messageId };
}

/** Stores a client's raw email as the SMTP listener would and waits for its conversation. */
async function receive(s: Setup, email: ReturnType<typeof rawEmail>) {
  const { id } = await storeRawInbound(
    t.database.db,
    { workspaceId: s.w.workspaceId, mailboxId: s.mailbox.id, source: 'smtp', raw: email.raw },
    t.jobs!,
  );
  return eventually('the email to be ingested', async () => {
    const row = await t.database.db
      .selectFrom('inbound_emails')
      .select(['status', 'conversation_id', 'message_id', 'error'])
      .where('workspace_id', '=', s.w.workspaceId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === 'received') return undefined;
    expect(row.status, row.error ?? '').toBe('processed');
    return { conversationId: row.conversation_id!, messageId: row.message_id! };
  });
}

const messageRow = (s: Setup, id: string) =>
  t.database.db
    .selectFrom('messages')
    .select(['delivery_state', 'delivery_error', 'delivery_error_code', 'external_id'])
    .where('workspace_id', '=', s.w.workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const untilState = (s: Setup, id: string, state: string) =>
  eventually(`the message to be ${state}`, async () => {
    const row = await messageRow(s, id);
    return row.delivery_state === state ? row : undefined;
  });

const isAck = (m: CapturedEmail) => m.parsed.headers.get('auto-submitted') === 'auto-replied';
const header = (m: CapturedEmail, name: string) => m.parsed.headers.get(name) as string | undefined;

async function upload(caller: Caller, filename: string, type: string, content: Buffer) {
  const boundary = `----rapport${randomUUID()}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: {
      authorization: `Bearer ${caller.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function reply(s: Setup, conversationId: string, body: object) {
  const res = await s.agent.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction: 'outbound',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  const message = res.json() as { id: string; delivery_state: string };
  expect(message.delivery_state).toBe('queued');
  return message;
}

describe("an agent's reply by email", () => {
  it('leaves from the mailbox, threaded under the client’s email, signed, with its attachments; the answer threads back', async () => {
    const s = await setup();
    const client = `kata-${randomUUID().slice(0, 6)}@client.example`;
    const first = rawEmail({
      from: client,
      to: s.mailbox.address,
      subject: 'Broken kettle',
      body: 'My kettle does not heat.',
    });
    const { conversationId } = await receive(s, first);
    const conversation = (await s.agent.get(`/api/v1/conversations/${conversationId}`)).json() as {
      number: number;
    };

    const pdf = Buffer.from(`%PDF-1.4 returns label ${randomUUID()}`);
    const label = await upload(s.agent, 'return-label.pdf', 'application/pdf', pdf);
    const sent = await reply(s, conversationId, {
      body_text: 'Sorry about that! Please send it back with this label.',
      attachment_ids: [label.id],
    });
    const row = await untilState(s, sent.id, 'sent');

    const [mail] = await eventually('the reply at the SMTP server', async () => {
      const found = s.capture.messages.filter((m) => !isAck(m));
      return found.length ? found : undefined;
    });
    expect(mail!.user).toBe(SMTP_AUTH.user);
    expect(mail!.envelope).toEqual({ from: s.mailbox.address, to: [client] });
    expect(mail!.parsed.from?.value).toEqual([
      { address: s.mailbox.address, name: expect.stringMatching(/^Ana Agent via Acme /) },
    ]);
    expect(mail!.parsed.to).toMatchObject({ value: [{ address: client, name: 'Kata Client' }] });
    expect(mail!.parsed.subject).toBe(`Re: Broken kettle [#${conversation.number}]`);
    expect(mail!.parsed.inReplyTo).toBe(first.messageId);
    expect([mail!.parsed.references].flat()).toEqual([first.messageId]);
    expect(mail!.parsed.text).toContain('Please send it back with this label.');
    expect(mail!.parsed.text).toMatch(/\n-- \nAcme Support\nhttps:\/\/acme\.example\/help/);
    expect(mail!.parsed.html).toContain('Acme Support');
    expect(mail!.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['return-label.pdf', 'application/pdf'],
    ]);
    expect(mail!.parsed.attachments[0]!.content.equals(pdf)).toBe(true);

    // Sent, with the Message-ID it left with: the client's answer finds it.
    expect(row.delivery_error).toBeNull();
    expect(`<${row.external_id}>`).toBe(mail!.parsed.messageId);
    const answer = rawEmail({
      from: client,
      to: s.mailbox.address,
      subject: 'Re: your answer', // no number, another subject: only the headers thread it
      body: 'Thanks, posted it today.',
      inReplyTo: mail!.parsed.messageId,
    });
    const back = await receive(s, answer);
    expect(back.conversationId).toBe(conversationId);

    // The next reply answers the client's latest email and carries the whole chain.
    const second = await reply(s, conversationId, { body_text: 'Got it, thank you.' });
    await untilState(s, second.id, 'sent');
    const next = await eventually('the second reply', async () => {
      const found = s.capture.messages.filter((m) => !isAck(m));
      return found.length >= 2 ? found[1] : undefined;
    });
    expect(next.parsed.inReplyTo).toBe(answer.messageId);
    expect([next.parsed.references].flat()).toEqual([mail!.parsed.messageId, answer.messageId]);
    expect(next.parsed.subject).toBe(`Re: Broken kettle [#${conversation.number}]`);
  });

  it('a recipient refused for good marks it failed with the reason and an event, once', async () => {
    const s = await setup();
    const { conversationId } = await receive(
      s,
      rawEmail({
        from: `gone-${randomUUID().slice(0, 6)}@client.example`,
        to: s.mailbox.address,
        subject: 'Invoice',
        body: 'Where is my invoice?',
      }),
    );
    await eventually('the acknowledgement', async () =>
      s.capture.messages.some(isAck) ? true : undefined,
    );
    s.capture.refuseWith(550, '5.1.1 mailbox unavailable');
    const attemptsBefore = s.capture.attempts;
    const sent = await reply(s, conversationId, { body_text: 'Attached.' });
    const row = await untilState(s, sent.id, 'failed');
    expect(row.delivery_error).toMatch(/refused.*5\.1\.1 mailbox unavailable/);

    const events = (
      await s.agent.get(`/api/v1/conversations/${conversationId}/events?limit=50`)
    ).json() as { items: { type: string; data: { message_id?: string; error?: string } }[] };
    const failed = events.items.filter((e) => e.type === 'message.delivery_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ message_id: sent.id, error: row.delivery_error }),
      }),
    ]);
    // The timeline's message says so too.
    const list = (await s.agent.get(`/api/v1/conversations/${conversationId}/messages`)).json() as {
      items: { id: string; delivery_state: string; delivery_error: string | null }[];
    };
    expect(list.items.find((m) => m.id === sent.id)).toMatchObject({
      delivery_state: 'failed',
      delivery_error: row.delivery_error,
      delivery_error_code: 'refused',
    });
    // Not retried: one attempt.
    expect(s.capture.attempts - attemptsBefore).toBe(1);
  });

  it('a server that is down is retried, and the reply goes out once it is back', async () => {
    const s = await setup();
    const { conversationId } = await receive(
      s,
      rawEmail({
        from: `patient-${randomUUID().slice(0, 6)}@client.example`,
        to: s.mailbox.address,
        subject: 'Delivery date',
        body: 'When will it arrive?',
      }),
    );
    // Let the acknowledgement go first, then take the server down.
    await eventually('the acknowledgement', async () =>
      s.capture.messages.some(isAck) ? true : undefined,
    );
    const port = s.capture.port;
    await s.capture.close();

    const sent = await reply(s, conversationId, { body_text: 'Tomorrow morning.' });
    const waiting = await eventually('a failed first attempt', async () => {
      const row = await messageRow(s, sent.id);
      return row.delivery_error ? row : undefined;
    });
    expect(waiting.delivery_state).toBe('queued');
    expect(waiting.delivery_error).toMatch(/ECONNREFUSED/);
    expect(waiting.delivery_error_code).toBe('server_unreachable');

    const back = await startSmtpCapture({ auth: SMTP_AUTH, port });
    captures.push(back);
    const row = await untilState(s, sent.id, 'sent');
    expect(row.delivery_error).toBeNull();
    const [mail] = await back.waitFor(1);
    expect(mail!.parsed.text).toContain('Tomorrow morning.');
    expect(mail!.parsed.messageId).toBe(`<${row.external_id}>`);
  });

  it("a reply never leaves through another workspace's mailbox", async () => {
    const s = await setup();
    const other = await newWorkspace(t);
    const created = await other.admin.post('/api/v1/conversations', {
      client: { email: `x-${randomUUID().slice(0, 6)}@client.example`, name: 'X' },
      subject: 'Hello',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hi' },
    });
    const res = await other.admin.post(
      `/api/v1/conversations/${(created.json() as { id: string }).id}/messages`,
      { direction: 'outbound', body_text: 'Hi back' },
    );
    const id = (res.json() as { id: string }).id;
    const row = await eventually('the reply to fail', async () => {
      const r = await t.database.db
        .selectFrom('messages')
        .select(['delivery_state', 'delivery_error'])
        .where('workspace_id', '=', other.workspaceId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return r.delivery_state === 'failed' ? r : undefined;
    });
    expect(row.delivery_error).toMatch(/no active mailbox/);
    expect(s.capture.attempts).toBe(0);
  });
});

describe('the acknowledgement of a new request', () => {
  const ackTo = (capture: SmtpCapture, address: string) =>
    capture.messages.filter((m) => isAck(m) && m.envelope.to.includes(address));

  it("goes once, in the client's language, with the request number and the due time of its SLA", async () => {
    const s = await setup({ language: 'es' });
    const client = `lucia-${randomUUID().slice(0, 6)}@client.example`;
    const first = rawEmail({
      from: client,
      to: s.mailbox.address,
      subject: 'Pedido 1234',
      body: 'Mi pedido no ha llegado.',
    });
    const { conversationId } = await receive(s, first);
    const [ack] = await eventually('the acknowledgement', async () => {
      const found = ackTo(s.capture, client);
      return found.length ? found : undefined;
    });
    const conversation = await t.database.db
      .selectFrom('conversations')
      .select('number')
      .where('workspace_id', '=', s.w.workspaceId)
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const target = await t.database.db
      .selectFrom('sla_targets')
      .select('due_at')
      .where('workspace_id', '=', s.w.workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', 'first_response')
      .executeTakeFirstOrThrow();
    expect(target.due_at).toBeInstanceOf(Date);
    const number = Number(conversation.number);
    expect(ack!.parsed.subject).toBe(`Re: Pedido 1234 [#${number}]`);
    expect(ack!.parsed.inReplyTo).toBe(first.messageId);
    expect(ack!.parsed.text).toContain(`el número #${number}`);
    expect(ack!.parsed.text).toContain(
      `a más tardar el ${formatDue(target.due_at!, 'es', 'Europe/Madrid')}`,
    );
    expect(ack!.parsed.text).toMatch(/\n-- \nAcme Support/);
    expect(header(ack!, 'x-auto-response-suppress')).toBe('All');

    // A second email in the same conversation, and the job run again, send nothing more.
    await receive(
      s,
      rawEmail({
        from: client,
        to: s.mailbox.address,
        subject: `Re: Pedido 1234 [#${number}]`,
        body: 'Lo olvidé: es urgente.',
        inReplyTo: ack!.parsed.messageId,
      }),
    );
    const again = await acknowledgeRequest(
      { db: t.database.db, secrets: t.secrets, now: () => new Date(), log: t.app.log },
      { workspaceId: s.w.workspaceId, conversationId },
    );
    expect(again).toEqual({ sent: false, reason: 'already sent' });
    expect(ackTo(s.capture, client)).toHaveLength(1);

    // Agents see on the timeline what the client got.
    const events = (
      await s.agent.get(`/api/v1/conversations/${conversationId}/events?limit=50`)
    ).json() as { items: { type: string; data: { to?: string; language?: string } }[] };
    expect(events.items.filter((e) => e.type === 'email.acknowledged')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ to: client, language: 'es' }) }),
    ]);
  });

  it("a known client gets it in their own language, not the mailbox's", async () => {
    const s = await setup({ language: 'es' });
    const client = `ivan-${randomUUID().slice(0, 6)}@client.example`;
    const created = await s.w.admin.post('/api/v1/clients', {
      name: 'Иван Петров',
      emails: [client],
      language: 'ru',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { conversationId } = await receive(
      s,
      rawEmail({ from: client, to: s.mailbox.address, subject: 'Вопрос', body: 'Здравствуйте' }),
    );
    const [ack] = await eventually('the acknowledgement', async () => {
      const found = ackTo(s.capture, client);
      return found.length ? found : undefined;
    });
    const { number } = await t.database.db
      .selectFrom('conversations')
      .select('number')
      .where('workspace_id', '=', s.w.workspaceId)
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(ack!.parsed.text).toContain('Здравствуйте, Иван Петров!');
    expect(ack!.parsed.text).toContain(`присвоили ему номер #${number}`);
    expect(ack!.parsed.text).toContain('Срок ответа:');
  });

  it('is never sent to auto-replies, bounces or mailing lists', async () => {
    const s = await setup();
    const cases = [
      ['Auto-Submitted: auto-replied'],
      ['X-Autoreply: yes'],
      ['Precedence: bulk'],
      ['List-Id: <news.client.example>'],
    ];
    const conversations: string[] = [];
    for (const headers of cases) {
      const from = `robot-${randomUUID().slice(0, 6)}@client.example`;
      const { conversationId } = await receive(
        s,
        rawEmail({ from, to: s.mailbox.address, subject: 'Out of office', body: 'Away.', headers }),
      );
      conversations.push(conversationId);
    }
    const bounce = [
      'From: Mail Delivery System <mailer-daemon@client.example>',
      `To: ${s.mailbox.address}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@client.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.client.example',
      '',
      'Final-Recipient: rfc822; nobody@client.example',
      'Action: failed',
      'Status: 5.1.1',
      '--b--',
      '',
    ].join('\r\n');
    conversations.push(
      (await receive(s, { raw: Buffer.from(bounce), messageId: '' })).conversationId,
    );

    // Asked directly (as a retried or stray job would), each one refuses and says why.
    for (const conversationId of conversations) {
      const outcome = await acknowledgeRequest(
        { db: t.database.db, secrets: t.secrets, now: () => new Date(), log: t.app.log },
        { workspaceId: s.w.workspaceId, conversationId },
      );
      expect(outcome).toEqual({ sent: false, reason: expect.not.stringMatching(/already sent/) });
    }
    expect(s.capture.attempts).toBe(0);
  });

  it('waits for a server that is down and then goes, once', async () => {
    const s = await setup();
    const port = s.capture.port;
    await s.capture.close();
    const client = `later-${randomUUID().slice(0, 6)}@client.example`;
    const { conversationId } = await receive(
      s,
      rawEmail({ from: client, to: s.mailbox.address, subject: 'Hello', body: 'Anyone there?' }),
    );
    // The first attempt fails and leaves the claim to the retry.
    await eventually('a failed attempt', async () => {
      const row = await t.database.db
        .selectFrom('email_acknowledgements')
        .select(['state', 'claimed_at'])
        .where('workspace_id', '=', s.w.workspaceId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row?.state === 'sending' && row.claimed_at.getTime() === 0 ? row : undefined;
    });
    const back = await startSmtpCapture({ auth: SMTP_AUTH, port });
    captures.push(back);
    const [ack] = await back.waitFor(1);
    expect(ack!.envelope.to).toEqual([client]);
    const row = await eventually('the acknowledgement to be marked sent', async () => {
      const r = await t.database.db
        .selectFrom('email_acknowledgements')
        .select(['state', 'message_id_header'])
        .where('workspace_id', '=', s.w.workspaceId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow();
      return r.state === 'sent' ? r : undefined;
    });
    expect(ack!.parsed.messageId).toBe(`<${row.message_id_header}>`);
    expect(back.messages).toHaveLength(1);
  });
});
