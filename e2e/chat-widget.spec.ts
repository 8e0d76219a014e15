import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

// A shop's page on another origin, with a Content-Security-Policy that allows
// no inline script or style and requires Trusted Types, embeds the widget; a
// Romanian visitor chats with Ana (the demo admin, working in Spanish) in the
// agent app, live both ways.

describe('the chat widget on a page with a strict Content-Security-Policy', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: Server;
  let hostUrl = '';
  let agent: Page;
  let visitor: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-widget.js', '--if-stale'], { stdio: 'pipe' });
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    agent = await agentContext.newPage();
    agent.setDefaultTimeout(15_000);
    problems.push(...watchConsole(agent));
    await agent.goto(`${server.url}/login`);
    await agent.getByLabel('Email').fill('admin@demo.rapport.test');
    await agent.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('link', { name: /^Todas/ }).waitFor();
    const session = (await (
      await agent.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as {
      workspace: { id: string };
    };

    const rapport = new URL(server.url);
    const csp = [
      "default-src 'none'",
      `script-src ${rapport.origin}`,
      `connect-src ws://${rapport.host}`,
      "style-src 'self'",
      "img-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "require-trusted-types-for 'script'",
    ].join('; ');
    const page = `<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><title>Magazin</title></head>
<body><h1>Magazinul nostru</h1>
<script src="${server.url}/widget.js" data-workspace="${session.workspace.id}" async></script>
</body></html>`;
    host = createServer((req, res) => {
      if (req.url !== '/') return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
      });
      res.end(page);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;

    const visitorContext = await browser.newContext({
      viewport: { width: 1000, height: 720 },
      locale: 'en-US',
    });
    visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(15_000);
    problems.push(...watchConsole(visitor));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => host?.close(resolve));
  });

  it('chats live both ways, in the page language, with its styles and nothing blocked', async () => {
    await visitor.goto(hostUrl);
    // The page says Romanian (html lang), the browser English: the page wins.
    const launcher = visitor.getByRole('button', { name: 'Deschide chatul' });
    // The constructed stylesheet applies under style-src 'self'.
    expect(
      await launcher.evaluate(
        (b) => b.ownerDocument.defaultView!.getComputedStyle(b).backgroundColor,
      ),
    ).toBe('rgb(37, 99, 235)');
    await launcher.click();
    await visitor.getByRole('button', { name: 'Închide chatul' }).first().waitFor();
    const input = visitor.getByRole('textbox', { name: 'Scrieți un mesaj…' });
    await input.fill('Bună ziua, unde este comanda mea?');
    await input.press('Enter');
    const log = visitor.getByRole('log');
    await log.getByText('Bună ziua, unde este comanda mea?').waitFor();

    const list = (await (
      await agent.request.get(`${server.url}/api/v1/conversations?channel=chat&view=all`)
    ).json()) as { items: { id: string; subject: string; client: { name: string } }[] };
    const conversation = list.items.find((c) => c.subject === 'Bună ziua, unde este comanda mea?')!;
    expect(conversation).toBeDefined();
    await agent.goto(`${server.url}/inbox/all/${conversation.id}`);
    await agent.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();

    // The visitor types: Ana sees it.
    await input.pressSequentially('Mai am o întrebare', { delay: 20 });
    await agent.getByText('El visitante está escribiendo…').waitFor();

    // Ana answers in the composer: the visitor sees it at once.
    const composer = agent.getByLabel(`Responder a ${conversation.client.name}`);
    await composer.fill('Buna ziua! Comanda a plecat azi.');
    await agent.getByRole('button', { name: 'Enviar respuesta' }).click();
    await log.getByText('Buna ziua! Comanda a plecat azi.').waitFor();
    await saveScreenshot(visitor, 'chat-widget');

    // The next page load is the same visitor, with its conversation.
    await visitor.reload();
    await visitor.getByRole('button', { name: 'Deschide chatul' }).click();
    await visitor.getByRole('log').getByText('Buna ziua! Comanda a plecat azi.').waitFor();
    await visitor.getByRole('log').getByText('Bună ziua, unde este comanda mea?').waitFor();

    expect(problems).toEqual([]);
  });
});
