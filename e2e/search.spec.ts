import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  saveScreenshot,
  seriousViolations,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

// One search for agents. Ana (admin, the app in English) presses "/" in the
// inbox and finds a Hungarian word in another form than the client wrote it,
// and with Ctrl+K a Russian one; back and forward retrace her searches. She
// narrows by type, status and days (all in the URL, so a reload keeps them),
// loads more results, opens a note-heavy conversation at the message found
// (also one 300 messages back in a workshop's long history, in one request,
// reading down to the newest while a client writes in), and a client whose
// name she misspelt. Bence reads the page on his phone, in Hungarian.

const PASSWORD = 'rapport-demo';
// The seeded conversations whose subjects share a word: more than a page.
const POTS = 21;

interface SearchItem {
  type: string;
  id: string;
  conversation_id: string | null;
}

async function signIn(page: Page, url: string, email: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The result rows on screen, as their type and the text of their title link. */
async function resultRows(page: Page) {
  return page
    .getByRole('list', { name: 'Results' })
    .getByRole('listitem')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        type: r.getAttribute('data-type'),
        title: r.querySelector('a')?.textContent ?? '',
      })),
    );
}

/** A type's checkbox among the filters. */
const typeBox = (page: Page, group: string, name: string) =>
  page.getByRole('group', { name: group }).getByRole('checkbox', { name });

/** The marked words of a result: what the browser renders as <mark> elements. */
const marks = (row: Locator) => row.locator('mark').allTextContents();

/** Whether a timeline item is wholly inside the timeline's visible pane. */
const inView = (item: Locator) =>
  item.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const view = el.closest('.timeline')!.getBoundingClientRect();
    return r.top >= view.top && r.bottom <= view.bottom;
  });

describe('searching everything', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let csrf = '';
  let mowerConversation = '';
  let workshopConversation = '';

  async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'x-csrf-token': csrf },
      data: body,
    });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  const results = () => page.getByRole('list', { name: 'Results' });
  const row = (type: string, title: string | RegExp) =>
    results()
      .locator(`li[data-type="${type}"]`)
      .filter({ has: page.getByRole('link', { name: title }) });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    // axe is injected as a script: this context lets it past the app's CSP.
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      bypassCSP: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);

    await signIn(page, server.url, 'admin@demo.rapport.test');
    // The demo admin works in Spanish; this journey is told in English.
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: 'Clients' }).waitFor();
    csrf = (await api<{ csrf_token: string }>('GET', '/auth/session')).csrf_token;

    for (let i = 1; i <= POTS; i++)
      await api('POST', '/conversations', {
        client: { name: `Vivero ${i}`, email: `vivero${i}@example.es` },
        subject: `Pedido ${i}: macetas de terracota`,
        channel: 'email',
        direction: 'inbound',
        message: { body_text: 'Hola, quisiera hacer un pedido para la primavera.' },
      });
    // A mower that will not start, then more notes than one page of the timeline holds.
    const mower = await api<{ id: string }>('POST', '/conversations', {
      client: { name: 'Kovács Péter', email: 'kovacs.peter@example.hu' },
      subject: 'Elromlott a gépem',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Jó napot! A múlt hónapban vett fűnyíró nem indul el. Mit tegyek?' },
    });
    mowerConversation = mower.id;
    for (let i = 1; i <= 55; i++)
      await api('POST', `/conversations/${mower.id}/messages`, {
        direction: 'note',
        body_text: `Jegyzet ${i}: a raktárban ellenőriztem az alkatrészeket.`,
      });
    // A workshop's long history: the carburettor message, then 300 newer ones.
    const workshop = await api<{ id: string }>('POST', '/conversations', {
      client: { name: 'Talleres Ruiz', email: 'taller@ruiz.example.es' },
      subject: 'Historial del taller',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Buenos días, abrimos el seguimiento del taller.' },
    });
    workshopConversation = workshop.id;
    for (let i = 1; i <= 350; i++)
      await api('POST', `/conversations/${workshop.id}/messages`, {
        direction: i === 50 ? 'inbound' : 'note',
        body_text:
          i === 50
            ? 'El carburador llegó roto; les mando fotos.'
            : `Nota ${i}: revisado el pedido.`,
      });
    await page.goto(`${server.url}/inbox/all`);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'search-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds a Hungarian word in another form from the header ("/"), the match marked', async () => {
    const box = page.getByRole('searchbox', { name: 'Search everything' });
    await box.waitFor();
    await page.keyboard.press('/');
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // The client wrote "szállítás" (delivery); Ana types the accusative.
    await page.keyboard.type('szállítást');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=sz%C3%A1ll%C3%ADt%C3%A1st$/);

    const message = row('message', /Késik a rendelésem/);
    await message.waitFor();
    expect(await message.getByText('Message', { exact: true }).count()).toBe(1);
    expect(await marks(message)).toEqual(['szállítás']);
    await expect
      .poll(() => message.textContent())
      .toMatch(/Mikorra várható a szállítás.*From the client.*Nagy Eszter.*New.*Bence Kovács/);
    // The default knowledge base's delivery article, in Hungarian: "szállítási" (adjective).
    const article = row('article', 'Hogyan és mikor kapom meg a rendelésemet?');
    expect(await marks(article)).toContain('szállítási');
    expect(await article.getByText('Hungarian', { exact: true }).count()).toBe(1);
  });

  it('finds a Russian word with Ctrl+K, and back and forward retrace the searches', async () => {
    await page.keyboard.press('Control+k');
    const box = page.getByRole('searchbox', { name: 'What to find' });
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await box.fill('возврата');
    await page.keyboard.press('Enter');
    // The conversation's subject says "Возврат", the article "возврат денег".
    const conversation = row('conversation', /Возврат повреждённого горшка/);
    await conversation.waitFor();
    expect(await marks(conversation)).toEqual(['Возврат']);
    expect(await marks(row('article', 'Как вернуть или обменять товар?'))).toContain('возврат');

    await page.goBack();
    await row('message', /Késik a rendelésem/).waitFor();
    expect(await box.inputValue()).toBe('szállítást');
    await page.goForward();
    await conversation.waitFor();
    expect(await box.inputValue()).toBe('возврата');
  });

  it('narrows by type, status and days, kept in the URL through a reload', async () => {
    await page.goto(`${server.url}/search?q=sz%C3%A1ll%C3%ADt%C3%A1st`);
    await row('message', /Késik a rendelésem/).waitFor();
    expect((await resultRows(page)).map((r) => r.type).sort()).toEqual([
      'article',
      'article',
      'article',
      'message',
    ]);

    // The box follows the URL, which changes a moment after the click.
    await typeBox(page, 'Type', 'Messages').click();
    await page.waitForURL(/type=message(&|$)/);
    await expect.poll(async () => (await resultRows(page)).map((r) => r.type)).toEqual(['message']);
    await typeBox(page, 'Type', 'Articles').click();
    await expect.poll(async () => (await resultRows(page)).length).toBe(4);

    // "New" is a conversation's status: the articles (published) drop out.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'New' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/status=new/);
    await expect
      .poll(async () => resultRows(page))
      .toEqual([{ type: 'message', title: '#2 Késik a rendelésem' }]);
    expect(page.url()).toContain('type=message%2Carticle&status=new');

    await page.reload();
    await expect
      .poll(async () => resultRows(page))
      .toEqual([{ type: 'message', title: '#2 Késik a rendelésem' }]);
    expect(await typeBox(page, 'Type', 'Messages').isChecked()).toBe(true);
    expect(await typeBox(page, 'Type', 'Clients').isChecked()).toBe(false);

    // Nothing was written after the year 2099 began.
    await page.getByLabel('From', { exact: true }).fill('2099-01-01');
    await page.getByText('Nothing matches “szállítást” with these filters.').waitFor();
    expect(page.url()).toContain('from=2099-01-01');
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(async () => (await resultRows(page)).length).toBe(4);
    expect(page.url()).toMatch(/\/search\?q=[^&]+$/);
    // Each change was a step: back brings the empty result again.
    await page.goBack();
    await page.getByText('Nothing matches “szállítást” with these filters.').waitFor();
  });

  it('loads more results a page at a time', async () => {
    const all = await api<{ items: SearchItem[]; next_cursor: string | null }>(
      'GET',
      '/search?q=terracota&limit=50',
    );
    expect(all.items.length).toBe(POTS + 1); // and Lucía's message about terracotta pots
    await page.goto(`${server.url}/search?q=terracota`);
    await page.getByRole('status').filter({ hasText: '20 results' }).waitFor();
    expect((await resultRows(page)).length).toBe(20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${POTS + 1} results` })
      .waitFor();
    const rows = await resultRows(page);
    expect(new Set(rows.map((r) => `${r.type} ${r.title}`)).size).toBe(POTS + 1);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('opens a message found deep in a long conversation, scrolled to it', async () => {
    await page.getByRole('searchbox', { name: 'What to find' }).fill('fűnyírót');
    await page.keyboard.press('Enter');
    const message = row('message', /Elromlott a gépem/);
    await message.waitFor();
    expect(await marks(message)).toEqual(['fűnyíró']);
    await message.getByRole('link').click();
    await page.waitForURL(new RegExp(`/inbox/all/${mowerConversation}\\?message=\\d+$`));

    // The oldest of 56 messages: the page around it comes in one request.
    const linked = page.locator('.timeline li[aria-current="true"]');
    await linked.filter({ hasText: 'fűnyíró nem indul el' }).waitFor();
    await expect.poll(() => inView(linked)).toBe(true);
    await saveScreenshot(page, 'search-opened-message');

    // Another conversation of the list opens at its newest message, not hunting for this one.
    await page.getByRole('link', { name: /Pedido 21: macetas de terracota/ }).click();
    await page.waitForURL((u) => /\/inbox\/all\/\d+$/.test(u.pathname) && u.search === '');
    await page.getByRole('heading', { name: 'Pedido 21: macetas de terracota' }).waitFor();
    await page.getByText('Hola, quisiera hacer un pedido para la primavera.').last().waitFor();
    expect(await page.locator('.timeline li[aria-current="true"]').count()).toBe(0);
  });

  it('opens a message 300 back in one request, and reads down to a message that just arrived', async () => {
    // What the timeline asks the messages API for.
    const asked: string[] = [];
    const watch = (r: Request) => {
      const url = new URL(r.url());
      if (url.pathname === `/api/v1/conversations/${workshopConversation}/messages`)
        asked.push(url.searchParams.toString());
    };
    page.on('request', watch);
    await page.goto(`${server.url}/search?q=carburador`);
    const found = row('message', /Historial del taller/);
    await found.getByRole('link').click();
    await page.waitForURL(new RegExp(`/inbox/all/${workshopConversation}\\?message=\\d+$`));
    const linkedId = new URL(page.url()).searchParams.get('message')!;

    const pane = page.locator('.timeline');
    const linked = pane.locator('li[aria-current="true"]');
    await linked.filter({ hasText: 'El carburador llegó roto' }).waitFor();
    await expect.poll(() => inView(linked)).toBe(true);
    // One request brought it: the page around it, no walk through the 300 newer ones.
    expect(asked).toEqual([`around=${linkedId}`]);
    const bubbles = pane.locator('li.bubble');
    expect(await bubbles.count()).toBe(50);
    const jump = page.getByRole('button', { name: 'Go to the newest messages' });
    await jump.waitFor();
    expect(seriousViolations(await axeViolations(page))).toEqual([]);
    await saveScreenshot(page, 'search-deep-message');

    // The client writes while Ana reads the old part: she is told, not moved.
    await api('POST', `/conversations/${workshopConversation}/messages`, {
      direction: 'inbound',
      body_text: '¿Alguna novedad del carburador?',
    });
    await page.getByRole('button', { name: '1 new message' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => inView(linked)).toBe(true);

    // Scrolling down loads the newer pages until the newest: the new message last, on screen.
    const newMessage = bubbles.filter({ hasText: '¿Alguna novedad del carburador?' });
    await pane.hover();
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 4000);
          return (await newMessage.count()) === 1 && (await inView(newMessage));
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    expect(await bubbles.last().textContent()).toContain('¿Alguna novedad del carburador?');
    // The page itself did not scroll away under the header.
    expect(await page.evaluate<number>('window.scrollY')).toBe(0);
    expect(await bubbles.nth(-2).textContent()).toContain('Nota 350: revisado el pedido.');
    const texts = await bubbles.allTextContents();
    expect(texts.length).toBe(24 + 1 + 300 + 1); // the first page's older ones, it, the newer, the new
    expect(new Set(texts).size).toBe(texts.length);
    await expect
      .poll(() => page.getByRole('button', { name: /new message|newest messages/ }).count())
      .toBe(0);
    await saveScreenshot(page, 'search-deep-message-newest');

    // Scrolling up loads the older ones, back to the message that opened the conversation.
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, -4000);
          return bubbles.first().textContent();
        },
        { timeout: 30_000, interval: 250 },
      )
      .toContain('Buenos días, abrimos el seguimiento del taller.');
    expect(await bubbles.count()).toBe(352);
    page.off('request', watch);
    expect(problems).toEqual([]);
  });

  it('finds a client whose name was misspelt, and opens the client', async () => {
    await page.getByRole('searchbox', { name: 'Search everything' }).fill('Nagy Estzer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=Nagy\+Estzer$/);
    const rows = results().getByRole('listitem');
    await rows.first().waitFor();
    expect((await resultRows(page))[0]).toEqual({ type: 'client', title: 'Nagy Eszter' });
    await rows.first().getByRole('link', { name: 'Nagy Eszter' }).click();
    await page.waitForURL(/\/clients\/\d+$/);
    await page.getByRole('heading', { name: 'Nagy Eszter' }).first().waitFor();
  });

  it('has no serious accessibility problems, and looks right', async () => {
    await page.goto(`${server.url}/search?q=sz%C3%A1ll%C3%ADt%C3%A1st`);
    await row('message', /Késik a rendelésem/).waitFor();
    expect(seriousViolations(await axeViolations(page))).toEqual([]);
    await saveScreenshot(page, 'search-results');

    await page.goto(`${server.url}/search`);
    await page.getByText('Find conversations, messages, clients and articles.').waitFor();
    expect(seriousViolations(await axeViolations(page))).toEqual([]);

    // The header's box, on every other page, and the help listing its keys.
    await page.goto(`${server.url}/inbox/all`);
    await page.getByRole('searchbox', { name: 'Search everything' }).waitFor();
    expect(seriousViolations(await axeViolations(page))).toEqual([]);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('row', { name: '/ Ctrl+K Search everything' }).waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('works on a phone, in Hungarian, and opens the article found', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: 'hu-HU',
      bypassCSP: true,
      isMobile: true,
      hasTouch: true,
    });
    const p = await phone.newPage();
    p.setDefaultTimeout(15_000);
    const phoneProblems = watchConsole(p);
    try {
      await p.goto(`${server.url}/login`);
      await p.getByLabel('E-mail-cím').fill('bence@demo.rapport.test');
      await p.getByLabel('Jelszó', { exact: true }).fill(PASSWORD);
      await p.getByRole('button', { name: 'Bejelentkezés' }).click();
      await p.getByRole('button', { name: 'Menü' }).click();
      await p.getByRole('link', { name: 'Keresés' }).click();
      await p.waitForURL(/\/search$/);
      const box = p.getByRole('searchbox', { name: 'Mit keres?' });
      await box.fill('kedvezmény');
      await p.getByRole('button', { name: 'Keresés', exact: true }).click();

      const article = p
        .getByRole('list', { name: 'Találatok' })
        .locator('li[data-type="article"]')
        .filter({ hasText: 'Adnak kedvezményt nagyobb tételű rendelésre?' });
      await article.waitFor();
      expect(await marks(article)).toContain('kedvezmény');
      // Nothing wider than the phone; the filters wait behind their button.
      expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        375,
      );
      const articles = typeBox(p, 'Típus', 'Cikkek');
      expect(await articles.isVisible()).toBe(false);
      await p.getByRole('button', { name: 'Szűrők' }).click();
      await articles.click();
      await p.waitForURL(/type=article/);
      await expect.poll(() => articles.isChecked()).toBe(true);
      expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        375,
      );
      expect(seriousViolations(await axeViolations(p))).toEqual([]);
      await saveScreenshot(p, 'search-phone');

      await article.getByRole('link').click();
      await p.waitForURL(/\/knowledge\/articles\/\d+\?lang=hu$/);
      await p
        .getByRole('heading', { name: 'Adnak kedvezményt nagyobb tételű rendelésre?' })
        .waitFor();
      expect(phoneProblems).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
