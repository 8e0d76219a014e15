import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface ConversationRow {
  id: string;
  subject: string;
  client: { id: string; name: string };
}
interface ClientRow {
  id: string;
  name: string;
  language: string | null;
  custom_fields: Record<string, string | number>;
}

describe('the client dossier', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let csrf = '';
  let conversation: ConversationRow;
  let dossier: Locator;

  /** Calls the API as the signed-in user (the browser's session cookie and CSRF token). */
  async function api<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
    const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'x-csrf-token': csrf },
      data: body,
    });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
    // Name the resource behind a "failed to load" console error.
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/auth/session'))
        problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in as the demo admin, in English, and opens a conversation with its dossier', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The demo admin works in Spanish; this journey is told in English.
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: 'Clients' }).waitFor();
    csrf = (await api<{ csrf_token: string }>('GET', '/auth/session')).csrf_token;

    await api('POST', '/client-fields', {
      key: 'loyalty_card',
      label: 'Loyalty card',
      type: 'text',
    });
    const list = await api<{ items: ConversationRow[] }>('GET', '/conversations?view=all&limit=1');
    conversation = list.items[0]!;

    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();
    dossier = page.getByRole('complementary', { name: 'Client' });
    await dossier.getByRole('heading', { level: 2, name: conversation.client.name }).waitFor();
    await dossier
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(escape(conversation.subject)) })
      .waitFor();
  });

  it('edits the language and a custom field in place', async () => {
    await dossier.getByLabel('Language').selectOption('ru');
    const timeline = dossier.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Changed: Language').first().waitFor();

    const card = dossier.getByLabel('Loyalty card');
    await card.fill('LC-2041');
    await card.press('Enter');
    await timeline.getByText('Changed: Custom fields').first().waitFor();

    const saved = await api<ClientRow>('GET', `/clients/${conversation.client.id}`);
    expect(saved.language).toBe('ru');
    expect(saved.custom_fields.loyalty_card).toBe('LC-2041');
    expect(await dossier.getByLabel('Loyalty card').inputValue()).toBe('LC-2041');
  });

  it('adds a note', async () => {
    const note = `Prefers a call after 17:00 (${Date.now()}).`;
    await dossier.getByLabel('New note about the client').fill(note);
    await dossier.getByRole('button', { name: 'Save note' }).click();
    await dossier.getByRole('list', { name: 'Notes' }).getByText(note).waitFor();
    expect(await dossier.getByLabel('New note about the client').inputValue()).toBe('');
  });

  it('leaves the conversation room at 1280×720, and folds away', async () => {
    const pane = page.locator('.conversation-pane');
    const paneBox = (await pane.boundingBox())!;
    const dossierBox = (await dossier.boundingBox())!;
    expect(paneBox.width).toBeGreaterThanOrEqual(460);
    expect(dossierBox.width).toBeGreaterThanOrEqual(250);
    expect(dossierBox.x + dossierBox.width).toBeLessThanOrEqual(1280);
    await saveScreenshot(page, 'conversation-dossier');

    await dossier.getByRole('button', { name: 'Hide the client dossier' }).click();
    await dossier.getByRole('button', { name: 'Show the client dossier' }).waitFor();
    expect((await pane.boundingBox())!.width).toBeGreaterThan(paneBox.width + 150);
    await dossier.getByRole('button', { name: 'Show the client dossier' }).click();
    await dossier.getByRole('heading', { level: 2, name: conversation.client.name }).waitFor();
  });

  it('opens the client page from the conversation header', async () => {
    await page
      .getByRole('region', { name: conversation.subject })
      .getByRole('link', { name: conversation.client.name })
      .click();
    await page.waitForURL(`**/clients/${conversation.client.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.client.name }).waitFor();
    await page
      .getByRole('list', { name: 'Notes' })
      .getByText('Prefers a call after 17:00')
      .waitFor();
  });

  it('merges a duplicate: its conversations move and the survivor opens', async () => {
    const stamp = Date.now();
    const duplicate = await api<ClientRow>('POST', '/clients', {
      name: `${conversation.client.name} (old record)`,
      emails: [`old.record.${stamp}@example.test`],
    });
    const subject = `Invoice copy please ${stamp}`;
    await api('POST', '/conversations', {
      client_id: duplicate.id,
      subject,
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Could you send me the invoice again?' },
    });

    // From the duplicate's page, keeping the original.
    await page.goto(`${server.url}/clients/${duplicate.id}`);
    const conversations = page.getByRole('list', { name: 'Conversations' });
    await conversations.getByRole('link', { name: new RegExp(escape(subject)) }).waitFor();
    await page.getByRole('button', { name: 'Merge a duplicate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge duplicate clients' });
    await dialog.getByLabel('Find the duplicate').fill(conversation.client.name);
    await dialog.getByRole('radio', { name: conversation.client.name, exact: true }).check();
    await dialog
      .getByRole('radio', { name: `Keep ${conversation.client.name}`, exact: true })
      .check();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.waitForURL(`**/clients/${conversation.client.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.client.name }).waitFor();
    await conversations.getByRole('link', { name: new RegExp(escape(subject)) }).waitFor();
    await conversations
      .getByRole('link', { name: new RegExp(escape(conversation.subject)) })
      .waitFor();
    await page
      .getByRole('list', { name: 'Emails and phones' })
      .getByText(`old.record.${stamp}@example.test`)
      .waitFor();
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByText(/A duplicate was merged in \(1 conversation moved\)/)
      .waitFor();
    const gone = await page.request.get(`${server.url}/api/v1/clients/${duplicate.id}`);
    expect(gone.status()).toBe(404);
    await saveScreenshot(page, 'client');
  });

  it('finds clients as one types and creates a new one', async () => {
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.waitForURL('**/clients');
    await page.getByRole('table', { name: 'Clients' }).waitFor();
    await page.getByLabel('Search clients').fill(conversation.client.name.slice(0, 6));
    await page
      .getByRole('table', { name: 'Clients' })
      .getByRole('link', { name: conversation.client.name, exact: true })
      .waitFor();

    await page.getByRole('button', { name: 'New client' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client' });
    const name = `Zsófia Nagy ${Date.now()}`;
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Email').fill(`zsofia.${Date.now()}@example.hu`);
    await dialog.getByLabel('Language').selectOption('hu');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await page.waitForURL(/\/clients\/\d+$/);
    await page.getByRole('heading', { level: 2, name }).waitFor();
    expect(problems).toEqual([]);
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
