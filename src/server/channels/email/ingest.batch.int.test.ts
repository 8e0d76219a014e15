import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import type { JobQueue } from '../../context.ts';
import { createMailbox } from '../../features/mailboxes/mailbox.service.ts';
import { startJobRunner, type JobRunner } from '../../jobs/job-runner.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { storeRawInbound, storeRawInbounds } from './inbound.repo.ts';
import { ingestInboundEmails } from './ingest.batch.ts';
import { ingestInboundEmail } from './ingest.email.ts';
import { emailIngestJob } from './ingest.job.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';

// A batch of stored emails ingested in one transaction (ingest.batch.ts) gives what
// ingesting them one by one gives, and a batch that fails loses nothing: its emails
// are ingested one by one, and those that still fail are retried by their jobs.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(() => t.close());

/** A job queue that records what is queued (sendManyWith when many is set). */
function recordingJobs(options: { many?: boolean; failMany?: boolean; failOne?: boolean } = {}) {
  const queued: { name: string; data: Record<string, string> }[] = [];
  const jobs: JobQueue = {
    async sendWith(_db, name, data) {
      if (options.failOne) throw new Error('the queue is gone');
      queued.push({ name, data: data as Record<string, string> });
    },
    ...(options.many
      ? {
          async sendManyWith(_db, name, data) {
            if (options.failMany) throw new Error('the queue is gone');
            for (const d of data) queued.push({ name, data: d as Record<string, string> });
          },
        }
      : {}),
  };
  return { jobs, queued };
}

interface Mail {
  from?: string;
  subject: string;
  text: string;
  id?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: string[];
  attachment?: { filename: string; content: string };
}

/** An RFC 5322 message as a sending server delivers it. */
function raw(to: string, m: Mail): Buffer {
  const head = [
    ...(m.from ? [`From: ${m.from}`] : []),
    `To: ${to}`,
    `Subject: ${m.subject}`,
    ...(m.id ? [`Message-ID: <${m.id}>`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
  ];
  if (!m.attachment) {
    return Buffer.from(
      [...head, 'Content-Type: text/plain; charset=utf-8', '', m.text, ''].join('\r\n'),
    );
  }
  const b = `b-${randomUUID()}`;
  return Buffer.from(
    [
      ...head,
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      m.text,
      `--${b}`,
      `Content-Type: text/plain; name="${m.attachment.filename}"`,
      `Content-Disposition: attachment; filename="${m.attachment.filename}"`,
      '',
      m.attachment.content,
      `--${b}--`,
      '',
    ].join('\r\n'),
  );
}

async function setUp() {
  const w = await newWorkspace(t);
  const address = `help-${randomUUID().slice(0, 8)}@rapport.test`;
  const mailbox = await createMailbox(w.ctx, {
    name: 'Help',
    address,
    default_team_id: null,
    default_language: 'en',
    signature: '',
    smtp: null,
    imap: null,
    active: true,
  });
  /** Stores the emails (queueing nothing) and returns their inbound ids, in order. */
  const store = async (mails: Mail[]) => {
    const ids: string[] = [];
    for (const m of mails) {
      const { id } = await storeRawInbound(
        t.database.db,
        { workspaceId: w.workspaceId, mailboxId: mailbox.id, source: 'smtp', raw: raw(address, m) },
        { sendWith: async () => null },
      );
      ids.push(id);
    }
    return ids;
  };
  return { w, address, mailbox, store };
}

/** Statements sent through the deps' database, and the warnings logged (a batch falling back). */
const seen = { statements: 0, warnings: [] as string[] };
const counting: KyselyPlugin = {
  transformQuery(args) {
    seen.statements++;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

const deps = (jobs: JobQueue, files?: FileStorage) => ({
  database: { ...t.database, db: t.database.db.withPlugin(counting) },
  log: { ...t.app.log, warn: (_o: object, m: string) => void seen.warnings.push(m) } as never,
  now: () => new Date(),
  jobs,
  files: files ?? t.app.files.storage,
});

beforeEach(() => {
  seen.statements = 0;
  seen.warnings = [];
});

async function inboundRows(w: TestWorkspace, ids: string[]) {
  const rows = await t.database.db
    .selectFrom('inbound_emails')
    .select(['id', 'status', 'error', 'attempts', 'conversation_id', 'message_id'])
    .where('workspace_id', '=', w.workspaceId)
    .where('id', 'in', ids)
    .execute();
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

async function count(w: TestWorkspace, table: 'messages' | 'conversations' | 'clients') {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', w.workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const uid = () => randomUUID().slice(0, 8);

describe('a batch of emails', () => {
  it('from one new sender makes one client and one conversation, numbered, acknowledged once', async () => {
    const { w, store } = await setUp();
    const sender = `Ana Pop <ana-${uid()}@client.test>`;
    const first = `k1-${uid()}@client.test`;
    const ids = await store([
      { from: sender, subject: 'Kettle broken', text: 'It leaks.', id: first },
      // A follow-up by subject, then a reply by In-Reply-To under another subject.
      { from: sender, subject: 'Re: Kettle broken', text: 'Any news?', id: `k2-${uid()}@c.test` },
      {
        from: sender,
        subject: 'Photos',
        text: 'Here they are.',
        id: `k3-${uid()}@c.test`,
        inReplyTo: first,
      },
    ]);
    const { jobs, queued } = recordingJobs({ many: true });
    expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());
    expect(seen.warnings).toEqual([]);

    const rows = await inboundRows(w, ids);
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(3);
    expect(await count(w, 'clients')).toBe(1);
    expect(await count(w, 'conversations')).toBe(1);
    const conversation = await t.database.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({
      number: 1,
      status: 'new',
      message_count: 3,
      last_excerpt: 'Here they are.',
      subject: 'Kettle broken',
    });
    expect(conversation.sla_due_at).not.toBeNull();
    const events = await t.database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', 'in', ['conversation.created', 'client.created'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['client.created', 'conversation.created']);
    expect(events[1]!.data).toMatchObject({ after: { number: 1, subject: 'Kettle broken' } });
    // Messages in the order they arrived.
    const messages = await t.database.db
      .selectFrom('messages')
      .select(['id', 'body_text'])
      .where('workspace_id', '=', w.workspaceId)
      .orderBy('id')
      .execute();
    expect(messages.map((m) => m.body_text)).toEqual(['It leaks.', 'Any news?', 'Here they are.']);
    expect(queued).toEqual([
      {
        name: EMAIL_ACKNOWLEDGE_JOB,
        data: {
          workspaceId: w.workspaceId,
          conversationId: conversation.id,
          inboundEmailId: ids[0],
        },
      },
    ]);
  });

  it('stores a Message-ID once, whether it is twice in the batch or was stored before', async () => {
    const { w, store } = await setUp();
    const earlier = `e-${uid()}@client.test`;
    const twice = `t-${uid()}@client.test`;
    const { jobs } = recordingJobs({ many: true });
    const [before] = await store([
      { from: `bob-${uid()}@client.test`, subject: 'Earlier', text: 'First.', id: earlier },
    ]);
    await ingestInboundEmails(deps(jobs), w.workspaceId, [before!]);
    const ids = await store([
      { from: `carla-${uid()}@client.test`, subject: 'Twice', text: 'Same.', id: twice },
      {
        from: `dan-${uid()}@client.test`,
        subject: 'Once',
        text: 'Other.',
        id: `o-${uid()}@c.test`,
      },
      { from: `carla-${uid()}@client.test`, subject: 'Twice', text: 'Same.', id: twice },
      { from: `bob-${uid()}@client.test`, subject: 'Earlier', text: 'First.', id: earlier },
    ]);
    // The same email in the batch twice (its job queued twice) is ingested once.
    expect(await ingestInboundEmails(deps(jobs), w.workspaceId, [...ids, ids[0]!])).toEqual(
      new Map(),
    );
    expect(seen.warnings).toEqual([]);
    const rows = await inboundRows(w, [before!, ...ids]);
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('processed'));
    expect(rows[3]!.message_id).toBe(rows[1]!.message_id);
    expect(rows[4]!.message_id).toBe(rows[0]!.message_id);
    expect(await count(w, 'messages')).toBe(3);
    expect(await count(w, 'conversations')).toBe(3);
    const attempts = rows.map((r) => r.attempts);
    expect(attempts).toEqual([1, 1, 1, 1, 1]);
  });

  it('ingests the others when one email is unreadable, has no sender or fails', async () => {
    const { w, mailbox, store } = await setUp();
    let failing = true;
    const files: FileStorage = {
      put: async (key: string, content: Readable) => {
        if (failing) throw new Error('the disk is full');
        return t.app.files.storage.put(key, content);
      },
      read: (key) => t.app.files.storage.read(key),
      remove: (key) => t.app.files.storage.remove(key),
    };
    const ids = await store([
      { from: `a-${uid()}@client.test`, subject: 'One', text: 'Fine.', id: `1-${uid()}@c.test` },
      // No sender at all: kept, ignored.
      { subject: 'Who am I', text: 'Nobody.', id: `2-${uid()}@c.test` },
      {
        from: `b-${uid()}@client.test`,
        subject: 'Invoice',
        text: 'Attached.',
        id: `3-${uid()}@c.test`,
        attachment: { filename: 'invoice.txt', content: 'Total 10' },
      },
      { from: `c-${uid()}@client.test`, subject: 'Three', text: 'Fine.', id: `4-${uid()}@c.test` },
    ]);
    // Binary junk as a message: no headers, no sender.
    const { id: junk } = await storeRawInbound(
      t.database.db,
      {
        workspaceId: w.workspaceId,
        mailboxId: mailbox.id,
        source: 'smtp',
        raw: Buffer.from([0, 159, 146, 150, 255, 10, 13, 10, 0, 1, 2]),
      },
      { sendWith: async () => null },
    );
    const all = [...ids, junk];
    const { jobs, queued } = recordingJobs({ many: true });
    const errors = await ingestInboundEmails(deps(jobs, files), w.workspaceId, all);
    expect(seen.warnings).toHaveLength(1);
    // The attachment's store failed, in the batch and again alone: only that email fails.
    expect([...errors.keys()]).toEqual([ids[2]]);
    let rows = await inboundRows(w, all);
    expect(rows.map((r) => r.status)).toEqual([
      'processed',
      'ignored',
      'received',
      'processed',
      'ignored',
    ]);
    expect(rows[2]!.error).toMatch(/the disk is full/);
    expect(await count(w, 'messages')).toBe(2);
    expect(queued.map((q) => q.data.inboundEmailId)).toEqual([ids[0], ids[3]]);

    // Its job runs again and finds the disk back.
    failing = false;
    expect(await ingestInboundEmails(deps(jobs, files), w.workspaceId, [ids[2]!])).toEqual(
      new Map(),
    );
    rows = await inboundRows(w, all);
    expect(rows[2]).toMatchObject({ status: 'processed', attempts: 2 });
    expect(await count(w, 'messages')).toBe(3);
    const attachments = await t.database.db
      .selectFrom('attachments')
      .select('filename')
      .where('workspace_id', '=', w.workspaceId)
      .where('message_id', '=', rows[2]!.message_id)
      .execute();
    expect(attachments).toEqual([{ filename: 'invoice.txt' }]);
  });

  it('that fails after writing rolls back whole, and one by one stores each email once', async () => {
    const { w, store } = await setUp();
    const sender = `eve-${uid()}@client.test`;
    const first = `f-${uid()}@client.test`;
    const ids = await store([
      { from: sender, subject: 'Refund', text: 'Please.', id: first },
      { from: sender, subject: 'Re: Refund', text: 'Hello?', id: `r-${uid()}@c.test` },
      { from: `fay-${uid()}@client.test`, subject: 'Other', text: 'x', id: `x-${uid()}@c.test` },
    ]);
    // The acknowledgements are queued last in the batch's transaction: failing there
    // throws after every conversation and message of the batch was written.
    const { jobs, queued } = recordingJobs({ many: true, failMany: true });
    expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());
    expect(seen.warnings).toHaveLength(1);
    const rows = await inboundRows(w, ids);
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(rows[1]!.conversation_id).toBe(rows[0]!.conversation_id);
    expect(await count(w, 'messages')).toBe(3);
    expect(await count(w, 'conversations')).toBe(2);
    expect(await count(w, 'clients')).toBe(2);
    // The numbers the rolled-back batch took were given back.
    const numbers = await t.database.db
      .selectFrom('conversations')
      .select('number')
      .where('workspace_id', '=', w.workspaceId)
      .orderBy('number')
      .execute();
    expect(numbers.map((n) => n.number)).toEqual([1, 2]);
    expect(queued).toHaveLength(2);
  });

  it('interrupted with nothing stored (a crash) is all there after its jobs run again', async () => {
    const { w, store } = await setUp();
    const ids = await store(
      [1, 2, 3].map((n) => ({
        from: `g${n}-${uid()}@client.test`,
        subject: `Crash ${n}`,
        text: 'x',
        id: `c${n}-${uid()}@c.test`,
      })),
    );
    // Nothing can be queued (say the connection died): the batch and each email alone fail.
    const broken = recordingJobs({ many: true, failMany: true, failOne: true });
    const errors = await ingestInboundEmails(deps(broken.jobs), w.workspaceId, ids);
    expect([...errors.keys()].sort()).toEqual([...ids].sort());
    expect(await count(w, 'messages')).toBe(0);
    expect((await inboundRows(w, ids)).map((r) => r.status)).toEqual(Array(3).fill('received'));

    const { jobs } = recordingJobs({ many: true });
    expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());
    expect((await inboundRows(w, ids)).map((r) => r.status)).toEqual(Array(3).fill('processed'));
    expect(await count(w, 'messages')).toBe(3);
    expect(await count(w, 'conversations')).toBe(3);
  });
});

describe('the statements of a batch', () => {
  it('do not grow with the number of emails', async () => {
    const { w, store } = await setUp();
    const statementsFor = async (n: number) => {
      const run = uid();
      const mails: Mail[] = [];
      for (let i = 0; i < n; i++) {
        // New senders, a follow-up of each by subject, a reply of each by In-Reply-To.
        const from = `s${i}-${run}@client.test`;
        mails.push({ from, subject: `Order ${i} ${run}`, text: 'Late.', id: `o${i}-${run}@c.t` });
        mails.push({ from, subject: `Re: Order ${i} ${run}`, text: '?', id: `f${i}-${run}@c.t` });
        mails.push({
          from,
          subject: 'Re: late',
          text: 'Well?',
          id: `r${i}-${run}@c.t`,
          inReplyTo: `o${i}-${run}@c.t`,
        });
      }
      const ids = await store(mails);
      const { jobs } = recordingJobs({ many: true });
      seen.statements = 0;
      expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());
      expect(seen.warnings).toEqual([]);
      return seen.statements;
    };
    const few = await statementsFor(2);
    const many = await statementsFor(30);
    // 90 emails take what 6 take (one by one took about 16 each), give or take the
    // look-ups that only a batch with known senders makes.
    expect(few).toBeLessThanOrEqual(25);
    expect(many).toBeLessThanOrEqual(few + 3);
    expect(await count(w, 'conversations')).toBe(32);
    expect(await count(w, 'messages')).toBe(96);
  });
});

describe('the email.ingest job with real batches', () => {
  let runner: JobRunner | undefined;
  const schema = `pgboss_batch_${uid()}`;
  afterAll(async () => {
    await runner?.stop();
    if (t.database.kind === 'postgres')
      await t.database.exec(`drop schema if exists ${schema} cascade`);
  });

  it('retries the job of an email that failed; the rest of its batch is done at once', async () => {
    const { w, mailbox, address } = await setUp();
    let failures = 0;
    const files: FileStorage = {
      put: async (key, content) => {
        // The first two stores fail: the batch's, then the email's alone.
        if (failures++ < 2) throw new Error('the disk is full');
        return t.app.files.storage.put(key, content);
      },
      read: (key) => t.app.files.storage.read(key),
      remove: (key) => t.app.files.storage.remove(key),
    };
    const warnings: string[] = [];
    const log = {
      info: () => {},
      warn: (_o: object, m: string) => void warnings.push(m),
      error: () => {},
    };
    runner = await startJobRunner({
      database: t.database,
      log: log as never,
      now: () => new Date(),
      files,
      schema,
      pollingIntervalSeconds: 0.5,
      definitions: [{ ...emailIngestJob, retryDelaySeconds: 1, retryBackoff: false }],
    });
    const mails: Mail[] = [1, 2, 3, 4].map((n) => ({
      from: `h${n}-${uid()}@client.test`,
      subject: `Request ${n}`,
      text: 'Hello.',
      id: `j${n}-${uid()}@c.test`,
      ...(n === 3 ? { attachment: { filename: 'a.txt', content: 'A' } } : {}),
    }));
    // Queued in one transaction, so fetched as one batch.
    const ids = await storeRawInbounds(
      t.database.db,
      mails.map((m) => ({
        workspaceId: w.workspaceId,
        mailboxId: mailbox.id,
        source: 'smtp' as const,
        raw: raw(address, m),
      })),
      runner,
    );
    const rows = await eventually('every email ingested', async () => {
      const r = await inboundRows(w, ids);
      return r.every((x) => x.status === 'processed') ? r : undefined;
    });
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 2, 1]);
    expect(warnings).toContain('email.ingest: the batch failed; ingesting its emails one by one');
    expect(await count(w, 'messages')).toBe(4);
    expect(await count(w, 'conversations')).toBe(4);
  });
});

describe('a batch and the same emails one by one', () => {
  it('thread, open, reopen and start clocks alike', async () => {
    // The same emails into two workspaces set up alike: one by one, and as one batch.
    const one = await setUp();
    const batch = await setUp();
    const run = uid();
    const known = `known-${run}@client.test`;
    const answered = `answered-${run}@client.test`;
    const resolved = `resolved-${run}@client.test`;
    const closed = `closed-${run}@client.test`;
    const before: Mail[] = [
      { from: known, subject: 'Order 1', text: 'Where is it?', id: `b1-${run}@c.test` },
      { from: answered, subject: 'Invoice', text: 'Wrong total.', id: `b2-${run}@c.test` },
      { from: resolved, subject: 'Login', text: 'Cannot log in.', id: `b3-${run}@c.test` },
      { from: closed, subject: 'Old thing', text: 'Long ago.', id: `b4-${run}@c.test` },
    ];
    const after: Mail[] = [
      // A known sender: by subject, by [#number], and a new topic.
      { from: known, subject: 'RE: Order 1', text: 'Hello?', id: `a1-${run}@c.test` },
      { from: known, subject: 'About [#1]', text: 'Number.', id: `a2-${run}@c.test` },
      { from: known, subject: 'Something new', text: 'New.', id: `a3-${run}@c.test` },
      // Answered by an agent: the client's message starts the next-response clock.
      { from: answered, subject: 'Re: Invoice', text: 'Thanks, but…', id: `a4-${run}@c.test` },
      { from: answered, subject: 'Re: Invoice', text: 'And also…', id: `a5-${run}@c.test` },
      // Resolved: reopened by the reply (then counters only).
      {
        from: resolved,
        subject: 'Re: Login',
        text: 'Again.',
        id: `a6-${run}@c.test`,
        inReplyTo: `b3-${run}@c.test`,
      },
      { from: resolved, subject: 'Re: Login', text: 'Still.', id: `a7-${run}@c.test` },
      // Closed: a reply opens a new conversation, which the next email by subject joins.
      {
        from: closed,
        subject: 'Re: Old thing',
        text: 'Back.',
        id: `a8-${run}@c.test`,
        inReplyTo: `b4-${run}@c.test`,
      },
      { from: closed, subject: 'Re: Old thing', text: 'Me again.', id: `a9-${run}@c.test` },
      // New senders, a reply within the batch, an auto-reply, a repeat.
      { from: `new1-${run}@client.test`, subject: 'Hi', text: 'One.', id: `n1-${run}@c.test` },
      {
        from: `new2-${run}@client.test`,
        subject: 'Out of office',
        text: 'Away.',
        id: `n2-${run}@c.test`,
        headers: ['Auto-Submitted: auto-replied'],
      },
      {
        from: `new3-${run}@client.test`,
        subject: 'Forwarded',
        text: 'Me too.',
        id: `n3-${run}@c.test`,
        references: [`n1-${run}@c.test`],
      },
      { from: `new1-${run}@client.test`, subject: 'Hi', text: 'One.', id: `n1-${run}@c.test` },
      { subject: 'No sender', text: '?', id: `n4-${run}@c.test` },
    ];

    const snapshots = [];
    for (const [mode, s] of [
      ['one', one],
      ['batch', batch],
    ] as const) {
      const { jobs, queued } = recordingJobs({ many: true });
      for (const id of await s.store(before))
        await ingestInboundEmail(deps(jobs), s.w.workspaceId, id);
      const convs = await conversationsBySubject(s.w);
      // An agent answers the invoice; the login is resolved, the old thing closed.
      const reply = await s.w.admin.post(`/api/v1/conversations/${convs['Invoice']}/messages`, {
        direction: 'outbound',
        body_text: 'We are correcting the total now.',
      });
      expect(reply.statusCode, reply.body).toBe(201);
      for (const [subject, status] of [
        ['Login', 'resolved'],
        ['Old thing', 'closed'],
      ] as const) {
        const res = await s.w.admin.patch(`/api/v1/conversations/${convs[subject]}`, { status });
        expect(res.statusCode, res.body).toBe(200);
      }
      queued.length = 0;
      const ids = await s.store(after);
      if (mode === 'one') {
        for (const id of ids) await ingestInboundEmail(deps(jobs), s.w.workspaceId, id);
      } else {
        expect(await ingestInboundEmails(deps(jobs), s.w.workspaceId, ids)).toEqual(new Map());
      }
      snapshots.push(await snapshot(s.w, ids, queued));
    }
    expect(snapshots[1]).toEqual(snapshots[0]);
    // And it is what threading promises.
    const [snap] = snapshots;
    const where = snap!.emails.map((e) => e.conversation);
    expect(where.slice(0, 3)).toEqual(['Order 1', 'Order 1', 'Something new']);
    expect(where.slice(3, 7)).toEqual(['Invoice', 'Invoice', 'Login', 'Login']);
    expect(where.slice(7, 9)).toEqual(['Re: Old thing', 'Re: Old thing']);
    expect(where.slice(9)).toEqual(['Hi', 'Out of office', 'Hi', 'Hi', null]);
  });
});

async function conversationsBySubject(w: TestWorkspace): Promise<Record<string, string>> {
  const rows = await t.database.db
    .selectFrom('conversations')
    .select(['id', 'subject'])
    .where('workspace_id', '=', w.workspaceId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.subject, r.id]));
}

/** What ingestion left, by subject rather than by id (ids differ between workspaces). */
async function snapshot(
  w: TestWorkspace,
  ids: string[],
  queued: { name: string; data: Record<string, string> }[],
) {
  const conversations = await t.database.db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .orderBy('number')
    .execute();
  const subjectOf = new Map(conversations.map((c) => [c.id, c.subject]));
  const rows = await inboundRows(w, ids);
  const targets = await t.database.db
    .selectFrom('sla_targets')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .execute();
  const events = await t.database.db
    .selectFrom('events')
    .select(['type', 'conversation_id'])
    .where('workspace_id', '=', w.workspaceId)
    .orderBy('id')
    .execute();
  return {
    emails: rows.map((r) => ({
      status: r.status,
      conversation: r.conversation_id ? subjectOf.get(r.conversation_id) : null,
      hasMessage: r.message_id !== null,
    })),
    conversations: conversations.map((c) => ({
      number: c.number,
      subject: c.subject,
      status: c.status,
      message_count: c.message_count,
      last_excerpt: c.last_excerpt,
      has_due: c.sla_due_at !== null,
      clocks: targets
        .filter((x) => x.conversation_id === c.id)
        .map((x) => `${x.kind}:${x.met_at ? 'met' : x.due_at ? 'running' : 'stopped'}`)
        .sort(),
      events: events.filter((e) => e.conversation_id === c.id).map((e) => e.type),
    })),
    clients: await count(w, 'clients'),
    messages: await count(w, 'messages'),
    acknowledged: queued
      .filter((q) => q.name === EMAIL_ACKNOWLEDGE_JOB)
      .map((q) => subjectOf.get(q.data.conversationId!)),
  };
}
