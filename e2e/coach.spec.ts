import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';
import { newChatFromJames, signInInEnglish } from './demo.ts';

const FIRST_MESSAGE =
  'Hi, my order 5521 has not arrived yet. Where is it now? Can you send it to my office instead?';

// axe-core, as in accessibility.spec.ts: the composer with the coach's findings
// shown is checked against WCAG 2.1 A and AA (names, labels, contrast).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (include) => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (c: object, o: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(
      { include: [include] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } },
    );
    return result.violations;
  }, selector);
  return (violations as { id: string; impact: string | null; nodes: { html: string }[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 160)}`));
}

describe('the reply coach in the composer', () => {
  let server: RunningServer;
  let browser: Browser;
  let agentContext: BrowserContext;
  let page: Page;
  let problems: string[];
  let conversationId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    // bypassCSP: axe is injected for the audit; the app's own scripts are unchanged.
    agentContext = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      bypassCSP: true,
    });
    page = await agentContext.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an agent types a negative phrase, sees the finding and applies the better wording', async () => {
    const csrf = await signInInEnglish(page, server.url, 'ioana@demo.rapport.test');
    conversationId = await newChatFromJames(
      page,
      server.url,
      csrf,
      'Order 5521 is late',
      FIRST_MESSAGE,
    );
    await page.goto(`${server.url}/inbox/all/${conversationId}`);
    await page.getByRole('heading', { level: 2, name: 'Order 5521 is late' }).waitFor();

    const composer = page.getByLabel('Reply to James Wilson');
    await composer.click();
    await composer.pressSequentially("Hello James, Ioana here. I don't know, that's not my job.");

    const coach = page.getByRole('region', { name: 'Reply coach' });
    const finding = coach.getByRole('listitem').filter({ hasText: "“I don't know”" });
    await finding.waitFor();
    await expect.poll(() => coach.getByRole('status').textContent()).toContain('warnings');
    // The words are underlined where they are in the draft.
    await page.locator('.coach-mark.coach-warn', { hasText: "I don't know" }).waitFor();
    expect(await page.locator('.coach-mark').count()).toBe(2);
    await saveScreenshot(page, 'coach-findings');
    expect(await seriousViolations(page, 'form.composer')).toEqual([]);

    await finding
      .getByRole('button', { name: /^Use this wording instead of “I don't know”/ })
      .click();
    await expect
      .poll(() => composer.inputValue())
      .toBe(
        'Hello James, Ioana here. I’ll find out who can answer this. May I call you back in a couple of minutes?',
      );
    // The caret is after the new wording, the focus back in the composer.
    expect(await composer.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await coach.getByRole('listitem').first().waitFor({ state: 'detached' });
  });

  it('a blocked phrase disables Send with an explanation; rewritten, the reply goes out', async () => {
    const composer = page.getByLabel('Reply to James Wilson');
    const send = page.getByRole('button', { name: 'Send reply' });
    await composer.press('End');
    await composer.pressSequentially(' Calm down, please.');
    const coach = page.getByRole('region', { name: 'Reply coach' });
    await coach.getByRole('listitem').filter({ hasText: 'Blocked' }).waitFor();
    await expect.poll(() => send.isDisabled()).toBe(true);
    await page.getByText('Rewrite the blocked words to send this reply.').waitFor();
    // An agent cannot send it anyway: they rewrite, or ask a supervisor.
    expect(await page.getByRole('button', { name: 'Send anyway…' }).count()).toBe(0);
    await saveScreenshot(page, 'coach-blocked');

    await coach
      .getByRole('listitem')
      .filter({ hasText: 'Blocked' })
      .getByRole('button', { name: /^Use this wording/ })
      .click();
    await expect.poll(() => send.isDisabled()).toBe(false);
    const text = await composer.inputValue();
    expect(text).not.toContain('Calm down');
    await send.click();
    const sent = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('listitem')
      .filter({ hasText: 'I’ll find out who can answer this.' });
    await sent.waitFor();
    await expect.poll(() => composer.inputValue()).toBe('');
  });

  it('the New conversation form on the client page coaches the first message the same way', async () => {
    const clientId = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/conversations/${id}`);
      return ((await res.json()) as { client: { id: string } }).client.id;
    }, conversationId);
    await page.goto(`${server.url}/clients/${clientId}`);
    await page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation with James Wilson' });
    await dialog.getByLabel('Subject').fill('Your order 5521');
    const message = dialog.getByLabel('Message to James Wilson');
    await message.click();
    await message.pressSequentially(
      "Hello James. I don't know where it is. Calm down, please. I'll call you back in 10 minutes.",
    );
    const coach = dialog.getByRole('region', { name: 'Reply coach' });
    await coach.getByRole('listitem').filter({ hasText: "“I don't know”" }).waitFor();
    await coach.getByRole('listitem').filter({ hasText: 'Blocked' }).waitFor();
    // Underlined in the message, as in the composer; the promise it makes, with its due time.
    await dialog.locator('.coach-mark.coach-block', { hasText: 'Calm down' }).waitFor();
    await dialog.locator('.coach-mark.coach-warn', { hasText: "I don't know" }).waitFor();
    // The first message to the client: the agent has not introduced herself.
    await coach.getByRole('listitem').filter({ hasText: 'introduce' }).waitFor();
    await dialog
      .getByRole('region', { name: 'Promises in this reply' })
      .getByText('“in 10 minutes”', { exact: false })
      .waitFor();
    const send = dialog.getByRole('button', { name: 'Send', exact: true });
    await expect.poll(() => send.isDisabled()).toBe(true);
    await dialog.getByText('Rewrite the blocked words to send this reply.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Send anyway…' }).count()).toBe(0);
    await saveScreenshot(page, 'new-conversation-coach');
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);

    // One click puts the better wording in; then it goes, and the conversation opens.
    await coach
      .getByRole('listitem')
      .filter({ hasText: 'Blocked' })
      .getByRole('button', { name: /^Use this wording/ })
      .click();
    await expect.poll(() => message.inputValue()).not.toContain('Calm down');
    await expect.poll(() => send.isDisabled()).toBe(false);
    await saveScreenshot(page, 'new-conversation-coach-rewritten');
    await send.click();
    await page.getByRole('heading', { level: 2, name: 'Your order 5521' }).waitFor();
    await page.goto(`${server.url}/inbox/all/${conversationId}`);
    await page.getByRole('heading', { level: 2, name: 'Order 5521 is late' }).waitFor();
  });

  it('before resolving ("e"), the client’s questions are confirmed one by one', async () => {
    await page.getByRole('heading', { level: 2, name: 'Order 5521 is late' }).click();
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Before you resolve' });
    await dialog.waitFor();
    await dialog.getByText('“Where is it now?”').waitFor();
    await dialog.getByText('“Can you send it to my office instead?”').waitFor();
    const resolve = dialog.getByRole('button', { name: 'Resolve' });
    expect(await resolve.isDisabled()).toBe(true);
    const boxes = dialog.getByRole('checkbox', { name: 'Answered' });
    expect(await boxes.count()).toBe(2);
    await boxes.nth(0).check();
    expect(await resolve.isDisabled()).toBe(true);
    await boxes.nth(1).check();
    await saveScreenshot(page, 'coach-questions');
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await resolve.click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Status' }).inputValue())
      .toBe('resolved');
    expect(problems).toEqual([]);
  });

  it('a supervisor sends a blocked reply anyway, with a reason shown on the timeline', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const sup = await context.newPage();
    sup.setDefaultTimeout(15_000);
    const csrf = await signInInEnglish(sup, server.url, 'bence@demo.rapport.test');
    const id = await newChatFromJames(
      sup,
      server.url,
      csrf,
      'Angry about order 5522',
      FIRST_MESSAGE,
    );
    await sup.goto(`${server.url}/inbox/all/${id}`);
    const composer = sup.getByLabel('Reply to James Wilson');
    await composer.click();
    await composer.pressSequentially('Hello James, Bence here. Calm down, we will sort it out.');
    await sup.getByRole('button', { name: 'Send anyway…' }).click();
    const dialog = sup.getByRole('dialog', { name: 'Send a blocked reply' });
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await dialog.getByText('Give a reason to send the reply.').waitFor();
    await saveScreenshot(sup, 'coach-override-dialog');
    await dialog
      .getByLabel('Why should it go out as it is?')
      .fill('James asked us to tell him plainly; agreed on the phone.');
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await dialog.waitFor({ state: 'detached' });
    const timeline = sup.getByRole('list', { name: 'Messages' });
    await timeline.getByRole('listitem').filter({ hasText: 'we will sort it out' }).waitFor();
    await timeline
      .getByText(
        'Bence Kovács sent a reply the coach had blocked (“Calm down”). Reason: James asked us to tell him plainly; agreed on the phone.',
      )
      .waitFor();
    await saveScreenshot(sup, 'coach-override');
    await context.close();
  });
});
