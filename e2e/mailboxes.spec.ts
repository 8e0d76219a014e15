import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dovecotMissing, startDovecot, type Dovecot } from '../test/dovecot.ts';
import { startSmtpCapture, type SmtpCapture } from '../test/smtp-capture.ts';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface MailboxRow {
  id: string;
  address: string;
  active: boolean;
  smtp: { password_set: boolean } | null;
  imap: { password_set: boolean; status: { error: string | null } | null } | null;
}
interface ConversationRow {
  id: string;
  subject: string;
  channel: string;
  status: string;
}

const SMTP_AUTH = { user: 'rapport', pass: 'smtp-e2e-secret' };
const describeMail = dovecotMissing ? describe.skip : describe;

// An admin sets up a mailbox against a real SMTP server and a real Dovecot,
// tries it, sees the IMAP poll's outcome, and an agent's reply by email shows
// in the timeline as sent, or as not sent with the reason.
describeMail('an admin sets up a mailbox', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let smtp: SmtpCapture;
  let dovecot: Dovecot;
  const address = `help-${Date.now().toString(36)}@demo.rapport.test`;

  const api = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;
  const mailbox = async () =>
    (await api<{ items: MailboxRow[] }>('/mailboxes')).items.find((m) => m.address === address);
  const row = () => page.locator(`tr[data-mailbox="${address}"]`);

  beforeAll(async () => {
    [server, browser, smtp, dovecot] = await Promise.all([
      startRapport(),
      launchChromium(),
      startSmtpCapture({ auth: SMTP_AUTH }),
      startDovecot(),
    ]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
    await page.goto(server.url);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    await page.getByRole('banner').getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: /^All/ }).waitFor();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'mailboxes-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    await dovecot?.stop();
  });

  it('adds a mailbox with SMTP and IMAP; passwords never come back', async () => {
    await page.goto(`${server.url}/admin/mailboxes`);
    await page.getByRole('heading', { level: 2, name: 'Mailboxes' }).waitFor();
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add mailbox' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Help desk');
    await dialog.getByRole('textbox', { name: 'Address', exact: true }).fill(address);
    await dialog
      .getByRole('textbox', { name: 'Signature', exact: true })
      .fill('The Demo help desk\nhttps://demo.rapport.test');

    const sending = dialog.getByRole('group', { name: 'Sending (SMTP)' });
    await sending.getByRole('textbox', { name: 'Server name', exact: true }).fill(smtp.host);
    await sending
      .getByRole('textbox', { name: 'Port number', exact: true })
      .fill(String(smtp.port));
    await sending.getByRole('textbox', { name: 'User name', exact: true }).fill(SMTP_AUTH.user);
    await sending.getByRole('textbox', { name: 'Password', exact: true }).fill(SMTP_AUTH.pass);

    const receiving = dialog.getByRole('group', { name: 'Receiving (IMAP)' });
    await receiving.getByLabel('Fetch email from an IMAP server').check();
    // Turning TLS off moves the usual port from 993 to 143.
    await receiving.getByLabel(/^TLS from the first byte/).uncheck();
    await expect
      .poll(() => receiving.getByRole('textbox', { name: 'Port number', exact: true }).inputValue())
      .toBe('143');
    await receiving.getByRole('textbox', { name: 'Server name', exact: true }).fill(dovecot.host);
    await receiving
      .getByRole('textbox', { name: 'Port number', exact: true })
      .fill(String(dovecot.port));
    await receiving.getByRole('textbox', { name: 'User name', exact: true }).fill(dovecot.user);
    await receiving.getByRole('textbox', { name: 'Password', exact: true }).fill(dovecot.password);
    await saveScreenshot(page, 'mailbox-form');
    await dialog.getByRole('button', { name: 'Add mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row().waitFor();
    const saved = await mailbox();
    expect(saved).toMatchObject({ smtp: { password_set: true }, imap: { password_set: true } });
    const raw = await (await page.request.get(`${server.url}/api/v1/mailboxes`)).text();
    expect(raw).not.toContain(SMTP_AUTH.pass);
    expect(raw).not.toContain(dovecot.password);
  });

  it('shows that the folder was fetched, and tests the connection', async () => {
    // Saved with IMAP on, the mailbox is polled at once; the list refreshes by itself.
    await row().getByText('Fetched').waitFor({ timeout: 30_000 });
    await row().getByRole('button', { name: 'Test the connection of Help desk' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Connection test of Help desk' });
    await result.getByText('Sending: the SMTP server accepted the login.').waitFor();
    await result.getByText('Receiving: the login worked and the folder opened.').waitFor();
    await saveScreenshot(page, 'mailboxes-list');
    expect(smtp.messages).toHaveLength(0);
  });

  it('keeps a stored password when left empty, and shows a wrong one failing', async () => {
    await row().getByRole('button', { name: 'Edit Help desk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Help desk' });
    const receiving = dialog.getByRole('group', { name: 'Receiving (IMAP)' });
    await receiving.getByText('Stored. Leave empty to keep it.').waitFor();
    await expect
      .poll(() => receiving.getByRole('textbox', { name: 'Password', exact: true }).inputValue())
      .toBe('');
    // A bad port is named under its field.
    const sending = dialog.getByRole('group', { name: 'Sending (SMTP)' });
    await sending.getByRole('textbox', { name: 'Port number', exact: true }).fill('70000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await sending.getByText('must be 1–65535').waitFor();
    await sending
      .getByRole('textbox', { name: 'Port number', exact: true })
      .fill(String(smtp.port));
    await receiving
      .getByRole('textbox', { name: 'Password', exact: true })
      .fill('not-the-password');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row()
      .getByText(/Fetching failed: the IMAP server refused the user name or password/)
      .waitFor({ timeout: 40_000 });
    // The SMTP password was kept.
    await row().getByRole('button', { name: 'Test the connection of Help desk' }).click();
    const result = page.getByRole('alert').filter({ hasText: 'Connection test of Help desk' });
    await result.getByText('Sending: the SMTP server accepted the login.').waitFor();
    await result
      .getByText('Receiving: the IMAP server refused the user name or password')
      .waitFor();
    await saveScreenshot(page, 'mailboxes-failing');
  });

  it("shows an agent's reply by email as sent, or as not sent with the reason", async () => {
    const list = await api<{ items: ConversationRow[] }>('/conversations?view=all&limit=50');
    const conversation = list.items.find(
      (c) => c.channel === 'email' && !['resolved', 'closed'].includes(c.status),
    );
    expect(conversation).toBeDefined();
    await page.goto(`${server.url}/inbox/all/${conversation!.id}`);
    await page.getByRole('heading', { level: 2, name: conversation!.subject }).waitFor();
    const timeline = page.getByRole('list', { name: 'Messages' });

    const composer = page.getByRole('textbox', { name: /^Reply to / });
    await composer.fill('We are looking into it right now.');
    await page.keyboard.press('Control+Enter');
    const bubble = timeline.locator('li.bubble').filter({ hasText: 'We are looking into it' });
    await bubble.locator('[data-delivery-state="sent"]').waitFor({ timeout: 30_000 });
    await bubble.getByText('Sent', { exact: true }).waitFor();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.text).toContain('We are looking into it right now.');
    expect(mail!.parsed.text).toContain('The Demo help desk');

    // The server refuses the next one for good: the bubble says so and why.
    smtp.refuseWith(550, '5.1.1 no such user here');
    await composer.fill('Here is the invoice.');
    await page.keyboard.press('Control+Enter');
    const failed = timeline.locator('li.bubble').filter({ hasText: 'Here is the invoice.' });
    const state = failed.locator('[data-delivery-state="failed"]');
    await state.getByText('Not sent: the receiving server refused it').waitFor({ timeout: 30_000 });
    // The server's own words, for whoever fixes it, on hover.
    expect(await state.getAttribute('title')).toMatch(/5\.1\.1 no such user here/);
    await saveScreenshot(page, 'reply-delivery-states');
    smtp.refuseWith(null);
    // The one 400 is the port refused on purpose above.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
