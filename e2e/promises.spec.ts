import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface PromiseView {
  id: string;
  state: string;
  due_at: string;
  redates: { from: string; to: string; message_id: string | null }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

describe('an agent keeps track of a promise made in a reply', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let csrf = '';
  let conversationId = '';
  let newDue = '';

  const api = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;
  const promisesCard = () => page.getByRole('region', { name: 'Promises in this conversation' });
  const timeline = () => page.getByRole('list', { name: 'Messages' });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      // The demo workspace's zone: the notice's date and the date picker agree.
      timezoneId: 'Europe/Madrid',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await saveScreenshot(
        page,
        `promises-failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 40)}`,
      );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in as an agent and opens a new chat from a Spanish-speaking client', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('ioana@demo.rapport.test');
    await page.locator('input[type="password"]').fill('rapport-demo');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/inbox/);
    const session = await api<{ user: { id: string }; csrf_token: string }>('/auth/session');
    csrf = session.csrf_token;
    const english = await page.request.patch(`${server.url}/api/v1/users/${session.user.id}`, {
      data: { language: 'en' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(english.status()).toBe(200);
    const clients = await api<{ items: { id: string }[] }>(
      '/clients?q=Luc%C3%ADa%20Fern%C3%A1ndez',
    );
    const res = await page.request.post(`${server.url}/api/v1/conversations`, {
      data: {
        client_id: clients.items[0]!.id,
        subject: 'Pedido 7731 sin llegar',
        channel: 'chat',
        direction: 'inbound',
        message: { body_text: 'Hola, mi pedido 7731 no ha llegado. ¿Me pueden llamar?' },
      },
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status()).toBe(201);
    conversationId = ((await res.json()) as { id: string }).id;
    await page.goto(`${server.url}/inbox/all/${conversationId}`);
    await page.getByRole('heading', { level: 2, name: 'Pedido 7731 sin llegar' }).waitFor();
  });

  it('shows the promise a reply will make, with its due time, before it is sent', async () => {
    const composer = page.getByLabel('Reply to Lucía Fernández');
    const promising =
      'Hola, Lucía: soy Ioana, de atención al cliente. Compruebo el pedido y le llamo en 10 minutos.';
    const typedAt = Date.now();
    await composer.fill(promising);
    const preview = page.getByRole('region', { name: 'Promises in this reply' });
    await preview.getByText('Once sent, this reply makes a promise').waitFor();
    const item = preview.getByRole('listitem');
    expect(await item.count()).toBe(1);
    const line = ((await item.textContent()) ?? '').replace(/\s/g, ' ');
    const lead = 'Callback“en 10 minutos” — due ';
    expect(line.startsWith(lead), line).toBe(true);
    // In the workspace's time zone (the browser's here, so no offset is added): ten minutes on.
    const inMadrid = (at: number) =>
      new Intl.DateTimeFormat('en', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Madrid',
      })
        .format(new Date(at))
        .replace(/\s/g, ' ');
    const due = typedAt + 10 * 60_000;
    expect([inMadrid(due), inMadrid(due + 60_000)]).toContain(line.slice(lead.length));
    await saveScreenshot(page, 'promise-preview');

    // Without the promise the preview goes; with it again, it is back.
    await composer.fill('Hola, Lucía: soy Ioana, de atención al cliente. Compruebo el pedido.');
    await preview.waitFor({ state: 'detached' });
    await composer.fill(promising);
    await preview.getByText('Once sent, this reply makes a promise').waitFor();
    expect(problems).toEqual([]);
  });

  it('replies with a promise and tracks it in one click', async () => {
    const composer = page.getByLabel('Reply to Lucía Fernández');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => composer.inputValue()).toBe('');
    // Sent, the draft's preview has gone; the reply's promise is proposed on the conversation.
    await page
      .getByRole('region', { name: 'Promises in this reply' })
      .waitFor({ state: 'detached' });

    // The reply proposed a promise: its words, its kind and its due time.
    const proposal = promisesCard()
      .getByRole('listitem')
      .filter({ hasText: 'le llamo en 10 minutos' });
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('Proposed');
    expect(await proposal.textContent()).toContain('Callback');
    await saveScreenshot(page, 'promise-proposed');
    await proposal.getByRole('button', { name: 'Track it' }).click();

    // Tracked: it counts down, with "Kept" and "Tell the client about a delay".
    await proposal.getByText(/left$/).waitFor();
    await proposal.getByRole('button', { name: 'Kept' }).waitFor();
    await proposal.getByRole('button', { name: 'Tell the client about a delay' }).waitFor();
    await timeline()
      .locator('li.timeline-event')
      .filter({ hasText: 'Ioana Popescu is tracking a promise' })
      .waitFor();
    const [tracked] = (
      await api<{ items: PromiseView[] }>(`/promises?conversation_id=${conversationId}`)
    ).items;
    expect(tracked).toMatchObject({ state: 'open', redates: [] });
  });

  it('names the workspace’s time zone on the due-time input when the agent’s clock is elsewhere', async () => {
    const almaty = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      timezoneId: 'Asia/Almaty',
    });
    try {
      const p = await almaty.newPage();
      p.setDefaultTimeout(15_000);
      await p.goto(`${server.url}/login`);
      await p.getByLabel('Email').fill('ioana@demo.rapport.test');
      await p.locator('input[type="password"]').fill('rapport-demo');
      await p.locator('button[type="submit"]').click();
      await p.waitForURL(/\/inbox/);
      await p.goto(`${server.url}/inbox/all/${conversationId}`);
      const card = p.getByRole('region', { name: 'Promises in this conversation' });
      await card.getByRole('button', { name: 'Tell the client about a delay' }).click();
      const dialog = p.getByRole('dialog', { name: 'Tell the client about a delay' });
      // Madrid's wall time goes in, and the input says so.
      await dialog.getByText('In the workspace’s time zone: Central European').waitFor();
      await saveScreenshot(p, 'promise-delay-elsewhere');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The timeline gives the due time in that zone too, and says which.
      await p
        .getByRole('list', { name: 'Messages' })
        .locator('li.timeline-event')
        .filter({ hasText: /is tracking a promise: .*, due .*GMT\+1/ })
        .waitFor();
    } finally {
      await almaty.close();
    }
  });

  it('tells the client about a delay: the notice goes out in Spanish and the promise is re-dated', async () => {
    await promisesCard().getByRole('button', { name: 'Tell the client about a delay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tell the client about a delay' });
    await dialog.waitFor();
    const notice = dialog.getByLabel('Notice to the client');
    await expect.poll(() => notice.inputValue()).toMatch(/^Disculpe la espera/);
    // The agent's clock is the workspace's (Madrid): no zone to name.
    expect(await dialog.getByText('In the workspace’s time zone').count()).toBe(0);

    // Tomorrow at 12:00 in Madrid.
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Madrid',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(tomorrow);
    await dialog.getByLabel('New due time').fill(`${local}T12:00`);
    await expect.poll(() => notice.inputValue()).toContain('a las 12:00');
    const text = await notice.inputValue();
    await saveScreenshot(page, 'promise-delay-dialog');
    await dialog.getByRole('button', { name: 'Send the notice and re-date' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The notice is a reply on the conversation; the timeline says what happened.
    await timeline().getByRole('listitem').filter({ hasText: text }).waitFor();
    await timeline()
      .locator('li.timeline-event')
      .filter({ hasText: 'Ioana Popescu told the client about a delay' })
      .waitFor();
    await promisesCard()
      .getByText(/re-dated once/)
      .waitFor();
    const [redated] = (
      await api<{ items: PromiseView[] }>(`/promises?conversation_id=${conversationId}`)
    ).items;
    newDue = redated!.due_at;
    expect(redated).toMatchObject({ state: 'open', redates: [{ to: newDue }] });
    const [y, m, d] = local.split('-').map(Number);
    expect(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Europe/Madrid',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(newDue)),
    ).toBe(`${y}-${pad(m!)}-${pad(d!)}, 12:00`);
    await saveScreenshot(page, 'promise-conversation');
  });

  it('finds it on "My promises" and marks it kept', async () => {
    await page.getByRole('link', { name: 'Promises', exact: true }).click();
    await page.getByRole('heading', { name: 'My promises' }).waitFor();
    const row = page
      .getByRole('list', { name: 'Promises' })
      .getByRole('listitem')
      .filter({ hasText: 'le llamo en 10 minutos' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Lucía Fernández');
    await saveScreenshot(page, 'promises-page');
    await row.getByRole('button', { name: 'Kept' }).click();
    await row.waitFor({ state: 'detached' });
    const [kept] = (
      await api<{ items: PromiseView[] }>(`/promises?conversation_id=${conversationId}`)
    ).items;
    expect(kept).toMatchObject({ state: 'kept', due_at: newDue });
    expect(problems).toEqual([]);
  });
});
