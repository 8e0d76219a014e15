import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { createMailbox } from '../../features/mailboxes/mailbox.service.ts';
import { startJobRunner, type JobDefinition, type JobRunner } from '../../jobs/job-runner.ts';
import { ingestInboundEmail, emailIngestJob } from './ingest.job.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';
import { startSmtpCapture, type SmtpCapture } from '../../../../test/smtp-capture.ts';
import { storeRawInbound } from './inbound.repo.ts';
import { acknowledgeRequest } from './outbound/acknowledge.ts';
import { parseEmail } from './parse/index.ts';
import { startSmtpListener, type SmtpListener } from './smtp-listener.ts';

// A real SMTP client (nodemailer) talks to the listener over loopback; a real
// pg-boss runner ingests what it stored.

let t: TestApp;
let runner: JobRunner;
let smtp: SmtpListener;
const schema = `pgboss_emailin_${randomUUID().slice(0, 8)}`;
const acknowledged: unknown[] = [];
const acknowledgeStandIn: JobDefinition = {
  name: EMAIL_ACKNOWLEDGE_JOB,
  async handle(_deps, data) {
    acknowledged.push(data);
  },
};

beforeAll(async () => {
  t = await startTestApp();
  runner = await startJobRunner({
    database: t.database,
    log: t.app.log,
    now: () => new Date(),
    files: t.app.files.storage,
    schema,
    pollingIntervalSeconds: 0.5,
    definitions: [emailIngestJob, acknowledgeStandIn],
  });
  smtp = await startSmtpListener({
    db: t.database.db,
    jobs: runner,
    port: 0,
    sizeLimitBytes: 64 * 1024,
    log: t.app.log,
  });
}, 60_000);
const captures: SmtpCapture[] = [];
afterAll(async () => {
  for (const c of captures) await c.close().catch(() => {});
  await smtp?.close();
  await runner?.stop();
  if (t.database.kind === 'postgres')
    await t.database.exec(`drop schema if exists ${schema} cascade`);
  await t.close();
});

const transport = () =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  });

async function setUp() {
  const w = await newWorkspace(t);
  const address = `help-${randomUUID().slice(0, 8)}@rapport.test`;
  const mailbox = await createMailbox(w.ctx, {
    name: 'Help',
    address,
    default_team_id: null,
    default_language: 'ro',
    signature: '',
    smtp: null,
    imap: null,
    active: true,
  });
  return { w, address, mailbox };
}

const processed = (workspaceId: string, id: string) =>
  eventually(`inbound email ${id} processed`, async () => {
    const row = await t.database.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && row.status !== 'received' ? row : undefined;
  });

const idOf = (response: string) => /stored as (\d+)/.exec(response)![1]!;

describe('inbound SMTP', () => {
  it('refuses unknown recipients (550) and too large messages (552)', async () => {
    const { address } = await setUp();
    await expect(
      transport().sendMail({
        from: 'a@client.test',
        to: `nobody-${randomUUID()}@rapport.test`,
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      transport().sendMail({
        from: 'a@client.test',
        to: address,
        subject: 'big',
        text: 'x'.repeat(100 * 1024),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('stores, ingests and threads: new client, reply by In-Reply-To, by [#number], by subject', async () => {
    const { w, address } = await setUp();
    const from = `Ana Pop <ana-${randomUUID().slice(0, 8)}@client.test>`;
    const first = await transport().sendMail({
      from,
      to: address,
      subject: 'Comanda 42 nu a sosit',
      text: 'Bună ziua, comanda mea nu a sosit.',
      messageId: `<first-${randomUUID()}@client.test>`,
    });
    const row = await processed(w.workspaceId, idOf(first.response));
    expect(row.status).toBe('processed');
    const conversation = await t.database.db
      .selectFrom('conversations')
      .innerJoin('clients', (j) =>
        j
          .onRef('clients.workspace_id', '=', 'conversations.workspace_id')
          .onRef('clients.id', '=', 'conversations.client_id'),
      )
      .select(['conversations.id', 'conversations.number', 'clients.name', 'clients.language'])
      .where('conversations.workspace_id', '=', w.workspaceId)
      .where('conversations.id', '=', row.conversation_id!)
      .executeTakeFirstOrThrow();
    expect(conversation.name).toBe('Ana Pop');
    // A new conversation from a person queues its acknowledgement (run by the real runner).
    await eventually('the acknowledgement job', async () =>
      acknowledged.find(
        (a) => (a as { conversationId: string }).conversationId === conversation.id,
      ),
    );

    const reply = await transport().sendMail({
      from,
      to: address,
      subject: 'Something else entirely',
      text: 'Any news?',
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    const byHeader = await processed(w.workspaceId, idOf(reply.response));
    expect(byHeader.conversation_id).toBe(conversation.id);

    const byNumber = await transport().sendMail({
      from,
      to: address,
      subject: `Other words [#${conversation.number}]`,
      text: 'Still waiting.',
    });
    expect((await processed(w.workspaceId, idOf(byNumber.response))).conversation_id).toBe(
      conversation.id,
    );

    const bySubject = await transport().sendMail({
      from,
      to: address,
      subject: 'Răspuns: RE: Comanda 42 nu a sosit',
      text: 'Hello?',
    });
    expect((await processed(w.workspaceId, idOf(bySubject.response))).conversation_id).toBe(
      conversation.id,
    );

    const fresh = await transport().sendMail({
      from,
      to: address,
      subject: 'A new question',
      text: 'Another topic.',
    });
    expect((await processed(w.workspaceId, idOf(fresh.response))).conversation_id).not.toBe(
      conversation.id,
    );
  });

  it('the same Message-ID twice and a job run twice store one message; auto-replies get no acknowledgement', async () => {
    const { w, address, mailbox } = await setUp();
    const messageId = `<dup-${randomUUID()}@client.test>`;
    const send = () =>
      transport().sendMail({
        from: 'bob@client.test',
        to: address,
        subject: 'Twice',
        text: 'Same message',
        messageId,
      });
    const a = await processed(w.workspaceId, idOf((await send()).response));
    const b = await processed(w.workspaceId, idOf((await send()).response));
    expect(b.message_id).toBe(a.message_id);
    const count = await t.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', w.workspaceId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    // The job run again by hand (a retry after a crash) changes nothing; the queue
    // passed here shows which jobs a new conversation queues.
    const queued: { name: string; data: object }[] = [];
    const jobs = {
      async sendWith(_db: unknown, name: string, data: object) {
        queued.push({ name, data });
      },
    };
    const deps = { database: t.database, log: t.app.log, now: () => new Date(), jobs };
    await ingestInboundEmail(deps, w.workspaceId, a.id);
    expect(queued).toEqual([]);

    const human = await storeRawInbound(
      t.database.db,
      {
        workspaceId: w.workspaceId,
        mailboxId: mailbox.id,
        source: 'imap',
        raw: Buffer.from(
          `From: Carla <carla@client.test>\r\nTo: ${address}\r\nSubject: Hello\r\nMessage-ID: <h-${randomUUID()}@client.test>\r\n\r\nA question.\r\n`,
        ),
      },
      jobs,
    );
    await ingestInboundEmail(deps, w.workspaceId, human.id);
    await ingestInboundEmail(deps, w.workspaceId, human.id);
    expect(queued.filter((q) => q.name === EMAIL_ACKNOWLEDGE_JOB)).toHaveLength(1);

    const auto = await storeRawInbound(
      t.database.db,
      {
        workspaceId: w.workspaceId,
        mailboxId: mailbox.id,
        source: 'imap',
        raw: Buffer.from(
          `From: Dan <dan@client.test>\r\nTo: ${address}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <o-${randomUUID()}@client.test>\r\n\r\nI am away.\r\n`,
        ),
      },
      jobs,
    );
    await ingestInboundEmail(deps, w.workspaceId, auto.id);
    const autoRow = await processed(w.workspaceId, auto.id);
    expect(autoRow.status).toBe('processed');
    expect(autoRow.message_id).not.toBeNull();
    expect(queued.filter((q) => q.name === EMAIL_ACKNOWLEDGE_JOB)).toHaveLength(1);
  });
});

type Mail = Parameters<ReturnType<typeof transport>['sendMail']>[0];

async function send(mail: Mail) {
  const info = await transport().sendMail(mail);
  return { messageId: info.messageId, id: idOf(info.response) };
}

/** The conversation an email sent to the listener ended in, once ingested. */
async function conversationOf(workspaceId: string, mail: Mail) {
  const { id, messageId } = await send(mail);
  const row = await processed(workspaceId, id);
  expect(row.status, row.error ?? '').toBe('processed');
  return { conversationId: row.conversation_id!, messageId };
}

const conversationRow = (workspaceId: string, id: string) =>
  t.database.db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('one email to two mailboxes of a workspace', () => {
  it('is stored for each (one SMTP transaction) and ingested as one message', async () => {
    const { w, address } = await setUp();
    const second = await createMailbox(w.ctx, {
      name: 'Sales',
      address: `sales-${randomUUID().slice(0, 8)}@rapport.test`,
      default_team_id: null,
      default_language: 'en',
      signature: '',
      smtp: null,
      imap: null,
      active: true,
    });
    const info = await transport().sendMail({
      from: `both-${randomUUID().slice(0, 8)}@client.test`,
      to: [address, second.address],
      subject: 'To both of you',
      text: 'Whoever answers first.',
    });
    const ids = /stored as (\d+),(\d+)/.exec(info.response)!.slice(1);
    // Ingested at once by two workers, the copies race for the Message-ID; the loser's
    // retry finds the winner's message.
    const rows = [];
    for (const id of ids) rows.push(await processed(w.workspaceId, id!));
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed']);
    expect(rows[0]!.message_id).toBe(rows[1]!.message_id);
    const count = await t.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', w.workspaceId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

describe('inline images', () => {
  it('keep their Content-ID, so the HTML finds its image whatever the file is called', async () => {
    const { w, address } = await setUp();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
      'base64',
    );
    const info = await transport().sendMail({
      from: `logo-${randomUUID().slice(0, 8)}@client.test`,
      to: address,
      subject: 'Our logo is broken on the invoice',
      text: 'See the picture.',
      html: '<p>See: <img src="cid:part1.0A1B2C3D@client.test" alt="logo"></p>',
      attachments: [
        { filename: 'image001.png', content: png, cid: 'part1.0A1B2C3D@client.test' },
        { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4\n') },
      ],
    });
    const row = await processed(w.workspaceId, idOf(info.response));
    expect(row.status).toBe('processed');
    const res = await w.admin.get(`/api/v1/conversations/${row.conversation_id}/messages`);
    expect(res.statusCode, res.body).toBe(200);
    const [message] = res.json().items as {
      body_html: string;
      attachments: { filename: string; content_id: string | null }[];
    }[];
    expect(message!.body_html).toContain('cid:part1.0A1B2C3D@client.test');
    const byName = Object.fromEntries(message!.attachments.map((a) => [a.filename, a.content_id]));
    expect(byName).toEqual({ 'image001.png': 'part1.0A1B2C3D@client.test', 'invoice.pdf': null });
  });
});

describe('an email that keeps failing', () => {
  it('is marked failed (raw kept) after 10 attempts instead of being retried for ever', async () => {
    const { w, mailbox, address } = await setUp();
    const jobs = { sendWith: async () => undefined };
    const stored = await storeRawInbound(
      t.database.db,
      {
        workspaceId: w.workspaceId,
        mailboxId: mailbox.id,
        source: 'smtp',
        raw: Buffer.from(
          `From: x@client.test\r\nTo: ${address}\r\nSubject: Poison\r\n\r\nBody\r\n`,
        ),
      },
      jobs,
    );
    // Ten earlier attempts died with their process (nothing recorded but the count).
    await t.database.db
      .updateTable('inbound_emails')
      .set({ attempts: 10 })
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', stored.id)
      .execute();
    const deps = { database: t.database, log: t.app.log, now: () => new Date(), jobs };
    await ingestInboundEmail(deps, w.workspaceId, stored.id);
    const row = await processed(w.workspaceId, stored.id);
    expect(row).toMatchObject({ status: 'failed', message_id: null, attempts: 11 });
    expect(row.error).toMatch(/gave up after 10 attempts/);
    expect(row.raw.length).toBeGreaterThan(0);
  });
});

describe('threading of inbound email', () => {
  it('References alone and a reply to the acknowledgement thread; a closed conversation does not take replies', async () => {
    const { w, address } = await setUp();
    const from = `ref-${randomUUID().slice(0, 8)}@client.test`;
    const first = await conversationOf(w.workspaceId, {
      from,
      to: address,
      subject: 'Broken kettle',
      text: 'It leaks.',
    });
    const second = await conversationOf(w.workspaceId, {
      from,
      to: address,
      subject: 'Photos',
      text: 'Here is more.',
      references: [`<unknown-${randomUUID()}@elsewhere.test>`, first.messageId],
    });
    expect(second.conversationId).toBe(first.conversationId);

    // Once closed, a reply by Message-ID opens a new request rather than reviving it.
    await t.database.db
      .updateTable('conversations')
      .set({ status: 'closed' })
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', first.conversationId)
      .execute();
    const afterClose = await conversationOf(w.workspaceId, {
      from,
      to: address,
      subject: 'Re: Broken kettle',
      text: 'It leaks again.',
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    expect(afterClose.conversationId).not.toBe(first.conversationId);
  });

  it("a reply naming only the acknowledgement's Message-ID threads into its request", async () => {
    const { w } = await setUp();
    const capture = await startSmtpCapture();
    captures.push(capture);
    const created = await w.admin.post('/api/v1/mailboxes', {
      name: 'Ack',
      address: `ack-${randomUUID().slice(0, 8)}@rapport.test`,
      smtp: { host: capture.host, port: capture.port, secure: false },
    });
    expect(created.statusCode, created.body).toBe(201);
    const address = (created.json() as { address: string }).address;
    const from = `acked-${randomUUID().slice(0, 8)}@client.test`;
    const sent = await send({ from, to: address, subject: 'Invoice copy', text: 'Please.' });
    const row = await processed(w.workspaceId, sent.id);
    const ack = await acknowledgeRequest(
      { db: t.database.db, secrets: t.secrets, now: () => new Date(), log: t.app.log },
      { workspaceId: w.workspaceId, conversationId: row.conversation_id!, inboundEmailId: row.id },
    );
    expect(ack).toMatchObject({ sent: true });
    const ackId = (ack as { messageId: string }).messageId;
    expect((await capture.waitFor(1))[0]!.parsed.messageId).toBe(`<${ackId}>`);
    const reply = await conversationOf(w.workspaceId, {
      from,
      to: address,
      subject: 'thanks',
      text: 'Got it.',
      inReplyTo: `<${ackId}>`,
    });
    expect(reply.conversationId).toBe(row.conversation_id);
  });

  it("[#number] of another client's request, another workspace's Message-ID and an old subject do not thread", async () => {
    const { w, address } = await setUp();
    const ana = `ana-${randomUUID().slice(0, 8)}@client.test`;
    const eve = `eve-${randomUUID().slice(0, 8)}@client.test`;
    const anas = await conversationOf(w.workspaceId, {
      from: ana,
      to: address,
      subject: 'Refund for order 7',
      text: 'Please refund.',
    });
    const number = (await conversationRow(w.workspaceId, anas.conversationId)).number;
    const guessed = await conversationOf(w.workspaceId, {
      from: eve,
      to: address,
      subject: `Re: Refund for order 7 [#${number}]`,
      text: 'Refund me instead.',
    });
    expect(guessed.conversationId).not.toBe(anas.conversationId);

    // The same client writing to another workspace's mailbox, quoting this workspace's Message-ID.
    const other = await setUp();
    const elsewhere = await conversationOf(other.w.workspaceId, {
      from: ana,
      to: other.address,
      subject: 'Refund for order 7',
      text: 'Asking here too.',
      inReplyTo: anas.messageId,
      references: [anas.messageId],
    });
    expect(elsewhere.conversationId).not.toBe(anas.conversationId);
    expect((await conversationRow(other.w.workspaceId, elsewhere.conversationId)).id).toBe(
      elsewhere.conversationId,
    );

    // Same subject within the window threads; after 7 quiet days it is a new request.
    const sameSubject = await conversationOf(w.workspaceId, {
      from: ana,
      to: address,
      subject: 'RE: Refund for order 7',
      text: 'Any news?',
    });
    expect(sameSubject.conversationId).toBe(anas.conversationId);
    await t.database.db
      .updateTable('conversations')
      .set({ last_message_at: new Date(Date.now() - 8 * 24 * 3600_000) })
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', anas.conversationId)
      .execute();
    const late = await conversationOf(w.workspaceId, {
      from: ana,
      to: address,
      subject: 'RE: Refund for order 7',
      text: 'Still nothing.',
    });
    expect(late.conversationId).not.toBe(anas.conversationId);
  });
});

const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/email',
);

describe('the email corpus through the listener', () => {
  it('stores and ingests every email (none fails), keeps nothing hostile and acknowledges no automatic mail', async () => {
    const { w, address } = await setUp();
    const expectations = JSON.parse(
      fs.readFileSync(path.join(CORPUS, 'expectations.json'), 'utf8'),
    ) as Record<string, { auto_reply?: string | null; subject: string }>;
    const files = Object.keys(expectations).sort();
    // Which of them the parser takes for automatic mail (checked against expectations.json
    // by the corpus test).
    const autoFiles = new Set<string>();
    for (const file of files) {
      const parsed = await parseEmail(fs.readFileSync(path.join(CORPUS, file)));
      if (parsed.autoReply) autoFiles.add(file);
    }
    const ids: string[] = [];
    for (const file of files) {
      const info = await transport().sendMail({
        envelope: { from: 'mta@relay.test', to: [address] },
        raw: fs.readFileSync(path.join(CORPUS, file)),
      });
      ids.push(idOf(info.response));
    }
    const rows = [];
    for (const [i, file] of files.entries()) {
      rows.push({ file, row: await processed(w.workspaceId, ids[i]!) });
    }
    for (const { file, row } of rows) {
      expect([file, row.status, row.error]).toEqual([file, 'processed', null]);
    }
    const stored = await t.database.db
      .selectFrom('messages')
      .select(['id', 'body_html', 'body_text'])
      .where('workspace_id', '=', w.workspaceId)
      .execute();
    expect(stored).toHaveLength(files.length);
    for (const m of stored) {
      expect(m.body_text.trim()).not.toBe('');
      expect(m.body_html ?? '').not.toMatch(
        /<script|<iframe|<object|<embed|<form|<svg|javascript:|\bdata:|\son\w+="|expression\(|url\(/i,
      );
    }
    // Exactly the emails a person wrote that opened a request are acknowledged.
    const firstMessages = new Set(
      (
        await t.database.db
          .selectFrom('messages')
          .select((eb) => eb.fn.min('id').as('id'))
          .where('workspace_id', '=', w.workspaceId)
          .groupBy('conversation_id')
          .execute()
      ).map((m) => String(m.id)),
    );
    const expected = rows
      .filter(({ file, row }) => firstMessages.has(row.message_id!) && !autoFiles.has(file))
      .map(({ row }) => row.id)
      .sort();
    expect(expected.length).toBeGreaterThan(20);
    for (const file of Object.keys(expectations)) {
      if (expectations[file]!.auto_reply) expect(autoFiles.has(file), file).toBe(true);
    }
    const acknowledgedHere = () =>
      acknowledged
        .filter((a) => (a as { workspaceId: string }).workspaceId === w.workspaceId)
        .map((a) => (a as { inboundEmailId: string }).inboundEmailId)
        .sort();
    await eventually('the acknowledgements', async () =>
      acknowledgedHere().length >= expected.length ? true : undefined,
    );
    expect(acknowledgedHere()).toEqual(expected);
  });
});
