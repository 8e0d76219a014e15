import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

// The knowledge base in the agent app. Ana (admin, works in Spanish) adds a
// "Pagos" category, writes an article in Spanish and English with the live
// preview, publishes it and finds it in the public help centre; she changes
// the English text, restores the first version, and sees a reader's vote and
// comment. Then Ioana (agent) reads it without edit controls and puts the
// article's link and text into a reply to a Spanish-speaking client.

const SLUG = 'demo';
const ES_TITLE = 'Pagar con transferencia bancaria';
const EN_TITLE = 'Paying by bank transfer';
const ES_BODY = [
  'Puede pagar su pedido con **transferencia bancaria**.',
  '',
  '- Indique el número de pedido en el concepto.',
  '- Envíenos el justificante a [pagos@casajardin.example](mailto:pagos@casajardin.example).',
  '',
  'Más información en [nuestra web](https://casajardin.example/pagos).',
].join('\n');
// What the reply gets: the Markdown as a client reads it in plain text.
const ES_TEXT = [
  'Puede pagar su pedido con transferencia bancaria.',
  '',
  '- Indique el número de pedido en el concepto.',
  '- Envíenos el justificante a pagos@casajardin.example.',
  '',
  'Más información en nuestra web (https://casajardin.example/pagos).',
].join('\n');
const EN_FIRST = 'You can pay by **bank transfer**. Put your order number in the reference.';
const EN_SECOND = 'Bank transfers take up to three working days to reach us.';

async function signIn(page: Page, url: string, email: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the knowledge base in the agent app', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let problems: string[];
  let articleId = '';
  let articleSlug = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    // axe is injected as a script: this context lets it past the app's CSP.
    admin = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
      bypassCSP: true,
    });
    page = await admin.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'knowledge-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the admin the categories and articles, and lets her add and move a category', async () => {
    await signIn(page, server.url, 'admin@demo.rapport.test');
    // The demo admin works in Spanish: the app switches to it on sign-in.
    await page.getByRole('link', { name: 'Base de conocimiento' }).click();
    await page.getByRole('heading', { level: 2, name: 'Base de conocimiento' }).waitFor();
    const categories = page.getByRole('navigation', { name: 'Categorías' });
    await categories.getByRole('button', { name: /^Envíos y devoluciones/ }).waitFor();
    const articles = page.getByRole('table', { name: 'Artículos' });
    await articles.getByRole('link', { name: '¿Cómo cambio o devuelvo un artículo?' }).waitFor();

    await categories.getByRole('button', { name: 'Nueva categoría' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nueva categoría' });
    await dialog.getByLabel('Nombre en español').fill('Pagos');
    await dialog.getByLabel('Nombre en inglés').fill('Payments');
    await dialog.getByLabel('Descripción en español').fill('Formas de pago y facturas');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rows = categories.getByRole('listitem');
    await rows
      .last()
      .getByRole('button', { name: /^Pagos/ })
      .waitFor();
    const names = async () =>
      (await rows.allTextContents()).map((t) => t.replace(/\d+$/, '').trim());
    const before = await names();
    expect(before.at(-1)).toBe('Pagos');

    // Moved one place up: it swaps with the category above it, for everyone.
    await categories.getByRole('button', { name: 'Acciones de Pagos' }).click();
    await page.getByRole('button', { name: 'Subir' }).click();
    await expect.poll(names).toEqual([...before.slice(0, -2), 'Pagos', before.at(-2)!]);

    // The category filters the list: it is empty so far.
    await categories.getByRole('button', { name: /^Pagos/ }).click();
    await page.getByText('Ningún artículo coincide.').waitFor();
    await saveScreenshot(page, 'knowledge-list');

    const violations = await axeViolations(page);
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`),
    ).toEqual([]);
  });

  it('writes a public article in Spanish with the live preview and publishes it', async () => {
    await page.getByRole('link', { name: 'Nuevo artículo' }).click();
    const form = page.getByRole('form', { name: 'Nuevo artículo' });
    expect(await form.getByLabel('Categoría').inputValue()).not.toBe('');
    await form.getByLabel('Categoría').selectOption({ label: 'Pagos' });
    await form.getByText('Público', { exact: true }).click();
    await form.getByLabel('Idioma', { exact: true }).selectOption('es');
    await form.getByLabel('Título').fill(ES_TITLE);
    await form.getByLabel('Texto (Markdown)').fill(ES_BODY);
    // The server's own rendering, sanitised: bold, a list, links.
    const preview = form.getByRole('region', { name: 'Vista previa' });
    await preview.locator('strong', { hasText: 'transferencia bancaria' }).waitFor();
    await preview.getByRole('link', { name: 'nuestra web' }).waitFor();
    expect(await preview.getByRole('listitem').count()).toBe(2);
    await form.getByText('Publicado', { exact: true }).click();
    await form.getByText('Al guardar, este texto aparece en el centro de ayuda.').waitFor();
    await saveScreenshot(page, 'knowledge-new-article');
    await form.getByRole('button', { name: 'Crear artículo' }).click();

    await page.waitForURL(/\/knowledge\/articles\/\d+\?lang=es$/);
    articleId = /articles\/(\d+)/.exec(page.url())![1]!;
    await page.getByRole('heading', { level: 2, name: ES_TITLE }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Idiomas' });
    await tabs.getByRole('tab', { name: /Español.*Publicado/ }).waitFor();
    await tabs.getByRole('tab', { name: /Inglés.*Falta/ }).waitFor();
    const article = (await (
      await page.request.get(`${server.url}/api/v1/knowledge/articles/${articleId}`)
    ).json()) as { slug: string; visibility: string };
    expect(article.visibility).toBe('public');
    articleSlug = article.slug;
    expect(articleSlug).toBe('pagar-con-transferencia-bancaria');
  });

  it('adds the English version, then changes its text: each save is a revision', async () => {
    await page.getByRole('tab', { name: /Inglés/ }).click();
    const form = page.getByRole('form', { name: 'Versión en inglés' });
    await form.getByText('Aún no hay versión en inglés. Escríbala aquí.').waitFor();
    await form.getByLabel('Título').fill(EN_TITLE);
    await form.getByLabel('Texto (Markdown)').fill(EN_FIRST);
    await form.getByText('Publicado', { exact: true }).click();
    await form.getByRole('button', { name: 'Guardar' }).click();
    await page.getByRole('tab', { name: /Inglés.*Publicado/ }).waitFor();
    const history = page.getByRole('region', { name: 'Historial (inglés)' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(1);

    const saved = page.getByRole('form', { name: 'Versión en inglés' });
    await saved.getByLabel('Texto (Markdown)').fill(EN_SECOND);
    await saved.getByRole('region', { name: 'Vista previa' }).getByText(EN_SECOND).waitFor();
    await saved.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => history.getByRole('listitem').count()).toBe(2);
    expect(await history.getByText('Actual').count()).toBe(1);
  });

  it('is in the public help centre in both languages', async () => {
    const reader = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await reader.newPage();
    await p.goto(`${server.url}/help/${SLUG}/es/articles/${articleSlug}`);
    await p.getByRole('heading', { level: 1, name: ES_TITLE }).waitFor();
    await p.getByText('Indique el número de pedido en el concepto.').waitFor();
    await p.goto(`${server.url}/help/${SLUG}/en/articles/${articleSlug}`);
    await p.getByRole('heading', { level: 1, name: EN_TITLE }).waitFor();
    await p.getByText(EN_SECOND).waitFor();
    await reader.close();
  });

  it('restores the first English text; the help centre shows it again', async () => {
    const history = page.getByRole('region', { name: 'Historial (inglés)' });
    const first = history.getByRole('listitem').last();
    await first.getByRole('button', { name: /^Ver texto/ }).click();
    await first.getByText(EN_FIRST).waitFor();
    await first.getByRole('button', { name: /^Restaurar/ }).click();
    await expect.poll(() => history.getByRole('listitem').count()).toBe(3);
    await history
      .getByRole('listitem')
      .first()
      .getByText(/restaurada/)
      .waitFor();
    const form = page.getByRole('form', { name: 'Versión en inglés' });
    await expect.poll(() => form.getByLabel('Texto (Markdown)').inputValue()).toBe(EN_FIRST);
    // Restoring keeps the version's state: still published.
    await page.getByRole('tab', { name: /Inglés.*Publicado/ }).waitFor();

    // The help centre keeps a page a few seconds: ask until the restored text is there.
    const url = `${server.url}/help/${SLUG}/en/articles/${articleSlug}`;
    await expect
      .poll(
        async () => {
          const html = await (await fetch(url)).text();
          return (
            html.includes('Put your order number in the reference.') && !html.includes(EN_SECOND)
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  it('shows what a reader answered to "was this helpful?", with the comment', async () => {
    const reader = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await reader.newPage();
    await p.goto(`${server.url}/help/${SLUG}/en/articles/${articleSlug}`);
    await p.getByText('Put your order number in the reference.').waitFor();
    await p.getByLabel('Tell us more (optional)').fill('Which bank account number do I use?');
    await p.getByRole('button', { name: 'No, it did not help' }).click();
    await p.getByText('Thank you for telling us.', { exact: false }).waitFor();
    await saveScreenshot(p, 'knowledge-faq-article');
    await reader.close();

    await page.reload();
    await page.getByRole('heading', { level: 2, name: EN_TITLE }).waitFor();
    const feedback = page.getByRole('region', { name: '¿Ha sido útil?' });
    const english = feedback.getByRole('row', { name: /Inglés/ });
    await english.waitFor();
    expect((await english.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual([
      'Inglés',
      '0',
      '1',
      '1',
    ]);
    await feedback.getByText('Which bank account number do I use?').waitFor();
    await page.getByRole('region', { name: 'Historial (inglés)' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'knowledge-article');
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'knowledge-editor');

    const violations = await axeViolations(page);
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`),
    ).toEqual([]);
    expect(problems).toEqual([]);
  });

  describe('an agent', () => {
    let agent: BrowserContext;
    let p: Page;
    let agentProblems: string[];

    beforeAll(async () => {
      agent = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
      p = await agent.newPage();
      p.setDefaultTimeout(15_000);
      agentProblems = watchConsole(p);
    });

    it('reads the article, without the controls to change it', async () => {
      await signIn(p, server.url, 'ioana@demo.rapport.test');
      // Ioana works in Romanian; she switches to English.
      await p.getByLabel('Limbă').selectOption('en');
      await p.getByRole('link', { name: 'Knowledge base' }).click();
      await p.getByRole('heading', { level: 2, name: 'Knowledge base' }).waitFor();
      await p.getByLabel('Search', { exact: true }).fill('transfer');
      await p.getByRole('link', { name: EN_TITLE }).click();
      await p.getByRole('heading', { level: 2, name: EN_TITLE }).waitFor();
      await p.getByText('Put your order number in the reference.').waitFor();
      expect(await p.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
      expect(await p.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
      expect(await p.getByRole('form', { name: 'Article settings' }).count()).toBe(0);
      await p.getByRole('tab', { name: /Hungarian.*Missing/ }).click();
      await p.getByText('Not written in Hungarian yet.').waitFor();
      await p.getByRole('link', { name: '← Knowledge base' }).click();
      expect(await p.getByRole('link', { name: 'New article' }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'New category' }).count()).toBe(0);
    });

    it('puts the article’s link and text into a reply from the composer', async () => {
      const list = (await (
        await p.request.get(`${server.url}/api/v1/conversations?view=all&limit=100`)
      ).json()) as {
        items: { id: string; subject: string; status: string; client: { name: string } }[];
      };
      const conversation = list.items.find(
        (c) => c.client.name === 'Lucía Fernández' && c.status !== 'closed',
      )!;
      expect(conversation).toBeDefined();
      await p.goto(`${server.url}/inbox/all/${conversation.id}`);
      await p.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();
      const composer = p.getByLabel(`Reply to ${conversation.client.name}`);

      await p.getByRole('button', { name: 'Insert an article' }).click();
      const dialog = p.getByRole('dialog', { name: 'Insert an article' });
      await dialog.getByLabel('Search articles').fill('transferencia');
      // Lucía reads Spanish: the reply's language is hers, and so is the article's title.
      expect(await dialog.getByLabel('Language of the reply').inputValue()).toBe('es');
      const link = dialog.getByRole('button', { name: `Insert link to “${ES_TITLE}”` });
      await link.waitFor();
      await saveScreenshot(p, 'knowledge-picker');
      await link.click();
      await dialog.waitFor({ state: 'detached' });
      const url = `${server.url}/help/${SLUG}/es/articles/${articleSlug}`;
      await expect.poll(() => composer.inputValue()).toBe(url);

      await p.getByRole('button', { name: 'Insert an article' }).click();
      await dialog.getByLabel('Search articles').fill('transferencia');
      await dialog.getByRole('button', { name: `Insert text of “${ES_TITLE}”` }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => composer.inputValue()).toBe(`${url}\n\n${ES_TEXT}`);
      await saveScreenshot(p, 'knowledge-composer');

      await p.getByRole('button', { name: 'Send reply' }).click();
      const sent = p
        .getByRole('list', { name: 'Messages' })
        .getByRole('listitem')
        .filter({ hasText: 'Indique el número de pedido en el concepto.' });
      await sent.waitFor();
      expect(await composer.inputValue()).toBe('');
      expect(agentProblems).toEqual([]);
    });
  });
});
