import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotMissing, startDovecot, type Dovecot } from '../../../../test/dovecot.ts';
import { eventually, newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { startSmtpCapture, type SmtpCapture } from '../../../../test/smtp-capture.ts';
import { imapPollJob } from '../../channels/email/imap/poll.ts';
import type { Secrets } from '../../security/secrets.ts';

let t: TestApp;
let secrets: Secrets;

beforeAll(async () => {
  // The IMAP poll job runs for real: a saved mailbox is polled at once.
  t = await startTestApp({ jobs: [imapPollJob] });
  secrets = t.secrets;
});
afterAll(() => t.close());

const address = () => `support-${randomUUID().slice(0, 8)}@example.test`;
const mailbox = () => ({
  name: 'Support',
  address: address(),
  default_language: 'hu',
  smtp: { host: 'smtp.example.test', port: 587, user: 'support', password: 's3cret smtp' },
  imap: { host: 'imap.example.test', port: 993, user: 'support', password: 's3cret imap' },
});

describe('mailboxes', () => {
  it('an admin sets one up; passwords are sealed and never returned', async () => {
    const w = await newWorkspace(t);
    const res = await w.admin.post('/api/v1/mailboxes', mailbox());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.smtp).toMatchObject({ host: 'smtp.example.test', port: 587, password_set: true });
    expect(body.imap).toMatchObject({ folder: 'INBOX', enabled: false, password_set: true });
    expect(res.body).not.toContain('s3cret');
    const row = await t.database.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row.smtp_password_sealed).not.toContain('s3cret');
    expect(secrets.open(row.smtp_password_sealed!)).toBe('s3cret smtp');
    expect(secrets.open(row.imap_password_sealed!)).toBe('s3cret imap');

    // A change without the password keeps it; null removes the settings.
    const patched = await w.admin.patch(`/api/v1/mailboxes/${body.id}`, {
      signature: 'Kind regards',
      smtp: { host: 'smtp2.example.test', port: 465, secure: true },
      imap: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      signature: 'Kind regards',
      smtp: { host: 'smtp2.example.test', secure: true, password_set: true },
      imap: null,
    });
    const list = await w.admin.get('/api/v1/mailboxes');
    expect(list.json().items.map((m: { id: string }) => m.id)).toEqual([body.id]);
    expect((await w.admin.delete(`/api/v1/mailboxes/${body.id}`)).statusCode).toBe(204);
    expect((await w.admin.get(`/api/v1/mailboxes/${body.id}`)).statusCode).toBe(404);
  });

  it('supervisors read, agents get 403, only admins write', async () => {
    const w = await newWorkspace(t);
    const id = (await w.admin.post('/api/v1/mailboxes', mailbox())).json().id;
    const supervisor = await w.addUser('supervisor');
    const agent = await w.addUser('agent');
    expect((await supervisor.get(`/api/v1/mailboxes/${id}`)).statusCode).toBe(200);
    expect((await supervisor.get('/api/v1/mailboxes')).statusCode).toBe(200);
    expect((await supervisor.post('/api/v1/mailboxes', mailbox())).statusCode).toBe(403);
    expect((await supervisor.patch(`/api/v1/mailboxes/${id}`, { name: 'X' })).statusCode).toBe(403);
    expect((await agent.get('/api/v1/mailboxes')).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/mailboxes/${id}`)).statusCode).toBe(403);
    expect((await agent.delete(`/api/v1/mailboxes/${id}`)).statusCode).toBe(403);
  });

  it("another workspace's mailbox is 404, and its address cannot be taken (409)", async () => {
    const a = await newWorkspace(t);
    const b = await newWorkspace(t);
    const created = (await a.admin.post('/api/v1/mailboxes', mailbox())).json();
    expect((await b.admin.get(`/api/v1/mailboxes/${created.id}`)).statusCode).toBe(404);
    expect((await b.admin.patch(`/api/v1/mailboxes/${created.id}`, { name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await b.admin.delete(`/api/v1/mailboxes/${created.id}`)).statusCode).toBe(404);
    const taken = await b.admin.post('/api/v1/mailboxes', {
      ...mailbox(),
      address: created.address.toUpperCase(),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toEqual({ address: 'is taken' });
  });

  it('bad input is 400 naming the field', async () => {
    const w = await newWorkspace(t);
    const bad = async (body: object, field: string) => {
      const res = await w.admin.post('/api/v1/mailboxes', { ...mailbox(), ...body });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}).join(' ')).toContain(field);
    };
    await bad({ address: 'not-an-address' }, 'address');
    await bad({ name: '' }, 'name');
    await bad({ smtp: { host: 'smtp.example.test', port: 70000 } }, 'smtp.port');
    await bad({ default_language: 'de' }, 'default_language');
    await bad({ default_team_id: '999999999' }, 'default_team_id');
  });
});

const describeServers = dovecotMissing ? describe.skip : describe;

describeServers('trying the settings on real servers', () => {
  let smtp: SmtpCapture;
  let dovecot: Dovecot;
  const SMTP_AUTH = { user: 'rapport', pass: 'smtp secret' };
  beforeAll(async () => {
    smtp = await startSmtpCapture({ auth: SMTP_AUTH });
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await smtp?.close();
    await dovecot?.stop();
  });

  const realMailbox = (folder = 'INBOX', enabled = false) => ({
    name: 'Support',
    address: address(),
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_AUTH.user, password: SMTP_AUTH.pass },
    imap: {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      user: dovecot.user,
      password: dovecot.password,
      folder,
      enabled,
    },
  });

  it('an admin tests the stored settings: both work, then a wrong password is named; nothing is sent', async () => {
    const w = await newWorkspace(t);
    const created = await w.admin.post('/api/v1/mailboxes', realMailbox());
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;

    const ok = await w.admin.post(`/api/v1/mailboxes/${id}/test-connection`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ smtp: { ok: true, error: null }, imap: { ok: true, error: null } });

    await w.admin.patch(`/api/v1/mailboxes/${id}`, {
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_AUTH.user, password: 'wrong' },
      imap: { ...realMailbox().imap, password: 'wrong', folder: 'Nowhere' },
    });
    const bad = (await w.admin.post(`/api/v1/mailboxes/${id}/test-connection`)).json();
    expect(bad.smtp).toEqual({
      ok: false,
      error: 'the SMTP server refused the user name or password',
    });
    expect(bad.imap).toEqual({
      ok: false,
      error: 'the IMAP server refused the user name or password',
    });

    // A missing folder is named too.
    await w.admin.patch(`/api/v1/mailboxes/${id}`, {
      imap: { ...realMailbox().imap, folder: 'Nowhere' },
    });
    const folder = (await w.admin.post(`/api/v1/mailboxes/${id}/test-connection`)).json();
    expect(folder.imap.ok).toBe(false);
    expect(folder.imap.error).toMatch(/Nowhere|exist/i);

    // Without settings, nothing to try.
    await w.admin.patch(`/api/v1/mailboxes/${id}`, { smtp: null, imap: null });
    expect((await w.admin.post(`/api/v1/mailboxes/${id}/test-connection`)).json()).toEqual({
      smtp: null,
      imap: null,
    });
    expect(smtp.attempts).toBe(0);

    // Supervisors and agents may not; another workspace finds no such mailbox.
    const supervisor = await w.addUser('supervisor');
    expect((await supervisor.post(`/api/v1/mailboxes/${id}/test-connection`)).statusCode).toBe(403);
    const other = await newWorkspace(t);
    expect((await other.admin.post(`/api/v1/mailboxes/${id}/test-connection`)).statusCode).toBe(
      404,
    );
  });

  it('a mailbox saved with IMAP on is polled at once, and shows how the poll went', async () => {
    const w = await newWorkspace(t);
    const folder = `A${randomUUID().slice(0, 6)}`;
    await dovecot.append(
      'From: a@example.org\r\nSubject: Hi\r\nMessage-ID: <a@example.org>\r\n\r\nHello\r\n',
      folder,
    );
    const created = await w.admin.post('/api/v1/mailboxes', realMailbox(folder, true));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().imap.status).toBeNull();

    const polled = await eventually('the first poll', async () => {
      const m = (await w.admin.get(`/api/v1/mailboxes/${id}`)).json();
      return m.imap.status?.succeeded_at ? m.imap.status : undefined;
    });
    expect(polled).toMatchObject({ error: null, error_at: null });
    const raw = await t.database.db
      .selectFrom('inbound_emails')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('mailbox_id', '=', id)
      .execute();
    expect(raw).toHaveLength(1);

    // A wrong password: the next poll (queued by the change) records why it failed.
    await w.admin.patch(`/api/v1/mailboxes/${id}`, {
      imap: { ...realMailbox(folder, true).imap, password: 'wrong' },
    });
    const failed = await eventually('the failed poll', async () => {
      const m = (await w.admin.get('/api/v1/mailboxes')).json().items[0];
      return m.imap.status?.error ? m.imap.status : undefined;
    });
    expect(failed.error).toBe('the IMAP server refused the user name or password');
    expect(failed.succeeded_at).toBe(polled.succeeded_at);
  });

  it('an admin fetches new mail at once; each message is stored once', async () => {
    const w = await newWorkspace(t);
    const folder = `N${randomUUID().slice(0, 6)}`;
    await dovecot.append(
      'From: a@example.org\r\nSubject: Hi\r\nMessage-ID: <first@example.org>\r\n\r\nHello\r\n',
      folder,
    );
    const created = await w.admin.post('/api/v1/mailboxes', realMailbox(folder, true));
    const id = created.json().id;
    // Saving polled it; then a client writes again.
    await eventually('the first poll', async () => {
      const m = (await w.admin.get(`/api/v1/mailboxes/${id}`)).json();
      return m.imap.status?.succeeded_at ? true : undefined;
    });
    await dovecot.append(
      `From: b@example.org\r\nSubject: Now\r\nMessage-ID: <now-${id}@example.org>\r\n\r\nHi\r\n`,
      folder,
    );
    const now = await w.admin.post(`/api/v1/mailboxes/${id}/poll`);
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json()).toEqual({ stored: 1, error: null });
    // Again: nothing new, nothing stored twice.
    expect((await w.admin.post(`/api/v1/mailboxes/${id}/poll`)).json()).toEqual({
      stored: 0,
      error: null,
    });
    const raw = await t.database.db
      .selectFrom('inbound_emails')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('mailbox_id', '=', id)
      .execute();
    expect(raw).toHaveLength(2);

    // A wrong password: the answer says why, and so does the mailbox's status.
    await w.admin.patch(`/api/v1/mailboxes/${id}`, {
      imap: { ...realMailbox(folder, true).imap, password: 'wrong' },
    });
    const refused = await w.admin.post(`/api/v1/mailboxes/${id}/poll`);
    expect(refused.json()).toEqual({
      stored: 0,
      error: 'the IMAP server refused the user name or password',
    });

    // Paused: 409; supervisors and agents: 403; another workspace: 404.
    await w.admin.patch(`/api/v1/mailboxes/${id}`, { active: false });
    const paused = await w.admin.post(`/api/v1/mailboxes/${id}/poll`);
    expect(paused.statusCode).toBe(409);
    expect(paused.json().error.message).toMatch(/IMAP/);
    const supervisor = await w.addUser('supervisor');
    expect((await supervisor.post(`/api/v1/mailboxes/${id}/poll`)).statusCode).toBe(403);
    const agent = await w.addUser('agent');
    expect((await agent.post(`/api/v1/mailboxes/${id}/poll`)).statusCode).toBe(403);
    const other = await newWorkspace(t);
    expect((await other.admin.post(`/api/v1/mailboxes/${id}/poll`)).statusCode).toBe(404);
  });
});
