import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, dovecotMissing, type Dovecot } from '../../../../../test/dovecot.ts';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
} from '../../../../../test/harness.ts';
import { JOBS, startJobRunner, type JobRunner } from '../../../jobs/job-runner.ts';
import { secretsWithKey } from '../../../security/secrets.ts';
import { EMAIL_INGEST_JOB } from '../inbound.repo.ts';
import * as repo from './imap.repo.ts';
import {
  FIRST_SYNC_DAYS,
  IMAP_POLL_JOB,
  pollMailbox,
  pollMailboxes,
  type PollDeps,
} from './poll.ts';

// Rapport polls a real Dovecot over loopback: what is appended is stored once,
// in order, with its ingestion job; a crash between two messages neither skips
// nor refetches; a new UIDVALIDITY starts over; errors are recorded.

const secrets = secretsWithKey(randomBytes(32));
const schema = `pgboss_imap_${randomUUID().slice(0, 8)}`;
let t: TestApp;
let dovecot: Dovecot;
let runner: JobRunner;
const ingestJobs: { workspaceId: string; inboundEmailId: string }[] = [];

function email(n: number, folderTag = '') {
  return [
    `From: Client ${n} <client${n}@example.org>`,
    'To: support@example.test',
    `Subject: Question ${n}${folderTag}`,
    `Message-ID: <imap-${n}-${randomUUID()}@example.org>`,
    'Date: Wed, 02 Dec 2026 07:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body ${n}`,
    '',
  ].join('\r\n');
}

const describeImap = dovecotMissing ? describe.skip : describe;
if (dovecotMissing) console.warn(dovecotMissing);

describeImap('IMAP polling against Dovecot', () => {
  beforeAll(async () => {
    t = await startTestApp();
    dovecot = await startDovecot();
    runner = await startJobRunner({
      database: t.database,
      log: t.app.log,
      now: () => new Date(),
      schema,
      pollingIntervalSeconds: 0.5,
      definitions: [
        {
          name: EMAIL_INGEST_JOB,
          async handle(_deps, data) {
            ingestJobs.push(data as { workspaceId: string; inboundEmailId: string });
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await runner?.stop();
    await dovecot?.stop();
    if (t?.database.kind === 'postgres')
      await t.database.exec(`drop schema if exists ${schema} cascade`);
    await t?.close();
  });

  const deps = (): PollDeps => ({
    db: t.database.db,
    jobs: runner,
    secrets,
    now: () => new Date(),
    log: t.app.log,
  });

  async function mailbox(folder: string, password = dovecot.password) {
    const ws = await newWorkspace(t);
    const row = await t.database.db
      .insertInto('mailboxes')
      .values({
        workspace_id: ws.workspaceId,
        name: 'Support',
        address: `support-${randomUUID().slice(0, 8)}@example.test`,
        imap_host: dovecot.host,
        imap_port: dovecot.port,
        imap_secure: false,
        imap_user: dovecot.user,
        imap_password_sealed: secrets.seal(password),
        imap_folder: folder,
        imap_enabled: true,
      })
      .returning(['workspace_id', 'id'])
      .executeTakeFirstOrThrow();
    const poll = await repo.findPollMailbox(t.database.db, row.workspace_id, row.id);
    return { ws, poll: poll!, workspaceId: row.workspace_id, mailboxId: row.id };
  }

  /** The Subject line of a stored raw message (bytea: a Buffer on pg, a Uint8Array on PGlite). */
  const subjectOf = (raw: Uint8Array) =>
    /^Subject: (.*?)\r?$/m.exec(Buffer.from(raw).toString('utf8'))?.[1] ?? null;

  const stored = (workspaceId: string, mailboxId: string) =>
    t.database.db
      .selectFrom('inbound_emails')
      .select(['id', 'raw', 'source'])
      .where('workspace_id', '=', workspaceId)
      .where('mailbox_id', '=', mailboxId)
      .orderBy('id')
      .execute();

  it('stores each new message once, in UID order, with its ingestion job', async () => {
    const folder = `F${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    for (let i = 1; i <= 12; i++) await dovecot.append(email(i), folder);

    const first = await pollMailbox(deps(), m.poll);
    expect(first).toMatchObject({ error: null, reset: false });
    let rows = await stored(m.workspaceId, m.mailboxId);
    expect(rows.map((r) => subjectOf(r.raw))).toEqual(
      Array.from({ length: 12 }, (_, i) => `Question ${i + 1}`),
    );
    expect(rows.every((r) => r.source === 'imap')).toBe(true);

    // Nothing new: nothing stored. Then two more arrive: only they are stored.
    // (Counted in the table, not by the poll's result: on a shared PostgreSQL,
    // another test app's scheduled poll may store some of them first.)
    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    expect(await stored(m.workspaceId, m.mailboxId)).toHaveLength(12);
    await dovecot.append(email(13), folder);
    await dovecot.append(email(14), folder);
    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    rows = await stored(m.workspaceId, m.mailboxId);
    expect(rows.map((r) => subjectOf(r.raw))).toEqual(
      Array.from({ length: 14 }, (_, i) => `Question ${i + 1}`),
    );

    const state = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, folder);
    expect(state?.last_uid).toBe('14');
    expect(state?.last_error).toBeNull();
    expect(state?.last_polled_at).toBeInstanceOf(Date);

    // Every stored message has its job, which the runner hands to email.ingest.
    const ids = rows.map((r) => r.id);
    await eventually('an email.ingest job for each stored message', async () =>
      ids.every((id) => ingestJobs.some((j) => j.inboundEmailId === id)) ? true : undefined,
    );
    expect(ingestJobs.filter((j) => ids.includes(j.inboundEmailId))).toHaveLength(14);
  });

  it('after a crash between two messages, polls on from the last stored one', async () => {
    const folder = `C${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    for (let i = 1; i <= 5; i++) await dovecot.append(email(i), folder);
    // A poll that stored three and died: its state says UID 3 and three rows exist.
    await pollMailbox(deps(), m.poll);
    const db = t.database.db;
    const rows = await stored(m.workspaceId, m.mailboxId);
    await db
      .deleteFrom('inbound_emails')
      .where('workspace_id', '=', m.workspaceId)
      .where(
        'id',
        'in',
        rows.slice(3).map((r) => r.id),
      )
      .execute();
    await db
      .updateTable('mailbox_imap_state')
      .set({ last_uid: 3 })
      .where('workspace_id', '=', m.workspaceId)
      .where('mailbox_id', '=', m.mailboxId)
      .execute();

    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    const after = await stored(m.workspaceId, m.mailboxId);
    expect(after.map((r) => subjectOf(r.raw))).toEqual([
      'Question 1',
      'Question 2',
      'Question 3',
      'Question 4',
      'Question 5',
    ]);
  });

  it('starts the folder over when its UIDVALIDITY changes', async () => {
    const folder = `V${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    await dovecot.append(email(1), folder);
    await dovecot.append(email(2), folder);
    await pollMailbox(deps(), m.poll);
    const before = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, folder);

    // The folder is recreated (a restore, a migration): new UIDVALIDITY, UIDs from 1.
    await dovecot.recreateFolder(folder, [
      email(1, ' again'),
      email(2, ' again'),
      email(3, ' again'),
    ]);
    const result = await pollMailbox(deps(), m.poll);
    expect(result.error).toBeNull();
    const after = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, folder);
    expect(after?.uid_validity).not.toBe(before?.uid_validity);
    expect(after?.last_uid).toBe('3');
    // The two of before, then the recreated folder's three from UID 1.
    expect((await stored(m.workspaceId, m.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 1',
      'Question 2',
      'Question 1 again',
      'Question 2 again',
      'Question 3 again',
    ]);
    // A poll that saw the change says so (unless a concurrent one saw it first).
    if (result.stored === 3) expect(result.reset).toBe(true);
  });

  it('records a refused login on the mailbox for the admin, and polls the others', async () => {
    const folder = `E${randomUUID().slice(0, 6)}`;
    const bad = await mailbox(folder, 'wrong password');
    const good = await mailbox(folder);
    await dovecot.append(email(1), folder);

    const bad1 = await pollMailbox(deps(), bad.poll);
    expect(bad1.error).toMatch(/refused the user name or password/);
    const state = await repo.findImapState(t.database.db, bad.workspaceId, bad.mailboxId, folder);
    expect(state?.last_error).toMatch(/refused/);
    expect(state?.last_error_at).toBeInstanceOf(Date);
    expect(await stored(bad.workspaceId, bad.mailboxId)).toHaveLength(0);

    // The job's poll of one mailbox touches no other.
    const results = await pollMailboxes(deps(), {
      workspaceId: good.workspaceId,
      mailboxId: good.mailboxId,
    });
    expect(results).toEqual([expect.objectContaining({ mailboxId: good.mailboxId, error: null })]);
    expect(await stored(good.workspaceId, good.mailboxId)).toHaveLength(1);
    // Another workspace's id pair finds nothing.
    expect(
      await pollMailboxes(deps(), { workspaceId: bad.workspaceId, mailboxId: good.mailboxId }),
    ).toEqual([]);
  });

  it('a poll that fails between two messages keeps the ones before; the next stores the rest once', async () => {
    const folder = `K${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    for (let i = 1; i <= 5; i++) await dovecot.append(email(i), folder);
    // The fourth message's ingestion job cannot be queued (the database went
    // away mid-poll): its transaction rolls back, the poll stops there.
    let queued = 0;
    const failing: PollDeps = {
      ...deps(),
      jobs: {
        async sendWith(db, name, data) {
          if (++queued === 4) throw new Error('connection lost');
          return runner.sendWith(db, name, data);
        },
      },
    };
    const broken = await pollMailbox(failing, m.poll);
    expect(broken.error).toMatch(/connection lost/);
    expect((await stored(m.workspaceId, m.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 1',
      'Question 2',
      'Question 3',
    ]);
    const state = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, folder);
    expect(state).toMatchObject({ last_uid: '3', last_error: expect.stringMatching(/lost/) });

    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    expect((await stored(m.workspaceId, m.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 1',
      'Question 2',
      'Question 3',
      'Question 4',
      'Question 5',
    ]);
    const healed = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, folder);
    expect(healed).toMatchObject({ last_uid: '5', last_error: null });
  });

  it('two polls of one mailbox at once store each message once', async () => {
    const folder = `P${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    for (let i = 1; i <= 8; i++) await dovecot.append(email(i), folder);
    const [a, b] = await Promise.all([pollMailbox(deps(), m.poll), pollMailbox(deps(), m.poll)]);
    expect([a.error, b.error]).toEqual([null, null]);
    const rows = await stored(m.workspaceId, m.mailboxId);
    expect(rows.map((r) => subjectOf(r.raw))).toEqual(
      Array.from({ length: 8 }, (_, i) => `Question ${i + 1}`),
    );
    expect(a.stored + b.stored).toBeLessThanOrEqual(8);
  });

  it('the scheduled job polls every active mailbox with IMAP enabled, and no other', async () => {
    const job = JOBS.find((j) => j.name === IMAP_POLL_JOB);
    expect(job?.cron).toBe('* * * * *');
    expect(job?.policy).toBe('stately');

    const folder = `J${randomUUID().slice(0, 6)}`;
    const one = await mailbox(folder);
    const addMailbox = (values: { imap_enabled: boolean; is_active: boolean }) =>
      t.database.db
        .insertInto('mailboxes')
        .values({
          workspace_id: one.workspaceId,
          name: 'Other',
          address: `other-${randomUUID().slice(0, 8)}@example.test`,
          imap_host: dovecot.host,
          imap_port: dovecot.port,
          imap_secure: false,
          imap_user: dovecot.user,
          imap_password_sealed: secrets.seal(dovecot.password),
          imap_folder: folder,
          ...values,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const two = await addMailbox({ imap_enabled: true, is_active: true });
    const off = await addMailbox({ imap_enabled: false, is_active: true });
    const inactive = await addMailbox({ imap_enabled: true, is_active: false });
    await dovecot.append(email(1), folder);

    // What the schedule runs: the job with no data (here kept to this workspace).
    await job!.handle(
      {
        database: t.database,
        log: t.app.log,
        now: () => new Date(),
        secrets,
        jobs: runner,
        sweepWorkspaceId: one.workspaceId,
      },
      {},
      { retryCount: 0, retryLimit: 0 },
    );
    expect(await stored(one.workspaceId, one.mailboxId)).toHaveLength(1);
    expect(await stored(one.workspaceId, two.id)).toHaveLength(1);
    expect(await stored(one.workspaceId, off.id)).toHaveLength(0);
    expect(await stored(one.workspaceId, inactive.id)).toHaveLength(0);
    const polled = await t.database.db
      .selectFrom('mailbox_imap_state')
      .select('mailbox_id')
      .where('workspace_id', '=', one.workspaceId)
      .orderBy('mailbox_id')
      .execute();
    expect(polled.map((r) => r.mailbox_id).sort()).toEqual([one.mailboxId, two.id].sort());
  });

  it("leaves a folder's history older than a week alone on the first poll", async () => {
    const folder = `H${randomUUID().slice(0, 6)}`;
    const m = await mailbox(folder);
    const longAgo = new Date(Date.now() - (FIRST_SYNC_DAYS + 30) * 24 * 60 * 60 * 1000);
    await dovecot.append(email(1, ' (last year)'), folder, longAgo);
    await dovecot.append(email(2, ' (last year)'), folder, longAgo);
    await dovecot.append(email(3), folder);
    await dovecot.append(email(4), folder);

    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    expect((await stored(m.workspaceId, m.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 3',
      'Question 4',
    ]);
    // Later polls neither go back for the old ones nor miss what arrives.
    await dovecot.append(email(5), folder);
    expect((await pollMailbox(deps(), m.poll)).error).toBeNull();
    expect((await stored(m.workspaceId, m.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 3',
      'Question 4',
      'Question 5',
    ]);

    // Only old mail in a new folder: nothing now, and the next new one later.
    const quiet = `Q${randomUUID().slice(0, 6)}`;
    const q = await mailbox(quiet);
    await dovecot.append(email(1, ' (last year)'), quiet, longAgo);
    expect((await pollMailbox(deps(), q.poll)).error).toBeNull();
    expect(await stored(q.workspaceId, q.mailboxId)).toHaveLength(0);
    await dovecot.append(email(2), quiet);
    expect((await pollMailbox(deps(), q.poll)).error).toBeNull();
    expect((await stored(q.workspaceId, q.mailboxId)).map((r) => subjectOf(r.raw))).toEqual([
      'Question 2',
    ]);
  });

  it('records an unreachable server', async () => {
    const m = await mailbox('INBOX');
    await t.database.db
      .updateTable('mailboxes')
      .set({ imap_port: 1 })
      .where('workspace_id', '=', m.workspaceId)
      .where('id', '=', m.mailboxId)
      .execute();
    const poll = await repo.findPollMailbox(t.database.db, m.workspaceId, m.mailboxId);
    const result = await pollMailbox(deps(), poll!);
    expect(result.error).toBeTruthy();
    const state = await repo.findImapState(t.database.db, m.workspaceId, m.mailboxId, 'INBOX');
    expect(state?.last_error).toBeTruthy();
  });
});
