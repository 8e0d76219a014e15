import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  seriousViolations,
  startRapport,
  type RunningServer,
} from './browser.ts';

// axe-core checks each main screen, and the dialogs of a conversation, against
// WCAG 2.1 A and AA (labels, names, roles, contrast of text on its background)
// as rendered in Chromium.
const audit = async (page: Page) => seriousViolations(await axeViolations(page));

describe('accessibility of the main screens', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    // The app's CSP allows its own scripts only; axe is injected for the audit.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
      bypassCSP: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in page', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').waitFor();
    expect(await audit(page)).toEqual([]);
  });

  it('the inbox, a conversation, a client page and the admin', async () => {
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/inbox/**');
    await page.getByRole('link', { name: /./ }).first().waitFor();
    const problems: string[] = [];
    problems.push(...(await audit(page)).map((p) => `inbox: ${p}`));

    const list = await page.request.get(`${server.url}/api/v1/conversations?view=all&limit=5`);
    const first = ((await list.json()) as { items: { id: string; client: { id: string } }[] })
      .items[0]!;
    await page.goto(`${server.url}/inbox/all/${first.id}`);
    await page.locator('textarea').first().waitFor();
    problems.push(...(await audit(page)).map((p) => `conversation: ${p}`));

    // The conversation's dialogs: their fields and their close buttons have names
    // (in Spanish, the demo admin's language).
    for (const [button, name] of [
      ['Ofrecer devolver la llamada', 'callback'],
      ['Escalar', 'escalate'],
    ] as const) {
      await page.getByRole('button', { name: button, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cerrar' }).waitFor();
      problems.push(...(await audit(page)).map((p) => `${name} dialog: ${p}`));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }

    await page.goto(`${server.url}/clients/${first.client.id}`);
    await page.getByRole('heading').first().waitFor();
    problems.push(...(await audit(page)).map((p) => `client: ${p}`));

    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading').first().waitFor();
    problems.push(...(await audit(page)).map((p) => `admin: ${p}`));
    expect(problems).toEqual([]);
  });
});
