import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../../test/harness.ts';
import { startJobRunner, type JobRunner } from '../../jobs/job-runner.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { storeRawInbound, storeRawInbounds } from './inbound.repo.ts';
import { raw, recordingJobs, uid, type Mail, ingestTestContext } from './ingest-test-helpers.ts';
import { ingestInboundEmails } from './ingest.batch.ts';
import { ingestInboundEmail } from './ingest.email.ts';
import { emailIngestJob } from './ingest.job.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';

// A batch of stored emails ingested in one transaction (ingest.batch.ts): one new
// sender's emails make one conversation, a Message-ID is stored once, and a batch that
// fails loses nothing: its emails are ingested one by one, and those that still fail
// are retried by their jobs. (ingest.batch.parity.int.test.ts compares a batch with
// the same emails one by one.)

const ctx = ingestTestContext();
const { setUp, deps, inboundRows, count } = ctx;

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
    expect(ctx.observed.seen.warnings).toEqual([]);

    const rows = await inboundRows(w, ids);
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(3);
    expect(await count(w, 'clients')).toBe(1);
    expect(await count(w, 'conversations')).toBe(1);
    const conversation = await ctx.t.database.db
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
    const events = await ctx.t.database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', 'in', ['conversation.created', 'client.created'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['client.created', 'conversation.created']);
    expect(events[1]!.data).toMatchObject({ after: { number: 1, subject: 'Kettle broken' } });
    // Messages in the order they arrived.
    const messages = await ctx.t.database.db
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
    expect(ctx.observed.seen.warnings).toEqual([]);
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
        return ctx.t.app.files.storage.put(key, content);
      },
      read: (key) => ctx.t.app.files.storage.read(key),
      remove: (key) => ctx.t.app.files.storage.remove(key),
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
      ctx.t.database.db,
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
    expect(ctx.observed.seen.warnings).toHaveLength(1);
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
    const attachments = await ctx.t.database.db
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
    expect(ctx.observed.seen.warnings).toHaveLength(1);
    const rows = await inboundRows(w, ids);
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    expect(rows[1]!.conversation_id).toBe(rows[0]!.conversation_id);
    expect(await count(w, 'messages')).toBe(3);
    expect(await count(w, 'conversations')).toBe(2);
    expect(await count(w, 'clients')).toBe(2);
    // The numbers the rolled-back batch took were given back.
    const numbers = await ctx.t.database.db
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

describe('the email.ingest job with real batches', () => {
  let runner: JobRunner | undefined;
  const schema = `pgboss_batch_${uid()}`;
  afterAll(async () => {
    await runner?.stop();
    if (ctx.t.database.kind === 'postgres')
      await ctx.t.database.exec(`drop schema if exists ${schema} cascade`);
  });

  it('retries the job of an email that failed; the rest of its batch is done at once', async () => {
    const { w, mailbox, address } = await setUp();
    let failures = 0;
    const files: FileStorage = {
      put: async (key, content) => {
        // The first two stores fail: the batch's, then the email's alone.
        if (failures++ < 2) throw new Error('the disk is full');
        return ctx.t.app.files.storage.put(key, content);
      },
      read: (key) => ctx.t.app.files.storage.read(key),
      remove: (key) => ctx.t.app.files.storage.remove(key),
    };
    const warnings: string[] = [];
    const log = {
      info: () => {},
      warn: (_o: object, m: string) => void warnings.push(m),
      error: () => {},
    };
    runner = await startJobRunner({
      database: ctx.t.database,
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
      ctx.t.database.db,
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

describe('the time an email arrived', () => {
  // Emails that waited for ingestion (a backlog, a slow worker) keep their own times.
  const setBack = async (id: string, minutesAgo: number) => {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    // received_at is never updated by the app: the test plays a backlog.
    await sql`update inbound_emails set received_at = ${at} where id = ${id}`.execute(
      ctx.t.database.db,
    );
    return at;
  };
  const messagesOf = (w: { workspaceId: string }) =>
    ctx.t.database.db
      .selectFrom('messages')
      .select(['body_text', 'created_at'])
      .where('workspace_id', '=', w.workspaceId)
      .orderBy('id')
      .execute();

  it('is each message’s time in a batch, in order, and its conversation’s activity', async () => {
    const { w, store } = await setUp();
    const from = `late-${uid()}@client.test`;
    const ids = await store([
      { from, subject: 'Invoice', text: 'First.', id: `t1-${uid()}@c.test` },
      { from, subject: 'Re: Invoice', text: 'Second.', id: `t2-${uid()}@c.test` },
      {
        from: `other-${uid()}@client.test`,
        subject: 'Hi',
        text: 'Third.',
        id: `t3-${uid()}@c.test`,
      },
    ]);
    const times = [
      await setBack(ids[0]!, 30),
      await setBack(ids[1]!, 20),
      await setBack(ids[2]!, 10),
    ];
    const { jobs } = recordingJobs({ many: true });
    expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());

    expect(await messagesOf(w)).toEqual([
      { body_text: 'First.', created_at: times[0] },
      { body_text: 'Second.', created_at: times[1] },
      { body_text: 'Third.', created_at: times[2] },
    ]);
    const conversations = await ctx.t.database.db
      .selectFrom('conversations')
      .select(['subject', 'created_at', 'last_message_at', 'last_inbound_at', 'sla_due_at'])
      .where('workspace_id', '=', w.workspaceId)
      .orderBy('number')
      .execute();
    expect(conversations.map(({ sla_due_at: _, ...c }) => c)).toEqual([
      {
        subject: 'Invoice',
        created_at: times[0],
        last_message_at: times[1],
        last_inbound_at: times[1],
      },
      { subject: 'Hi', created_at: times[2], last_message_at: times[2], last_inbound_at: times[2] },
    ]);
    // The first-response clock runs from when the client wrote, not from when it was read.
    const clocks = await ctx.t.database.db
      .selectFrom('sla_targets')
      .select(['conversation_id', 'started_at'])
      .where('workspace_id', '=', w.workspaceId)
      .where('kind', '=', 'first_response')
      .execute();
    expect(clocks.map((c) => c.started_at).sort((a, b) => +a! - +b!)).toEqual([times[0], times[2]]);
  });

  it('is the message’s time one by one too', async () => {
    const { w, store } = await setUp();
    const [id] = await store([
      { from: `alone-${uid()}@client.test`, subject: 'Hi', text: 'Alone.', id: `a-${uid()}@c.t` },
    ]);
    const at = await setBack(id!, 15);
    const { jobs } = recordingJobs({ many: true });
    await ingestInboundEmail(deps(jobs), w.workspaceId, id!);
    expect(await messagesOf(w)).toEqual([{ body_text: 'Alone.', created_at: at }]);
  });

  it('is each row’s own in a transaction storing several (SMTP group commit, an IMAP poll)', async () => {
    const { w, address, mailbox } = await setUp();
    const store = (tx: Parameters<typeof storeRawInbound>[0], n: number) =>
      storeRawInbound(
        tx,
        {
          workspaceId: w.workspaceId,
          mailboxId: mailbox.id,
          source: 'imap',
          raw: raw(address, {
            from: `g${n}@client.test`,
            subject: 'G',
            text: 'g',
            id: `g${n}-${uid()}@c.t`,
          }),
        },
        { sendWith: async () => null },
      );
    const ids = await ctx.t.database.db.transaction().execute(async (tx) => {
      const a = await store(tx, 1);
      await sql`select pg_sleep(0.01)`.execute(tx);
      const b = await store(tx, 2);
      return [a.id, b.id];
    });
    const rows = await ctx.t.database.db
      .selectFrom('inbound_emails')
      .select('received_at')
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(rows[1]!.received_at.getTime() - rows[0]!.received_at.getTime()).toBeGreaterThanOrEqual(
      10,
    );
  });
});
