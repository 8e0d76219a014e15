import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';

interface Row {
  id: string;
  subject: string;
  status: string;
  client: { id: string; name: string };
  team: { id: string; name: string } | null;
}

describe('an agent works a conversation with its controls', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let conversation: Row;
  let phone = '';

  const api = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${server.url}/api/v1${path}`)).json()) as T;
  const timeline = () => page.getByRole('list', { name: 'Messages' });
  const controls = () => page.getByRole('group', { name: 'Conversation controls' });
  const eventLine = (text: string | RegExp) =>
    timeline().locator('li.timeline-event').filter({ hasText: text });

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

  // A failing step leaves a picture of what the browser showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await saveScreenshot(page, 'conversation-controls-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in as the demo admin and switches to English', async () => {
    await page.goto(server.url);
    await page.getByLabel('Email').fill('admin@demo.rapport.test');
    await page.getByLabel('Password', { exact: true }).fill('rapport-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /^Todas/ }).waitFor();
    await page.getByRole('banner').getByLabel('Idioma').selectOption('en');
    await page.getByRole('link', { name: /^All/ }).waitFor();
  });

  it('opens a conversation of a client with a phone number', async () => {
    const list = await api<{ items: Row[] }>('/conversations?view=all&limit=50');
    for (const row of list.items) {
      if (['resolved', 'closed'].includes(row.status)) continue;
      const client = await api<{ phones: string[] }>(`/clients/${row.client.id}`);
      if (client.phones.length) {
        conversation = row;
        phone = client.phones[0]!;
        break;
      }
    }
    expect(phone).not.toBe('');
    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();
  });

  it('changes the priority', async () => {
    await controls().getByLabel('Priority').selectOption('urgent');
    await eventLine('Ana García set the priority to Urgent').waitFor();
  });

  it('assigns it to a colleague and sees the event line appear', async () => {
    const assignee = page.locator('[data-shortcut="assign"]');
    await assignee.click();
    await assignee.fill('Ioana');
    await page.getByRole('option', { name: 'Ioana Popescu' }).click();
    await eventLine('Ana García assigned this to Ioana Popescu').waitFor();
    expect(await assignee.inputValue()).toBe('Ioana Popescu');
  });

  it('adds a tag', async () => {
    const tags = controls().getByLabel('Tags', { exact: true });
    await tags.fill('callback-promised');
    await tags.press('Enter');
    await eventLine('Ana García added the tag callback-promised').waitFor();
    const saved = await api<{ tags: string[] }>(`/conversations/${conversation.id}`);
    expect(saved.tags).toContain('callback-promised');
  });

  it('escalates it to a team with a hand-off note', async () => {
    const teams = await api<{ items: { id: string; name: string }[] }>('/teams');
    const team = teams.items.find((t) => t.id !== conversation.team?.id) ?? teams.items[0]!;
    await page.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: /^Escalate conversation/ });
    await dialog.waitFor();
    await dialog.getByLabel('Team', { exact: true }).selectOption(team.id);
    await dialog.getByText('Phone call').click();
    await dialog.getByRole('combobox', { name: /^Reason/ }).selectOption('outside_authority');
    await dialog.getByLabel('Hand-off note').fill('Asks for a discount above my authority.');
    await saveScreenshot(page, 'escalate-dialog');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventLine(`Ana García escalated this to ${team.name} (Phone call)`).waitFor();
    const escalations = await api<{
      items: { to_team: { id: string }; category: string; note: string }[];
    }>(`/escalations?conversation_id=${conversation.id}`);
    expect(escalations.items[0]).toMatchObject({
      to_team: { id: team.id },
      category: 'outside_authority',
      note: 'Asks for a discount above my authority.',
    });
  });

  it('offers a callback to the client’s number', async () => {
    await page.getByRole('button', { name: 'Offer a callback' }).click();
    const dialog = page.getByRole('dialog', { name: /callback/ });
    const number = dialog.getByLabel('Phone number');
    // Prefilled from the client's phone identity.
    await expect.poll(() => number.inputValue(), { timeout: 10_000 }).toBe(phone);
    await dialog.getByLabel('Note').fill('Wants to hear about the discount.');
    await saveScreenshot(page, 'callback-dialog');
    await dialog.getByRole('button', { name: 'Schedule the callback' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Callbacks' }).getByText(`Call ${phone}`).waitFor();
    await eventLine(`Ana García offered a callback to ${phone}`).waitFor();
  });

  it('resolves it (ticking off the client’s questions, when they asked any)', async () => {
    await page.locator('[data-shortcut="resolve"]').click();
    // When the client asked something, the reply coach lists it before resolving
    // (e2e/coach.spec.ts tests that dialog itself).
    const dialog = page.getByRole('dialog', { name: 'Before you resolve' });
    const resolved = eventLine('Ana García changed the status to Resolved');
    await Promise.race([dialog.waitFor(), resolved.waitFor()]);
    if (await dialog.isVisible()) {
      const resolve = dialog.getByRole('button', { name: 'Resolve' });
      expect(await resolve.isDisabled()).toBe(true);
      for (const box of await dialog.getByRole('checkbox', { name: 'Answered' }).all())
        await box.check();
      await resolve.click();
    }
    await eventLine('Ana García changed the status to Resolved').waitFor();
    expect(await controls().getByRole('combobox', { name: 'Status' }).inputValue()).toBe(
      'resolved',
    );
    expect(await page.locator('[data-shortcut="resolve"]').isDisabled()).toBe(true);
    // Saved and refreshed: the controls are usable again.
    await controls()
      .getByRole('combobox', { name: 'Priority' })
      .and(page.locator(':enabled'))
      .waitFor();
    await saveScreenshot(page, 'conversation');
    expect(problems).toEqual([]);
  });

  it('still shows its first changes after more than a page of later ones', async () => {
    const { csrf_token } = await api<{ csrf_token: string }>('/auth/session');
    // Away from the conversation, so the page does not refetch it at every change.
    await page.goto(`${server.url}/search`);
    // 110 more changes: the newest page of events (100) no longer reaches the first ones.
    for (let i = 0; i < 110; i++) {
      const res = await page.request.patch(
        `${server.url}/api/v1/conversations/${conversation.id}`,
        {
          data: { priority: i % 2 ? 'normal' : 'low' },
          headers: { 'x-csrf-token': csrf_token },
        },
      );
      expect(res.status()).toBe(200);
    }
    await page.goto(`${server.url}/inbox/all/${conversation.id}`);
    await page.getByRole('heading', { level: 2, name: conversation.subject }).waitFor();
    await eventLine('Ana García set the priority to Urgent').waitFor();
    await eventLine('Ana García assigned this to Ioana Popescu').waitFor();
    expect(await eventLine('Ana García set the priority to Low').count()).toBe(55);
    expect(problems).toEqual([]);
  }, 120_000);
});
