import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
}

const MAILBOX = 'support@rapport.test';
// A 1×1 PNG, for the "remote" image server.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// Hostile email HTML (fixture 31: scripts, SVG onload, onerror, handlers) arrives over SMTP;
// the agent sees it formatted, in a sandboxed frame where nothing of it runs and no remote
// image loads until asked for.
describe('an email with hostile HTML', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let csrf = '';
  let smtpPort: number;
  let remote: Server;
  let remoteUrl = '';
  const remoteHits: string[] = [];
  const dialogs: string[] = [];
  const offSiteRequests: string[] = [];

  async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
    const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'x-csrf-token': csrf },
      data: body,
    });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    remote = createHttpServer((req, res) => {
      remoteHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
      res.end(PNG);
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    smtpPort = await freePort();
    [server, browser] = await Promise.all([
      startRapport({
        env: { RAPPORT_SMTP_PORT: String(smtpPort), RAPPORT_SMTP_HOST: '127.0.0.1' },
      }),
      launchChromium(),
    ]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !/^(data|about|blob):/.test(url))
        offSiteRequests.push(url);
    });
    await page.goto(server.url);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    await page.getByRole('banner').getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: /^All/ }).waitFor();
    csrf = (await api<{ csrf_token: string }>('GET', '/auth/session')).csrf_token;
    await api('POST', '/mailboxes', { name: 'Support', address: MAILBOX });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'email-html-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => remote?.close(resolve));
  });

  it('shows it sandboxed: nothing runs, no remote request, the text is readable', async () => {
    const fixture = await readFile('test/fixtures/email/31-xss-script-svg-onerror.eml', 'utf8');
    // The fixture, with a remote image (served by this test) next to its traps.
    const raw = fixture
      .replace(/^Message-ID: .*$/m, `Message-ID: <email-html-${Date.now()}@e2e.test>`)
      .replace(
        '<p>Hi</p>',
        `<p>Hi</p><p>Our logo:</p><img src="${remoteUrl}/logo.png" alt="remote logo" width="40" height="40">`,
      )
      .replace(/\r?\n/g, '\r\n');
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      envelope: { from: 'mallory@evil.example', to: [MAILBOX] },
      raw,
    });
    transport.close();

    let conversation: ConversationRow | undefined;
    await expect
      .poll(
        async () => {
          const list = await api<{ items: ConversationRow[] }>(
            'GET',
            '/conversations?view=all&limit=50',
          );
          conversation = list.items.find((c) => c.subject === 'XSS script and handlers');
          return conversation !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    await page.goto(`${server.url}/inbox/all/${conversation!.id}`);
    await page.getByRole('heading', { level: 2, name: 'XSS script and handlers' }).waitFor();
    const frame = page.locator('iframe[title="Email from Mallory"]');
    await frame.waitFor();
    // Sandboxed: no scripts, no same origin.
    const sandbox = (await frame.getAttribute('sandbox')) ?? '';
    expect(sandbox.split(/\s+/)).not.toContain('allow-scripts');
    expect(sandbox.split(/\s+/)).not.toContain('allow-same-origin');
    expect(await frame.getAttribute('srcdoc')).toMatch(
      /http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';[^"]*img-src data:;/,
    );
    const inside = page.frameLocator('iframe[title="Email from Mallory"]');
    await inside.getByText('Hi', { exact: true }).waitFor();
    await inside.getByText('hover', { exact: true }).hover();
    await inside.getByText('hover', { exact: true }).click();
    await expect.poll(() => inside.getByAltText('remote logo').count()).toBe(1);
    expect(await inside.getByAltText('remote logo').getAttribute('src')).toBeNull();
    await page.getByText('Remote images are blocked to protect your privacy —').waitFor();
    await saveScreenshot(page, 'email-html-blocked');

    expect(dialogs).toEqual([]);
    expect(offSiteRequests).toEqual([]);
    expect(remoteHits).toEqual([]);

    // The plain text instead, and back.
    await page.getByRole('button', { name: 'Show plain text' }).click();
    await expect.poll(() => frame.count()).toBe(0);
    await page.getByRole('button', { name: 'Show formatted email' }).click();
    await frame.waitFor();
  });

  it('loads the remote images once the agent asks', async () => {
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Remote images are shown.').waitFor();
    const inside = page.frameLocator('iframe[title="Email from Mallory"]');
    await expect
      .poll(() => inside.getByAltText('remote logo').getAttribute('src'))
      .toBe(`${remoteUrl}/logo.png`);
    await expect.poll(() => remoteHits).toEqual(['/logo.png']);
    // The image really rendered (a broken one has naturalWidth 0).
    await expect
      .poll(() =>
        inside.getByAltText('remote logo').evaluate((el) => {
          const img = el as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth > 0;
        }),
      )
      .toBe(true);
    await saveScreenshot(page, 'email-html-remote-shown');
    expect(dialogs).toEqual([]);
    expect(offSiteRequests.every((u) => u.startsWith(remoteUrl))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows an inline (cid:) image from the message’s attachments', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'Inline Ida <ida@senders.test>',
      to: MAILBOX,
      subject: 'Inline picture',
      text: 'See the picture.',
      html: '<p>See the picture.</p><img src="cid:photo.png@e2e.test" alt="inline photo">',
      attachments: [{ filename: 'photo.png', content: PNG, cid: 'photo.png@e2e.test' }],
    });
    transport.close();
    let conversation: ConversationRow | undefined;
    await expect
      .poll(
        async () => {
          const list = await api<{ items: ConversationRow[] }>(
            'GET',
            '/conversations?view=all&limit=50',
          );
          conversation = list.items.find((c) => c.subject === 'Inline picture');
          return conversation !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await page.goto(`${server.url}/inbox/all/${conversation!.id}`);
    const inside = page.frameLocator('iframe[title="Email from Inline Ida"]');
    await inside.getByText('See the picture.').waitFor();
    await expect
      .poll(() => inside.getByAltText('inline photo').getAttribute('src'))
      .toMatch(/^data:image\/png;base64,/);
    await expect
      .poll(() =>
        inside.getByAltText('inline photo').evaluate((el) => {
          const img = el as unknown as { complete: boolean; naturalWidth: number };
          return img.complete && img.naturalWidth > 0;
        }),
      )
      .toBe(true);
    // No remote images here, so no notice.
    await expect.poll(() => page.locator('[data-remote-notice]').count()).toBe(0);
    await saveScreenshot(page, 'email-html-inline-image');
    expect(problems).toEqual([]);
  });
});
