import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';
import { signInInEnglish } from './demo.ts';

describe('an admin tunes the reply coach; an agent writes under the new rules', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let problems: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    // bypassCSP: axe is injected for the audit; the app's own scripts are unchanged.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
      bypassCSP: true,
    });
    admin = await context.newPage();
    admin.setDefaultTimeout(15_000);
    problems = watchConsole(admin);
    await signInInEnglish(admin, server.url, 'admin@demo.rapport.test');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('switches off a built-in rule', async () => {
    await admin.goto(`${server.url}/admin/reply-coach`);
    await admin.getByRole('heading', { level: 2, name: 'Reply coach' }).waitFor();
    const rules = admin.getByRole('table', { name: 'Phrase rules in English' });
    await rules.waitFor();
    // The list filters by policy: "Calm down" is a block, "I don't know" a warning.
    await admin.getByLabel('Policy', { exact: true }).selectOption('block');
    await rules.getByRole('row').filter({ hasText: 'calm down' }).waitFor();
    expect(await rules.getByRole('row').filter({ hasText: 'dunno' }).count()).toBe(0);
    await admin.getByLabel('Policy', { exact: true }).selectOption('');

    await admin.getByLabel('Search', { exact: true }).fill('who can answer this');
    const dontKnow = rules.getByRole('row').filter({ hasText: 'dunno' });
    await dontKnow.waitFor();
    expect(await rules.getByRole('row').count()).toBe(2); // the header and the rule
    const toggle = dontKnow.getByRole('switch');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click({ force: true });
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await dontKnow.getByText('Built in').waitFor();
    await admin.getByLabel('Search', { exact: true }).fill('');
    await saveScreenshot(admin, 'coach-admin-rules');
    const violations = await axeViolations(admin);
    expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
  });

  it('adds a block rule: the server names what is wrong, the tester shows what it finds', async () => {
    await admin.getByRole('button', { name: 'Add a rule' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New phrase rule' });
    await dialog.waitFor();
    const pattern = dialog.getByLabel('Phrase pattern');
    await pattern.fill('(cheap|cheapest price*');
    await dialog.getByLabel('Sample sentence').fill('This is our cheapest price ever.');
    await dialog.getByText('The pattern has a bracket without its pair (character 23).').waitFor();
    // Saved as it is: the server refuses it, naming the pattern and the missing explanation.
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.getByText('has a bracket without its pair (at character 23)').waitFor();
    await dialog.getByText('needs a text in at least one language').waitFor();

    await pattern.fill('(cheap|cheapest) price*');
    await dialog.getByText('One match, marked below.').waitFor();
    expect(await dialog.locator('mark').textContent()).toBe('cheapest price');
    await dialog
      .locator('label')
      .filter({ hasText: /^Block$/ })
      .click();
    expect(await dialog.getByRole('radio', { name: 'Block' }).isChecked()).toBe(true);
    await dialog
      .getByRole('textbox', { name: 'Why it hurts, for the agent' })
      .fill('“Cheap” sounds like poor quality: talk about the value the client gets.');
    await dialog.getByLabel('Better wording').fill('best-value price');
    await dialog.getByLabel('“Use this wording” replaces').selectOption('match');
    await saveScreenshot(admin, 'coach-admin-new-rule');
    const violations = await axeViolations(admin);
    expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.locator('.mantine-Modal-overlay').waitFor({ state: 'detached' });

    await admin.getByLabel('Policy', { exact: true }).selectOption('block');
    const rules = admin.getByRole('table', { name: 'Phrase rules in English' });
    const added = rules.getByRole('row').filter({ hasText: '(cheap|cheapest) price*' });
    await added.waitFor();
    await added.getByText('This workspace').waitFor();
    await saveScreenshot(admin, 'coach-admin');
  });

  it('keeps a jargon list and the policies of the further checks', async () => {
    await admin.getByRole('tab', { name: 'Jargon' }).click();
    await admin.getByLabel('Term').fill('SKU');
    await admin.getByLabel('Plain words to say instead').fill('product code');
    await admin.getByRole('button', { name: 'Add term' }).click();
    const table = admin.getByRole('table', { name: 'Jargon' });
    const row = table.getByRole('row').filter({ hasText: 'SKU' });
    await row.waitFor();
    await admin.getByLabel('Term').fill('bad term!');
    await admin.getByRole('button', { name: 'Add term' }).click();
    await admin.getByText('holds words (a trailing * allows endings)').waitFor();
    await row.getByRole('button', { name: 'Remove' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });

    await admin.getByRole('tab', { name: 'Further checks' }).click();
    const intro = admin.getByRole('radiogroup', { name: 'The agent introduces themselves' });
    await intro.locator('label').filter({ hasText: /^Off$/ }).click();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved. Agents see the change in the next reply they write.').waitFor();
    const settings = (await (
      await admin.request.get(`${server.url}/api/v1/coach/settings`)
    ).json()) as { checks: { introduction: string } };
    expect(settings.checks.introduction).toBe('off');
    // The two refusals above (the broken pattern, the bad term) are the only errors.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    expect(problems).toHaveLength(2);
  });

  it('the agent’s composer flags the new phrase and no longer the switched-off one', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const agentProblems = watchConsole(page);
    const csrf = await signInInEnglish(page, server.url, 'ioana@demo.rapport.test');
    const clients = (await (
      await page.request.get(`${server.url}/api/v1/clients?q=James%20Wilson`)
    ).json()) as { items: { id: string }[] };
    const res = await page.request.post(`${server.url}/api/v1/conversations`, {
      data: {
        client_id: clients.items[0]!.id,
        subject: 'Is this your best price?',
        channel: 'chat',
        direction: 'inbound',
        message: { body_text: 'Hi, is 40 euros really your best price for the lamp?' },
      },
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await page.goto(`${server.url}/inbox/all/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Is this your best price?' }).waitFor();

    const composer = page.getByLabel('Reply to James Wilson');
    await composer.click();
    await composer.pressSequentially(
      "Hello James, Ioana here. I don't know about other shops, but 40 euros is our cheapest price.",
    );
    const coach = page.getByRole('region', { name: 'Reply coach' });
    const blocked = coach.getByRole('listitem').filter({ hasText: '“cheapest price”' });
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('Blocked');
    await page.locator('.coach-mark.coach-block', { hasText: 'cheapest price' }).waitFor();
    // "I don't know" is switched off for the workspace: nothing else is marked.
    expect(await page.locator('.coach-mark').count()).toBe(1);
    expect(await coach.getByRole('listitem').filter({ hasText: 'know' }).count()).toBe(0);
    await expect
      .poll(() => page.getByRole('button', { name: 'Send reply' }).isDisabled())
      .toBe(true);
    await saveScreenshot(page, 'coach-admin-composer');

    await blocked.getByRole('button', { name: /^Use this wording/ }).click();
    await expect
      .poll(() => composer.inputValue())
      .toBe(
        "Hello James, Ioana here. I don't know about other shops, but 40 euros is our best-value price.",
      );
    expect(agentProblems).toEqual([]);
    await context.close();
  });
});
