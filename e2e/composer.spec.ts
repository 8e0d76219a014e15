import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  client: { name: string };
}

// A 48×32 green PNG: small, but a real image the timeline shows inline.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAMUlEQVR42u3OQQ0AAAgEoEtkNDMZ1RbOBxsBSE2/EiEhISEhISEhISEhISEhISGhSwsBD2hq3PJetQAAAABJRU5ErkJggg==',
  'base64',
);

describe('the composer: canned responses on "/" and attachments', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let conversation: ConversationRow;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in as the demo admin and opens a Spanish-speaking client’s conversation', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The demo admin works in Spanish.
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    const list = (await (
      await page.request.get(`${server.url}/api/v1/conversations?view=all&limit=100`)
    ).json()) as { items: ConversationRow[] };
    conversation = list.items.find((c) => c.client.name === 'Lucía Fernández')!;
    expect(conversation).toBeDefined();
    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();
  });

  it('opens the list on "/", closes it on Esc, and inserts the chosen response rendered', async () => {
    const composer = page.getByLabel(`Responder a ${conversation.client.name}`);
    const picker = page.getByRole('listbox', { name: 'Respuestas predefinidas' });

    await composer.click();
    await composer.press('/');
    await picker.getByRole('option').first().waitFor();
    await composer.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('/');

    // "/late" in the middle of a line still opens it: a word starting with "/".
    await composer.fill('');
    await composer.pressSequentially('/late');
    const wanted = picker.getByRole('option', { name: /Disculpa por retraso/ });
    await wanted.waitFor();
    await saveScreenshot(page, 'composer-picker');
    // The client's language comes first; the arrows move the active option. The
    // list of a shorter query ("/la") may still be on screen: wait for "/late"'s.
    const options = picker.getByRole('option');
    await expect.poll(() => options.first().textContent()).toContain('Disculpa por retraso');
    expect(await wanted.getAttribute('aria-selected')).toBe('true');
    await composer.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await wanted.getAttribute('aria-selected')).toBe('false');
    await composer.press('ArrowUp');
    expect(await wanted.getAttribute('aria-selected')).toBe('true');
    await composer.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await expect.poll(() => composer.inputValue()).toMatch(/^Hola, Lucía:/);
    const text = await composer.inputValue();
    expect(text).toContain('Hola, Lucía:');
    expect(text).toContain('Ana García');
    expect(text).not.toContain('{{');

    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    const timeline = page.getByRole('list', { name: 'Mensajes' });
    const sent = timeline.getByRole('listitem').filter({ hasText: 'Hola, Lucía:' });
    await sent.waitFor();
    expect(await sent.textContent()).toContain('Ana García');
    expect(await composer.inputValue()).toBe('');

    const used = (await (
      await page.request.get(`${server.url}/api/v1/canned-responses?q=late-delivery&language=es`)
    ).json()) as { items: { usage_count: number }[] };
    expect(used.items[0]!.usage_count).toBe(1);
  });

  it('attaches files, shows them as chips, sends them and shows them in the timeline', async () => {
    await page.locator('form.composer input[type="file"]').setInputFiles([
      { name: 'foto-planta.png', mimeType: 'image/png', buffer: PNG },
      { name: 'factura.txt', mimeType: 'text/plain', buffer: Buffer.from('Factura 5521\n') },
    ]);
    const chips = page.getByRole('list', { name: 'Archivos para enviar' });
    await chips.getByRole('listitem').filter({ hasText: 'factura.txt' }).waitFor();
    await chips.getByRole('listitem').filter({ hasText: 'foto-planta.png' }).waitFor();
    const send = page.getByRole('button', { name: 'Enviar respuesta' });
    await send.and(page.locator(':enabled')).waitFor();

    await page
      .getByLabel(`Responder a ${conversation.client.name}`)
      .fill('Le adjunto la factura y una foto.');
    await send.click();
    const item = page
      .getByRole('list', { name: 'Mensajes' })
      .getByRole('listitem')
      .filter({ hasText: 'Le adjunto la factura y una foto.' });
    await item.waitFor();
    const file = item.getByRole('link', { name: /factura\.txt/ });
    await file.waitFor();
    const image = item.getByRole('img', { name: 'foto-planta.png' });
    await image.waitFor();
    // The image really loads (the server sends its bytes inline): 48 pixels wide.
    await page.waitForFunction(
      "[...document.querySelectorAll('.message-attachment img')].some((img) => img.complete && img.naturalWidth === 48)",
    );
    expect(await chips.count()).toBe(0);

    // The download is served as an attachment, with its bytes.
    const href = (await file.getAttribute('href'))!;
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(await res.text()).toBe('Factura 5521\n');
    await item.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'composer');
  });

  it('lets the admin write a canned response with a live preview', async () => {
    await page.goto(`${server.url}/admin/canned-responses`);
    await page.getByRole('heading', { name: 'Respuestas predefinidas' }).waitFor();
    await page.getByRole('region', { name: 'Entregas' }).waitFor();
    await saveScreenshot(page, 'canned-admin-list');
    await page.getByRole('button', { name: 'Nueva respuesta predefinida' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Título').fill('Pedido confirmado');
    await dialog.getByLabel('Atajo').fill('pedido-ok');
    await dialog.getByLabel('Idioma').selectOption('es');
    await dialog
      .getByLabel('Texto')
      .fill('Hola, {{client.first_name}}: su pedido está confirmado. {{agent.nombre}}');
    await dialog.getByText('Variable desconocida: {{agent.nombre}}').waitFor();
    expect(await dialog.getByRole('button', { name: 'Guardar' }).isDisabled()).toBe(true);
    await dialog
      .getByLabel('Texto')
      .fill('Hola, {{client.first_name}}: su pedido está confirmado. ');
    await dialog.getByRole('button', { name: '{{agent.name}}' }).click();
    await dialog.getByText('Hola, Lucía: su pedido está confirmado. Ana García').waitFor();
    await saveScreenshot(page, 'canned-admin');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Pedido confirmado').waitFor();
    expect(problems).toEqual([]);
  });
});
