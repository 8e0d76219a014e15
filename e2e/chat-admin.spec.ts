import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface ChatSettingsBody {
  enabled: boolean;
  prechat_form: boolean;
  greetings: Record<string, string>;
  allowed_origins: string[];
}

const HUNGARIAN = 'Üdvözöljük! Miben segíthetünk?';

/** Signs in on a fresh page of its own and switches to English. */
async function signIn(browser: Browser, url: string, email: string, width = 1280, height = 720) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('rapport-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Each demo user has a language of their own; the picker is the banner's one select.
  const picker = page.getByRole('banner').locator('select');
  await picker.waitFor();
  await picker.selectOption('en');
  await page.getByRole('link', { name: /^All/ }).waitFor();
  return { context, page };
}

// An admin sets up the web chat: the pre-chat form, a Hungarian greeting, the
// sites allowed to embed it, and copies the embed code for the workspace.
describe('an admin sets up the web chat', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const settings = async () =>
    (await (
      await page.request.get(`${server.url}/api/v1/chat/settings`)
    ).json()) as ChatSettingsBody;
  const form = () => page.locator('form');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    ({ context, page } = await signIn(browser, server.url, 'admin@demo.rapport.test'));
    problems = watchConsole(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'chat-admin-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('turns on the pre-chat form and sets a Hungarian greeting that stay after a reload', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Web chat' }).click();
    await page.getByRole('heading', { level: 2, name: 'Web chat' }).waitFor();
    const prechat = form().getByRole('checkbox', {
      name: 'Ask for name and email before the chat',
    });
    expect(await prechat.isChecked()).toBe(false);
    await prechat.check();
    await form().getByRole('textbox', { name: 'Magyar', exact: true }).fill(HUNGARIAN);
    await form().getByRole('button', { name: 'Save' }).click();
    await form().getByRole('status').getByText('Saved.').waitFor();
    expect(await settings()).toMatchObject({
      enabled: true,
      prechat_form: true,
      greetings: { hu: HUNGARIAN },
    });

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Web chat' }).waitFor();
    await expect
      .poll(() =>
        form()
          .getByRole('checkbox', { name: 'Ask for name and email before the chat' })
          .isChecked(),
      )
      .toBe(true);
    expect(await form().getByRole('textbox', { name: 'Magyar', exact: true }).inputValue()).toBe(
      HUNGARIAN,
    );
    // The other languages were left empty: the widget's own greeting.
    expect(await form().getByRole('textbox', { name: 'Español', exact: true }).inputValue()).toBe(
      '',
    );
    await saveScreenshot(page, 'chat-admin');
  });

  it('names a line that is not an origin and saves nothing; saves good ones', async () => {
    const box = form().getByRole('textbox', { name: 'Allowed websites' });
    await box.fill('https://shop.example.com\nshop.example.com/path');
    await form().getByRole('button', { name: 'Save' }).click();
    await form()
      .getByText(/^Line 2: “shop\.example\.com\/path” is not an origin/)
      .waitFor();
    expect((await settings()).allowed_origins).toEqual([]);

    await box.fill('https://Shop.example.com\n\nhttp://localhost:8080');
    await form().getByRole('button', { name: 'Save' }).click();
    await form().getByRole('status').getByText('Saved.').waitFor();
    expect((await settings()).allowed_origins).toEqual([
      'https://shop.example.com',
      'http://localhost:8080',
    ]);
    // What the server kept (lower case, no empty line) is what the box shows.
    await expect
      .poll(() => box.inputValue())
      .toBe('https://shop.example.com\nhttp://localhost:8080');
  });

  it('shows the embed code for this server and workspace, and copies it', async () => {
    const session = (await (
      await page.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as {
      workspace: { id: string };
    };
    const embed = page.getByRole('region', { name: 'Embed code' });
    const code = await embed.locator('pre').innerText();
    expect(code).toBe(
      `<script src="${server.url}/widget.js" data-workspace="${session.workspace.id}" async></script>`,
    );
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await embed.getByRole('button', { name: 'Copy' }).click();
    await embed.getByRole('button', { name: 'Copied' }).waitFor();
    await embed.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'chat-admin-embed');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(code);
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const phone = await signIn(browser, server.url, 'admin@demo.rapport.test', 390, 844);
    await phone.page.goto(`${server.url}/admin/chat`);
    await phone.page.getByRole('heading', { level: 2, name: 'Web chat' }).waitFor();
    await phone.page.getByRole('textbox', { name: 'Magyar', exact: true }).waitFor();
    // Nothing sticks out sideways (the embed code wraps).
    const overflow = await phone.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(phone.page, 'chat-admin-phone');
    await phone.page.getByRole('region', { name: 'Embed code' }).scrollIntoViewIfNeeded();
    await saveScreenshot(phone.page, 'chat-admin-phone-embed');
    await phone.context.close();
  });

  it('is not in the menu of a supervisor, and the API refuses their change', async () => {
    const supervisor = await signIn(browser, server.url, 'bence@demo.rapport.test');
    await supervisor.page.goto(`${server.url}/admin`);
    await supervisor.page.getByRole('link', { name: 'Teams' }).waitFor();
    expect(await supervisor.page.getByRole('link', { name: 'Web chat' }).count()).toBe(0);
    const { csrf_token } = (await (
      await supervisor.page.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as { csrf_token: string };
    const refused = await supervisor.page.request.put(`${server.url}/api/v1/chat/settings`, {
      headers: { 'x-csrf-token': csrf_token },
      data: { enabled: false, prechat_form: false, greetings: {}, allowed_origins: [] },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await settings()).enabled).toBe(true);
    await supervisor.context.close();
  });
});
