import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

// Two agents in two browser contexts (two people, two sessions) on one
// conversation: each sees the other, and what one does appears on the other's
// screen without a reload. Ana (the demo admin) works in Spanish, Ioana in Romanian.

const PASSWORD = 'rapport-demo';

describe('realtime: two agents, one conversation', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ana: Page;
  let ioana: Page;
  const problems: string[] = [];
  let conversationId = '';
  /** What Ioana's realtime socket received, to tell a live update from the slow polling fallback. */
  const ioanaFrames: string[] = [];

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems.push(...watchConsole(page));
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/inbox/**');
    return page;
  }

  /** Calls the API as the page's signed-in user (cookie plus CSRF token). */
  async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown) {
    const session = (await (
      await page.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as {
      csrf_token: string;
    };
    const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'x-csrf-token': session.csrf_token, 'content-type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    ana = await signIn('admin@demo.rapport.test');
    ioana = await signIn('ioana@demo.rapport.test');
    ioana.on('websocket', (socket) => {
      socket.on('framereceived', (f) => {
        if (typeof f.payload === 'string') ioanaFrames.push(f.payload);
      });
    });
    // Her next page load (the conversation, below) opens a socket this sees.
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows who else has the conversation open, and who is replying', async () => {
    const list = await api<{ items: { id: string; status: string }[] }>(
      ana,
      'GET',
      '/conversations?view=all&limit=20',
    );
    conversationId = list.items.find((c) => !['resolved', 'closed'].includes(c.status))!.id;
    await ana.goto(`${server.url}/inbox/all/${conversationId}`);
    await ioana.goto(`${server.url}/inbox/all/${conversationId}`);

    const presenceOnIoana = ioana.getByTestId('presence');
    await presenceOnIoana.getByText('Ana García vizualizează').waitFor();
    await ana.getByTestId('presence').getByText('Ioana Popescu está viendo').waitFor();

    // Ana types: Ioana sees that she is replying.
    await ana.locator('textarea').first().fill('Hola, lo reviso ahora mismo');
    await presenceOnIoana.getByText('Ana García răspunde…').waitFor();
  });

  it('shows Ana’s reply on Ioana’s screen without a reload', async () => {
    const reply = `Respuesta en vivo ${Date.now()}`;
    const box = ana.locator('textarea').first();
    await box.fill(reply);
    await box.press('Control+Enter');
    await ana.getByText(reply).first().waitFor();
    // Well before the timeline's 15 s polling could have fetched it.
    await ioana.getByText(reply).first().waitFor({ timeout: 5_000 });
    expect(
      ioanaFrames.some((f) => f.includes('"message.created"') && f.includes(`"${conversationId}"`)),
    ).toBe(true);
  });

  it('shows Ana’s change to the client in the dossier beside Ioana’s conversation', async () => {
    const conversation = await api<{ client: { id: string } }>(
      ana,
      'GET',
      `/conversations/${conversationId}`,
    );
    const name = `Cliente renombrado ${Date.now()}`;
    const res = await ana.request.fetch(`${server.url}/api/v1/clients/${conversation.client.id}`, {
      method: 'PATCH',
      headers: {
        'x-csrf-token': (
          (await (await ana.request.get(`${server.url}/api/v1/auth/session`)).json()) as {
            csrf_token: string;
          }
        ).csrf_token,
        'content-type': 'application/json',
      },
      data: JSON.stringify({ name }),
    });
    expect(res.ok(), await res.text()).toBe(true);
    await ioana.getByText(name).first().waitFor({ timeout: 5_000 });
    expect(
      ioanaFrames.some(
        (f) => f.includes('"client.updated"') && f.includes(`"${conversation.client.id}"`),
      ),
    ).toBe(true);
  });

  it('puts a conversation created through the API into Ioana’s inbox', async () => {
    const subject = `Pedido urgente ${Date.now()}`;
    await api(ana, 'POST', '/conversations', {
      client: { email: `live-${Date.now()}@example.test`, name: 'Cliente en vivo' },
      subject,
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Necesito ayuda con mi pedido' },
    });
    await ioana.getByText(subject).first().waitFor({ timeout: 5_000 });
    expect(ioanaFrames.some((f) => f.includes('"conversation.created"'))).toBe(true);
  });

  it('raises Ioana’s bell when a notification reaches her, and lists it', async () => {
    const bell = ioana.getByTestId('notification-bell');
    await bell.waitFor();
    const before = Number(await bell.getAttribute('data-unread'));
    const users = await api<{ items: { id: string; email: string }[] }>(
      ana,
      'GET',
      '/users?limit=50',
    );
    const ioanaId = users.items.find((u) => u.email === 'ioana@demo.rapport.test')!.id;
    await api(ana, 'POST', `/conversations/${conversationId}/escalations`, {
      to_user_id: ioanaId,
      note: 'Por favor, llama al cliente',
    });
    await ioana.locator(`[data-testid="notification-bell"][data-unread="${before + 1}"]`).waitFor();

    await bell.click();
    const dialog = ioana.getByRole('dialog', { name: 'Notificări' });
    await dialog
      .getByText(/Escaladat către tine/)
      .first()
      .waitFor();
    await saveScreenshot(ioana, 'realtime');

    await dialog.getByRole('button', { name: 'Marchează toate ca citite' }).click();
    await ioana.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();
    expect(problems).toEqual([]);
  });
});
