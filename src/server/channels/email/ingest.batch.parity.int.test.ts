import { describe, expect, it } from 'vitest';
import type { TestWorkspace } from '../../../../test/harness.ts';
import { recordingJobs, uid, type Mail, ingestTestContext } from './ingest-test-helpers.ts';
import { ingestInboundEmails } from './ingest.batch.ts';
import { ingestInboundEmail } from './ingest.email.ts';
import { EMAIL_ACKNOWLEDGE_JOB } from './outbound/acknowledge.ts';

// A batch ends as the same emails one by one do, and the statements it sends do not
// grow with the number of its emails.

const ctx = ingestTestContext();
const { setUp, deps, inboundRows, count } = ctx;

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
      ctx.observed.seen.statements = 0;
      expect(await ingestInboundEmails(deps(jobs), w.workspaceId, ids)).toEqual(new Map());
      expect(ctx.observed.seen.warnings).toEqual([]);
      return ctx.observed.seen.statements;
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
  const rows = await ctx.t.database.db
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
  const conversations = await ctx.t.database.db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .orderBy('number')
    .execute();
  const subjectOf = new Map(conversations.map((c) => [c.id, c.subject]));
  const rows = await inboundRows(w, ids);
  const targets = await ctx.t.database.db
    .selectFrom('sla_targets')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .execute();
  const events = await ctx.t.database.db
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
