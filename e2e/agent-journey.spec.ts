import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  client: { name: string };
}

describe('an agent’s first day in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let openedId = '';
  let openedSubject = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the sign-in screen and says when the password is wrong', async () => {
    await page.goto(server.url);
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await saveScreenshot(page, 'login');

    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The email or password is not right.' })
      .waitFor();
  });

  it('signs in and shows the inbox in the user’s language, with the counts of each view', async () => {
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The demo admin works in Spanish: the app switches to it on sign-in.
    const all = page.getByRole('link', { name: /^Todas/ });
    await all.waitFor();
    const counts = (await (
      await page.request.get(`${server.url}/api/v1/conversations/counts`)
    ).json()) as Record<string, number>;
    expect(counts.all).toBeGreaterThan(0);
    await page.getByLabel(`${counts.all} conversaciones`).waitFor();
    await page
      .getByLabel(`${counts.mine} conversaci${counts.mine === 1 ? 'ón' : 'ones'}`)
      .first()
      .waitFor();

    await all.click();
    await page.waitForURL('**/inbox/all');
    await page.getByRole('region', { name: 'Conversaciones' }).getByRole('link').first().waitFor();
    await saveScreenshot(page, 'inbox');
  });

  it('opens a conversation, sends a reply and sees it at the bottom of the timeline', async () => {
    const list = (await (
      await page.request.get(`${server.url}/api/v1/conversations?view=all&limit=1`)
    ).json()) as {
      items: ConversationRow[];
    };
    const conversation = list.items[0]!;
    openedId = conversation.id;
    openedSubject = conversation.subject;
    await page.getByRole('link', { name: new RegExp(escape(conversation.subject)) }).click();
    await page.waitForURL(`**/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();

    const reply = `Gracias, lo revisamos hoy mismo (${Date.now()}).`;
    const composer = page.getByLabel(`Responder a ${conversation.client.name}`);
    await composer.fill(reply);
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();

    const timeline = page.getByRole('list', { name: 'Mensajes' });
    await timeline.getByRole('listitem').filter({ hasText: reply }).waitFor();
    expect(await timeline.getByRole('listitem').last().textContent()).toContain(reply);
    expect(await composer.inputValue()).toBe('');
  });

  it('writes an internal note, told apart from replies, and changes the status', async () => {
    // Mantine keeps the radio itself off screen; its label is what one clicks.
    await page
      .locator('label')
      .filter({ hasText: /^Nota interna$/ })
      .click();
    expect(await page.getByRole('radio', { name: 'Nota interna' }).isChecked()).toBe(true);
    const note = `Cliente habitual, ofrecer envío gratis (${Date.now()}).`;
    await page.getByLabel('Nota interna (solo la ven los agentes)').fill(note);
    await page.getByRole('button', { name: 'Añadir nota' }).click();
    const item = page
      .getByRole('list', { name: 'Mensajes' })
      .getByRole('listitem')
      .filter({ hasText: note });
    await item.waitFor();
    expect(await item.getAttribute('class')).toContain('note');
    expect(await item.textContent()).toContain('Nota interna');

    // The conversation's own status control (the inbox has a status filter too).
    const pane = page.getByRole('region', { name: openedSubject });
    await pane.getByLabel('Estado', { exact: true }).selectOption('pending');
    // The list is refreshed from the server, so its row shows what was saved.
    await pane
      .getByRole('combobox', { name: 'Estado', exact: true })
      .and(page.locator(':enabled'))
      .waitFor();
    await page.waitForFunction(async (url) => {
      const res = await fetch(url);
      return ((await res.json()) as { status: string }).status === 'pending';
    }, `${server.url}/api/v1/conversations/${openedId}`);
    await saveScreenshot(page, 'conversation');
  });

  it('switches to Hungarian and back without reloading the page', async () => {
    // A reload would lose this.
    await page.evaluate('window.rapportE2eMarker = true');

    // The language of the app, in the header (a client's language is in the dossier).
    await page.getByRole('banner').getByLabel('Idioma').selectOption('hu');
    await page.getByRole('link', { name: /^Összes/ }).waitFor();
    await page.getByRole('button', { name: 'Megjegyzés hozzáadása' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('hu');
    await saveScreenshot(page, 'conversation-hu');

    await page.getByRole('banner').getByLabel('Nyelv').selectOption('es');
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    expect(await page.evaluate('window.rapportE2eMarker')).toBe(true);
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    const session = await page.request.get(`${server.url}/api/v1/auth/session`);
    expect(session.status()).toBe(401);
    expect(problems).toEqual([]);
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
