import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface Row {
  id: string;
  number: number;
  subject: string;
  priority: string;
  status: string;
  client: { name: string };
  assignee: { id: string; name: string } | null;
}

// The demo admin works in Spanish, so the screens speak it (labels from i18n/es/inbox.json).
describe('the inbox: search, filters, bulk changes and shortcuts', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const api = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;
  const list = () => page.getByRole('region', { name: 'Conversaciones' });
  const rows = () => list().locator('a[data-inbox-row]');

  async function signIn(p: Page) {
    await p.goto(`${server.url}/login`);
    await p.getByLabel('Email').fill('admin@demo.rapport.test');
    await p.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('link', { name: /^Todas/ }).waitFor();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchConsole(page);
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a conversation by searching the client’s name, and keeps the search in the URL', async () => {
    const all = await api<{ items: Row[] }>('/conversations?view=all&limit=100');
    const target = all.items.find((c) => c.client.name === 'Lucía Fernández') ?? all.items[0]!;
    await page.getByRole('link', { name: /^Todas/ }).click();
    await page.waitForURL('**/inbox/all');
    await rows().first().waitFor();

    // Typed without the accent, as people do.
    const typed = target.client.name.normalize('NFD').replace(/\p{M}/gu, '');
    await page.getByLabel('Buscar conversaciones').fill(typed);
    await page.waitForURL((url) => url.searchParams.get('q') === typed);
    await rows().filter({ hasText: target.subject }).waitFor();
    for (const text of await rows().allTextContents()) expect(text).toContain(target.client.name);

    await page.reload();
    expect(await page.getByLabel('Buscar conversaciones').inputValue()).toBe(typed);
    await rows().filter({ hasText: target.subject }).waitFor();

    await page.getByRole('button', { name: 'Borrar la búsqueda' }).click();
    await page.waitForURL((url) => !url.searchParams.has('q'));
  });

  it('filters by priority, survives a reload, and clears all filters', async () => {
    const high = await api<{ items: Row[] }>('/conversations?view=all&priority=high&limit=100');
    expect(high.items.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Filtros' }).click();
    await list().getByRole('combobox', { name: 'Prioridad' }).click();
    await page.getByRole('option', { name: 'Alta' }).click();
    await page.waitForURL((url) => url.searchParams.get('priority') === 'high');
    await expectRows(high.items.length);
    await saveScreenshot(page, 'inbox');

    await page.reload();
    await expectRows(high.items.length);
    expect(await list().getByRole('combobox', { name: 'Prioridad' }).inputValue()).toBe('Alta');

    await page.getByRole('button', { name: 'Borrar todo' }).click();
    await page.waitForURL((url) => url.search === '');
  });

  it('assigns two conversations at once and changes their status', async () => {
    const before = (await api<{ items: Row[] }>('/conversations?view=all&limit=25')).items;
    const users = await api<{ items: { id: string; name: string }[] }>('/users?limit=100');
    const ioana = users.items.find((u) => u.name === 'Ioana Popescu')!;
    const [first, second] = before;

    // Click the first, shift-click the second: the range between them.
    await list().getByLabel(`Seleccionar n.º ${first!.number} de ${first!.client.name}`).click();
    await list()
      .getByLabel(`Seleccionar n.º ${second!.number} de ${second!.client.name}`)
      .click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Cambiar las conversaciones seleccionadas' });
    await bar.getByText('2 seleccionadas').waitFor();

    await bar.getByRole('combobox', { name: 'Asignar a…' }).click();
    await page.getByRole('option', { name: 'Ioana Popescu' }).click();
    await bar
      .getByRole('status')
      .filter({ hasText: /^2 conversaciones cambiadas\.$/ })
      .waitFor();

    await bar.getByRole('combobox', { name: 'Estado…' }).click();
    await page.getByRole('option', { name: 'Pendiente' }).click();
    // What the server holds, asked until the change has landed.
    await expect
      .poll(
        async () =>
          (await Promise.all([first!, second!].map((c) => api<Row>(`/conversations/${c.id}`)))).map(
            (c) => c.status,
          ),
        { timeout: 10_000 },
      )
      .toEqual(['pending', 'pending']);
    for (const c of [first!, second!]) {
      const after = await api<Row>(`/conversations/${c.id}`);
      expect(after.assignee?.id).toBe(ioana.id);
      expect(after.status).toBe('pending');
    }
    await bar.getByRole('button', { name: 'Quitar la selección' }).click();
    await bar.waitFor({ state: 'detached' });
  });

  it('moves through the list with j and k, and shows the shortcuts on ?', async () => {
    const ids = await rows().evaluateAll((els) =>
      els.map((e) => e.getAttribute('href')!.split('?')[0]!.split('/').pop()!),
    );
    expect(ids.length).toBeGreaterThan(2);
    await page.locator('body').click({ position: { x: 1200, y: 700 } });
    await page.keyboard.press('j');
    await page.waitForURL(`**/inbox/all/${ids[0]}`);
    // The conversation opens (its composer would take the focus; the list keeps it).
    await page.getByRole('button', { name: 'Enviar respuesta' }).waitFor();
    await page.keyboard.press('j');
    await page.waitForURL(`**/inbox/all/${ids[1]}`);
    await list().locator(`a[aria-current="page"][href*="/${ids[1]}"]`).waitFor();
    await page.keyboard.press('k');
    await page.waitForURL(`**/inbox/all/${ids[0]}`);

    // Typing in a field never triggers a shortcut.
    const search = page.getByLabel('Buscar conversaciones');
    await search.click();
    await page.keyboard.type('jk');
    await expect.poll(() => search.inputValue()).toBe('jk');
    expect(page.url()).toContain(`/inbox/all/${ids[0]}`);
    await search.fill('');
    // Escape leaves the field, and the keys work again. (No click into the page:
    // with a conversation open, any spot may be the client's dossier, whose
    // fields would take the "?".)
    await page.keyboard.press('Escape');
    expect(
      await search.evaluate((el) => el.ownerDocument.activeElement === el.ownerDocument.body),
    ).toBe(true);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await help.getByText('Siguiente conversación de la lista').waitFor();
    await help.getByText('Escribir una nota interna').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('cancels what a conversation still waits for when the agent moves on', async () => {
    await page.goto(`${server.url}/inbox/all`);
    await rows().nth(2).waitFor();
    const ids = await rows().evaluateAll((els) =>
      els.map((e) => e.getAttribute('href')!.split('?')[0]!.split('/').pop()!),
    );
    // No conversation open yet: this spot is the empty pane.
    await page.locator('body').click({ position: { x: 1200, y: 700 } });
    await page.keyboard.press('j');
    await page.waitForURL(`**/inbox/all/${ids[0]}`);
    await page.getByRole('button', { name: 'Enviar respuesta' }).waitFor();
    // The next conversation's messages never come (a slow server): the request stays open.
    const slow = `**/api/v1/conversations/${ids[1]}/messages*`;
    await page.route(slow, () => {});
    const isHeld = (r: { url(): string }) => r.url().includes(`/conversations/${ids[1]}/messages`);
    const held = page.waitForRequest(isHeld);
    const failed = page.waitForEvent('requestfailed', { predicate: isHeld });
    await page.keyboard.press('j');
    await page.waitForURL(`**/inbox/all/${ids[1]}`);
    await held;
    // Moving on before it answers: the browser gives that request up.
    await page.keyboard.press('j');
    await page.waitForURL(`**/inbox/all/${ids[2]}`);
    expect((await failed).failure()?.errorText).toBe('net::ERR_ABORTED');
    await page.getByRole('button', { name: 'Enviar respuesta' }).waitFor();
    await page.unroute(slow);
    // A cancelled request is not an error to show.
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the list or the conversation on a phone, with the rail behind a menu', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
      isMobile: true,
      hasTouch: true,
    });
    try {
      const p = await phone.newPage();
      p.setDefaultTimeout(10_000);
      await signIn(p);
      const phoneList = p.getByRole('region', { name: 'Conversaciones' });
      await phoneList.locator('a[data-inbox-row]').first().waitFor();
      // The rail is folded away (off screen) until the menu opens it.
      const rail = p.getByRole('link', { name: /^Todas/ });
      const box = await rail.boundingBox();
      expect(box === null || box.x + box.width <= 0).toBe(true);
      await saveScreenshot(p, 'inbox-phone');

      await p.getByRole('button', { name: 'Menú' }).click();
      await p.getByRole('link', { name: /^Todas/ }).click();
      await p.waitForURL('**/inbox/all');
      await phoneList.locator('a[data-inbox-row]').first().click();
      await p
        .getByRole('link', { name: /Conversaciones/ })
        .and(p.locator('.phone-back a'))
        .waitFor();
      expect(await phoneList.isVisible()).toBe(false);
      await saveScreenshot(p, 'inbox-phone-conversation');

      await p.locator('.phone-back a').click();
      await p.waitForURL('**/inbox/all');
      await phoneList.locator('a[data-inbox-row]').first().waitFor();
    } finally {
      await phone.close();
    }
  });

  async function expectRows(count: number) {
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(count);
  }
});
