import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  axeViolations,
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
} from './browser.ts';
import { newChatFromJames, signInInEnglish } from './demo.ts';

const FIRST_MESSAGE = 'I would like 30 % off the whole order, please.';

describe('escalations are counted per agent and reason', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an agent says why she escalates; the admin sees it beside the promise figures', async () => {
    const agentContext = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
    });
    const agent = await agentContext.newPage();
    agent.setDefaultTimeout(15_000);
    const agentProblems = watchConsole(agent);
    const csrf = await signInInEnglish(agent, server.url, 'ioana@demo.rapport.test');
    const id = await newChatFromJames(
      agent,
      server.url,
      csrf,
      '30 % off everything',
      FIRST_MESSAGE,
    );
    await agent.goto(`${server.url}/inbox/all/${id}`);
    await agent.getByRole('heading', { level: 2, name: '30 % off everything' }).waitFor();
    await agent.getByRole('button', { name: 'Escalate' }).click();
    const dialog = agent.getByRole('dialog', { name: /^Escalate conversation/ });
    await dialog.waitFor();
    const teams = (await (await agent.request.get(`${server.url}/api/v1/teams`)).json()) as {
      items: { id: string }[];
    };
    await dialog.getByLabel('Team', { exact: true }).selectOption(teams.items[0]!.id);
    // Without a reason the dialog asks for one.
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.getByText('Choose why you escalate.').waitFor();
    await dialog.getByRole('combobox', { name: /^Reason/ }).selectOption('outside_authority');
    await dialog.getByLabel('In your words (optional)').fill('30 % is above my limit of 10 %');
    await saveScreenshot(agent, 'escalate-reason');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'detached' });
    const listed = (await (
      await agent.request.get(`${server.url}/api/v1/escalations?conversation_id=${id}`)
    ).json()) as { items: { category: string; reason: string }[] };
    expect(listed.items[0]).toMatchObject({
      category: 'outside_authority',
      reason: '30 % is above my limit of 10 %',
    });
    expect(agentProblems).toEqual([]);
    await agentContext.close();

    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'en-US',
      bypassCSP: true,
    });
    const admin = await context.newPage();
    admin.setDefaultTimeout(15_000);
    const problems = watchConsole(admin);
    const adminCsrf = await signInInEnglish(admin, server.url, 'admin@demo.rapport.test');
    const users = (await (
      await admin.request.get(`${server.url}/api/v1/users?limit=50`)
    ).json()) as {
      items: { id: string; email: string }[];
    };
    const ioanaId = users.items.find((u) => u.email === 'ioana@demo.rapport.test')!.id;
    for (const category of ['complaint', 'complaint', 'cannot_answer']) {
      const c = await newChatFromJames(
        admin,
        server.url,
        adminCsrf,
        `Escalated: ${category}`,
        FIRST_MESSAGE,
      );
      const res = await admin.request.post(`${server.url}/api/v1/conversations/${c}/escalations`, {
        data: { to_user_id: ioanaId, category },
        headers: { 'x-csrf-token': adminCsrf },
      });
      expect(res.status()).toBe(201);
    }

    await admin.goto(`${server.url}/promises`);
    await admin
      .locator('label')
      .filter({ hasText: /^My team$/ })
      .click();
    const figures = admin.getByRole('region', { name: 'Escalations this month' });
    await figures.waitFor();
    const legend = figures.getByRole('list', { name: 'Reasons, with this month’s totals' });
    await legend.getByRole('listitem').filter({ hasText: 'Complaint' }).waitFor();
    expect(await legend.getByRole('listitem').allTextContents()).toEqual([
      'Couldn’t answer 1',
      'Beyond authority 1',
      'Complaint 2',
    ]);
    const bars = figures.getByRole('list', { name: 'Escalations per agent' });
    await bars
      .getByRole('img', {
        name: 'Ana García: 3 escalations (Couldn’t answer: 1, Complaint: 2)',
      })
      .waitFor();
    await bars
      .getByRole('img', { name: 'Ioana Popescu: 1 escalation (Beyond authority: 1)' })
      .waitFor();
    await saveScreenshot(admin, 'escalation-figures');
    const violations = await axeViolations(admin);
    expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
