import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSmsProviderStandIn, type SmsProviderStandIn } from '../test/sms-provider-standin.ts';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface Row {
  id: string;
  subject: string;
  status: string;
  client: { id: string; name: string };
}

/** "YYYY-MM-DDTHH:mm" in the browser's time zone, what a datetime-local input takes. */
const localInput = (page: Page, offsetMinutes: number) =>
  page.evaluate((minutes) => {
    const d = new Date(Date.now() + minutes * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, offsetMinutes);

describe('phone calls, callbacks and SMS in the agent app', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let standin: SmsProviderStandIn;
  let conversation: Row;
  let phone = '';

  const api = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;
  const timeline = () => page.getByRole('list', { name: 'Messages' });
  const eventLine = (text: string | RegExp) =>
    timeline().locator('li.timeline-event').filter({ hasText: text });

  beforeAll(async () => {
    [server, browser, standin] = await Promise.all([
      startRapport(),
      launchChromium(),
      startSmsProviderStandIn(),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'phone-and-sms-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await standin?.close();
  });

  it('signs in as the demo admin and switches to English', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    await page.getByRole('banner').getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: /^All/ }).waitFor();
  });

  it('logs a call from a conversation: the timeline and the dossier show it', async () => {
    const list = await api<{ items: Row[] }>('/conversations?view=all&limit=50');
    for (const row of list.items) {
      if (['resolved', 'closed'].includes(row.status)) continue;
      const client = await api<{ phones: string[] }>(`/clients/${row.client.id}`);
      if (client.phones.length) {
        conversation = row;
        phone = client.phones[0]!;
        break;
      }
    }
    expect(phone).not.toBe('');
    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();

    await page.locator('.conversation-header').getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByRole('dialog', { name: /^Log a call with/ });
    // Prefilled with the client's number.
    await expect.poll(() => dialog.getByLabel('Number').inputValue()).toBe(phone);
    await dialog.getByText('Inbound', { exact: true }).click();
    await dialog.getByLabel('Duration (minutes)').fill('4');
    await dialog.getByLabel('Outcome').selectOption('voicemail');
    await dialog.getByLabel('Notes').fill('Left a message about the delivery date.');
    await saveScreenshot(page, 'log-call-dialog');
    await dialog.getByRole('button', { name: 'Log the call' }).click();
    await dialog.waitFor({ state: 'detached' });

    await eventLine(`Ana García logged an inbound call with ${phone}: Voicemail, 4:00`).waitFor();
    const dossierCalls = page.getByRole('list', { name: 'Calls' });
    await dossierCalls.getByText('Voicemail').waitFor();
    const calls = await api<{
      items: { direction: string; duration_seconds: number; notes: string }[];
    }>(`/calls?conversation_id=${conversation.id}`);
    expect(calls.items[0]).toMatchObject({
      direction: 'inbound',
      duration_seconds: 240,
      notes: 'Left a message about the delivery date.',
    });
  });

  it('refuses a call without a number, naming the field', async () => {
    await page.locator('.conversation-header').getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByRole('dialog', { name: /^Log a call with/ });
    await expect.poll(() => dialog.getByLabel('Number').inputValue()).toBe(phone);
    await dialog.getByLabel('Number').fill('');
    await dialog.getByRole('button', { name: 'Log the call' }).click();
    await dialog.getByText('Enter the number').waitFor();
    await dialog.getByLabel('Number').fill('call me maybe');
    await dialog.getByRole('button', { name: 'Log the call' }).click();
    await dialog.getByText('must be a phone number').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The console noted the refused request: that one was expected.
    problems.splice(0, problems.length);
  });

  it('offers a callback that is due now and finds it highlighted on the callbacks page', async () => {
    await page.getByRole('button', { name: 'Offer a callback' }).click();
    const dialog = page.getByRole('dialog', { name: /callback/ });
    await expect.poll(() => dialog.getByLabel('Phone number').inputValue()).toBe(phone);
    // A window that began two minutes ago and is still open: due now.
    await dialog.getByLabel('Call at (or from)').fill(await localInput(page, -2));
    await dialog.getByLabel('Until (optional)').fill(await localInput(page, 60));
    await dialog.getByLabel('Note').fill('Wants to confirm the delivery date.');
    await dialog.getByRole('button', { name: 'Schedule the callback' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventLine(`Ana García offered a callback to ${phone}`).waitFor();

    await page.getByRole('link', { name: 'Callbacks', exact: true }).click();
    await page.getByRole('heading', { name: 'Callbacks' }).waitFor();
    const row = page.getByRole('listitem', { name: `${conversation.client.name} ${phone}` });
    await row.getByText('Wants to confirm the delivery date.').waitFor();
    await row.getByText('Due', { exact: true }).waitFor();
    expect(await row.getAttribute('data-timing')).toBe('due');
    await saveScreenshot(page, 'callbacks-page');

    // A failed attempt counts and stays on the list.
    await row.getByRole('button', { name: 'Record attempt' }).click();
    const attempt = page.getByRole('dialog', { name: 'Record a failed attempt' });
    await attempt.getByLabel('Outcome', { exact: true }).fill('Line busy, try after lunch');
    await attempt.getByRole('button', { name: 'Record attempt' }).click();
    await attempt.waitFor({ state: 'detached' });
    await row.getByText('1 attempt', { exact: false }).waitFor();
  });

  it('tells the responsible person in the bell when the callback is due', async () => {
    // The callbacks sweep runs every minute.
    await expect
      .poll(
        async () =>
          (await api<{ items: { kind: string }[] }>('/notifications?limit=20')).items.some(
            (n) => n.kind === 'callback.due',
          ),
        { timeout: 150_000, interval: 2_000 },
      )
      .toBe(true);
    await page.reload();
    await page.getByTestId('notification-bell').click();
    await page
      .getByText(`Time to call back ${conversation.client.name}: ${phone}`)
      .first()
      .waitFor();
    await saveScreenshot(page, 'callback-due-bell');
    await page.keyboard.press('Escape');
  }, 180_000);

  it('logs a call from the client page', async () => {
    await page.goto(`${server.url}/clients/${conversation.client.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.client.name }).waitFor();
    await page.getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByRole('dialog', { name: /^Log a call with/ });
    await expect.poll(() => dialog.getByLabel('Number').inputValue()).toBe(phone);
    await dialog.getByLabel('Notes').fill('Confirmed the delivery for Friday.');
    await dialog.getByRole('button', { name: 'Log the call' }).click();
    await dialog.waitFor({ state: 'detached' });
    const calls = page.getByRole('list', { name: 'Calls' });
    await calls.getByText('Confirmed the delivery for Friday.').waitFor();
    await calls.getByText('Left a message about the delivery date.').waitFor();
    await page
      .getByText(`Ana García logged an outbound call with ${phone}: Answered, 0:00`)
      .first()
      .waitFor();
  });

  it('an admin adds an SMS provider; a client texts in and the reply goes out by the provider', async () => {
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'SMS providers' }).click();
    await page.getByRole('heading', { name: 'SMS providers' }).waitFor();
    await page.getByLabel(/^Name/).fill('Stand-in gateway');
    await page.getByLabel('Phone number').fill('+34600999111');
    await page.getByLabel('Send URL').fill(standin.sendUrl);
    await page.getByLabel('Header value').fill('Bearer e2e');
    await page.getByRole('button', { name: 'Add provider' }).click();
    // The signing secret is shown once.
    const alert = page.getByRole('alert').filter({ hasText: 'Stand-in gateway' });
    const secret = (await alert.locator('code').textContent())!.trim();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const table = page.getByRole('table', { name: 'SMS providers' });
    await table.getByText('+34600999111').waitFor();
    await saveScreenshot(page, 'sms-providers-admin');
    const providers = await api<{ items: { id: string; webhooks: { inbound_url: string } }[] }>(
      '/sms-providers',
    );
    const provider = providers.items[0]!;
    expect(provider.webhooks.inbound_url).toBe(`${server.url}/api/v1/sms/${provider.id}/inbound`);

    // The provider posts a client's text, signed with that secret.
    const hook = await standin.callWebhook(provider.webhooks.inbound_url, secret, {
      id: 'e2e-1',
      from: '+36205550123',
      to: '+34600999111',
      text: 'Is the shop open on Saturday?',
    });
    expect(hook.status).toBe(200);
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByText('Is the shop open on Saturday?').first().click();
    await page.getByRole('heading', { level: 2, name: 'Is the shop open on Saturday?' }).waitFor();
    const before = standin.sent().length;
    await page.getByLabel(/^Reply to/).fill('Yes, from 9 to 14.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const sent = (await standin.waitForSent(before + 1))[before]!;
    expect(sent).toMatchObject({
      from: '+34600999111',
      to: '+36205550123',
      text: 'Yes, from 9 to 14.',
    });
    expect(sent.headers.authorization).toBe('Bearer e2e');
  });

  it('shows the same screens usably on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/callbacks`);
    await page.getByRole('heading', { name: 'Callbacks' }).waitFor();
    const row = page.getByRole('listitem', { name: `${conversation.client.name} ${phone}` });
    await row.getByRole('button', { name: 'Complete' }).waitFor();
    // Nothing wider than the screen.
    const overflow = () =>
      page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'callbacks-page-phone');
    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('button', { name: 'Log a call' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${server.url}/admin/sms`);
    await page.getByRole('heading', { name: 'SMS providers' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'sms-providers-admin-phone');
    expect(problems).toEqual([]);
  });
});
