import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
  axeViolations,
} from './browser.ts';

// A reader uses the demo workspace's public FAQ in a browser with JavaScript
// turned off, in Spanish: the bare address takes her to her language, she
// opens a topic and an article, searches with other forms of the words
// (plural, another tense) and sees them highlighted, says the article did not
// help with a comment and then changes her mind (one vote, changed), switches
// to Russian, and finds the way to the customer portal. Then the same pages
// on a phone.

const SLUG = 'demo';
const RETURNS = 'returns-and-exchanges';

describe('a reader in the public FAQ, without JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let agent: { cookie: string };

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { cookie: agent.cookie } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The demo returns article's Spanish votes, as the agents see them. */
  async function spanishVotes() {
    const list = await api<{ items: { id: string; slug: string }[] }>(
      '/knowledge/articles?limit=100',
    );
    const id = list.items.find((a) => a.slug === RETURNS)!.id;
    const summary = await api<{
      languages: {
        language: string;
        helpful: number;
        not_helpful: number;
        comment_count: number;
      }[];
    }>(`/knowledge/articles/${id}/votes/summary`);
    return summary.languages.find((l) => l.language === 'es');
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.rapport.test', password: 'rapport-demo' }),
    });
    expect(login.status).toBe(200);
    agent = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! };
    context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 720 },
      locale: 'es-ES',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'faq-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('goes from the bare address to the help centre in her language, then a topic and an article', async () => {
    await page.goto(`${server.url}/help/${SLUG}/`);
    expect(new URL(page.url()).pathname).toBe(`/help/${SLUG}/es/`);
    await page.getByRole('heading', { level: 1, name: '¿En qué podemos ayudarle?' }).waitFor();
    expect(await page.title()).toBe('¿En qué podemos ayudarle? · Casa Jardín');
    await saveScreenshot(page, 'faq-home');

    await page.getByRole('link', { name: 'Envíos y devoluciones', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Envíos y devoluciones' }).waitFor();
    await page.getByRole('link', { name: '¿Cómo cambio o devuelvo un artículo?' }).click();
    await page
      .getByRole('heading', { level: 1, name: '¿Cómo cambio o devuelvo un artículo?' })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe(`/help/${SLUG}/es/articles/${RETURNS}`);
    await page.getByText('Le enviamos una etiqueta de devolución prepagada.').waitFor();
    await page.getByRole('navigation', { name: 'Ruta de navegación' }).waitFor();
    await saveScreenshot(page, 'faq-article');
  });

  it('searches with other forms of the words and sees them highlighted', async () => {
    await page.getByLabel('Buscar en el centro de ayuda').fill('reembolsos etiquetas');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Resultados de «reembolsos etiquetas»' })
      .waitFor();
    const first = page
      .getByRole('listitem')
      .filter({ has: page.locator('mark') })
      .first();
    await first.getByRole('link', { name: '¿Cómo cambio o devuelvo un artículo?' }).waitFor();
    const marked = await page.locator('main mark').allTextContents();
    // "reembolsos etiquetas" found "reembolso" and "etiqueta" (Spanish stemming).
    expect(new Set(marked.map((m) => m.toLowerCase()))).toEqual(new Set(['reembolso', 'etiqueta']));
    await saveScreenshot(page, 'faq-search');
    await first.getByRole('link', { name: '¿Cómo cambio o devuelvo un artículo?' }).click();
    await page
      .getByRole('heading', { level: 1, name: '¿Cómo cambio o devuelvo un artículo?' })
      .waitFor();
  });

  it('answers "was this helpful?" with a comment, then changes her answer', async () => {
    const before = await spanishVotes();
    await page.getByLabel('Cuéntenos más (opcional)').fill('No dice cuánto cuesta el envío.');
    await page.getByRole('button', { name: 'No, no me ha servido' }).click();
    await page.getByText('Gracias por decírnoslo.').waitFor();
    await saveScreenshot(page, 'faq-voted');
    expect(await spanishVotes()).toMatchObject({
      helpful: before!.helpful,
      not_helpful: before!.not_helpful + 1,
      comment_count: before!.comment_count + 1,
    });

    await page.getByRole('button', { name: 'Sí, me ha servido' }).click();
    await page.getByText('¡Gracias! Nos alegra que este artículo le haya servido.').waitFor();
    // Her vote changed; no second one was added, and her comment stays.
    expect(await spanishVotes()).toMatchObject({
      helpful: before!.helpful + 1,
      not_helpful: before!.not_helpful,
      comment_count: before!.comment_count + 1,
    });
  });

  it('switches to Russian, and finds the way to the customer portal', async () => {
    await page.getByRole('link', { name: 'Русский' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Как вернуть или обменять товар?' })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe(`/help/${SLUG}/ru/articles/${RETURNS}`);
    await page.getByRole('link', { name: 'Español' }).click();
    await page.getByRole('link', { name: 'Seguir mis solicitudes' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Siga sus solicitudes' }).waitFor();
  });

  it('fits a phone, and nothing broke the pages’ CSP', async () => {
    const phone = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      locale: 'es-ES',
      isMobile: true,
    });
    const p = await phone.newPage();
    problems.push(...watchConsole(p));
    for (const [path, name] of [
      [`/help/${SLUG}/es/`, 'faq-phone-home'],
      [`/help/${SLUG}/es/articles/${RETURNS}`, 'faq-phone-article'],
    ] as const) {
      await p.goto(`${server.url}${path}`);
      await p.getByRole('heading', { level: 1 }).waitFor();
      // Nothing wider than the screen (no sideways scrolling).
      for (const box of await Promise.all(
        (await p.locator('main > *, header, footer').all()).map((l) => l.boundingBox()),
      )) {
        if (box) expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      await saveScreenshot(p, name);
    }
    await phone.close();
    expect(problems).toEqual([]);
  });

  it('passes axe’s WCAG 2.1 AA checks (serious and critical)', async () => {
    // axe is a script: this context lets it in (the reader's had none).
    const audited = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'es-ES',
      bypassCSP: true,
    });
    const p = await audited.newPage();
    const found: string[] = [];
    for (const path of [
      'es/',
      'es/categories/delivery-and-returns',
      `es/articles/${RETURNS}`,
      `es/articles/${RETURNS}?voted=yes`,
      'es/search?q=pedido',
      'es/articles/no-such-article',
    ]) {
      await p.goto(`${server.url}/help/${SLUG}/${path}`);
      const violations = await axeViolations(p);
      for (const v of violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          found.push(`${path}: ${v.id} ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
        }
      }
    }
    await audited.close();
    expect(found).toEqual([]);
  });
});
