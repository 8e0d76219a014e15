import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  browserSessions,
  launchChromium,
  saveScreenshot,
  saveSettledScreenshot as shoot,
  seriousViolationsNow as serious,
  startRapport,
  type RunningServer,
} from './browser.ts';
import { jamesWilsonId, newChatFromJames, signInInEnglish } from './demo.ts';

/** Signs in, in English at once; the CSRF token. */
const signIn = (page: Page, url: string, email: string) =>
  signInInEnglish(page, url, email, { reload: true });
const composer = (agent: Page) => agent.getByLabel('Reply to James Wilson');
const agentCard = (agent: Page) => agent.getByRole('region', { name: 'Discount approval' });
const timeline = (page: Page) => page.getByRole('list', { name: 'Messages' });

const HELLO = 'Hi James, this is Ioana from customer service.';
const FIFTEEN = `${HELLO} As a thank-you for your loyalty, I can offer you 15% off your next order.`;
const TWENTY = `${HELLO} As a thank-you for your loyalty, I can offer you 20% off your next order.`;

describe('discounts above an agent’s authority wait for a supervisor', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessions = browserSessions();
  const problems = sessions.problems;
  let agent: Page;
  let supervisor: Page;
  let admin: Page;
  let conversationId = '';
  let clientId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    agent = await sessions.open(browser, 'agent');
    supervisor = await sessions.open(browser, 'supervisor');
    admin = await sessions.open(browser, 'admin');
    const csrf = await signIn(agent, server.url, 'ioana@demo.rapport.test');
    await signIn(supervisor, server.url, 'bence@demo.rapport.test');
    await signIn(admin, server.url, 'admin@demo.rapport.test');
    clientId = await jamesWilsonId(agent, server.url);
    conversationId = await newChatFromJames(
      agent,
      server.url,
      csrf,
      'Loyal client asks for a discount',
      'I have ordered from you for years. Any discount on the next one?',
    );
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      for (const [name, page] of Object.entries({ agent, supervisor, admin }))
        await saveScreenshot(page, `discounts-failed-${name}`);
  });

  afterAll(async () => {
    await sessions.close();
    await browser?.close();
    await server?.stop();
  });

  it('warns the agent while typing, refuses the reply on send and lets her ask a supervisor', async () => {
    await agent.goto(`${server.url}/inbox/all/${conversationId}`);
    await agent
      .getByRole('heading', { level: 2, name: 'Loyal client asks for a discount' })
      .waitFor();
    await composer(agent).fill(FIFTEEN);
    // Before sending: the draft promises more than her own limit.
    await agent
      .getByRole('status')
      .filter({
        hasText:
          'This reply promises 15% off; on your own you may promise 5% off and 1 coupon per reply.',
      })
      .waitFor();
    await shoot(agent, 'discount-hint');

    await agent.getByRole('button', { name: 'Send reply' }).click();
    const refused = agent.getByRole('alert').filter({ hasText: /^Not sent: this reply promises/ });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('15% off, more than you may promise on your own');
    // The reply is not lost.
    expect(await composer(agent).inputValue()).toBe(FIFTEEN);

    await refused.getByRole('button', { name: 'Ask a supervisor' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Ask a supervisor to approve the discount' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(FIFTEEN);
    await dialog.getByRole('button', { name: 'Send the request' }).click();
    await dialog.getByText('Say why the client should have this discount.').waitFor();
    await dialog
      .getByLabel('Why should the client have it?')
      .fill('A client of six years; his last order arrived late.');
    await shoot(agent, 'discount-ask-dialog');
    expect(await serious(agent)).toEqual([]);
    await dialog.getByRole('button', { name: 'Send the request' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The reply waits on the request, shown above the composer with "Withdraw".
    await expect.poll(() => composer(agent).inputValue()).toBe('');
    const pending = agentCard(agent)
      .getByRole('listitem')
      .filter({ hasText: 'Waiting for approval' });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Ioana Popescu asks for 15% off');
    expect(await pending.textContent()).toContain(FIFTEEN);
    await pending.getByRole('button', { name: 'Withdraw' }).waitFor();
    expect(await pending.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shoot(agent, 'discount-pending');
    expect(await serious(agent)).toEqual([]);
  });

  it('tells the supervisor, who opens it from the bell and approves it on the queue', async () => {
    const bell = supervisor.getByTestId('notification-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await bell.click();
    const line = supervisor
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', { name: /Ioana Popescu asks you to approve 15% off for James Wilson/ });
    await line.click();
    // The notification opens the conversation, where the request waits with Approve and Deny.
    await supervisor.waitForURL(`**/inbox/all/${conversationId}`);
    const card = supervisor.getByRole('region', { name: 'Discount approval' });
    await card.getByRole('button', { name: 'Approve' }).waitFor();
    await card.getByRole('button', { name: 'Deny' }).waitFor();

    await supervisor.getByRole('link', { name: 'Discounts', exact: true }).click();
    await supervisor.waitForURL('**/discounts');
    const queue = supervisor.getByRole('list', { name: 'Discounts waiting for approval' });
    const item = queue.getByRole('listitem').filter({ hasText: 'Ioana Popescu asks for 15% off' });
    await item.waitFor();
    const text = await item.textContent();
    expect(text).toContain('Own limit: 5% off and 1 coupon per reply');
    expect(text).toContain('Reason: “A client of six years; his last order arrived late.”');
    expect(text).toContain(FIFTEEN);
    await item.getByRole('link', { name: 'James Wilson' }).waitFor();
    await item
      .getByRole('link', { name: /^Conversation #\d+ · Loyal client asks for a discount$/ })
      .waitFor();
    await shoot(supervisor, 'discount-queue');
    expect(await serious(supervisor)).toEqual([]);

    await item.getByRole('button', { name: 'Approve' }).click();
    const dialog = supervisor.getByRole('dialog', { name: 'Approve 15% off for James Wilson' });
    await dialog.waitFor();
    await dialog
      .getByLabel('A word for Ioana Popescu (optional)')
      .fill('Fine for a client of six years.');
    await shoot(supervisor, 'discount-approve-dialog');
    expect(await serious(supervisor)).toEqual([]);
    await dialog.getByRole('button', { name: 'Approve and send the reply' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The request stays in sight, decided, with what became of the reply.
    await item.getByText('Approved', { exact: true }).waitFor();
    expect(await item.textContent()).toContain(
      'Bence Kovács approved it: “Fine for a client of six years.” The reply was sent.',
    );
    await shoot(supervisor, 'discount-queue-approved');
    await supervisor.reload();
    await supervisor.getByText('Nothing waits for approval.').waitFor();
  });

  it('sends the waiting reply as the agent, and records the discount on the client', async () => {
    // The agent's open conversation shows the reply sent, without reloading.
    await timeline(agent).getByRole('listitem').filter({ hasText: FIFTEEN }).first().waitFor();
    await timeline(agent)
      .locator('li.timeline-event')
      .filter({ hasText: 'Bence' })
      .filter({ hasText: 'approved 15% off: “Fine for a client of six years.”' })
      .waitFor();
    await agentCard(agent).waitFor({ state: 'detached' });
    const bell = agent.getByTestId('notification-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await shoot(agent, 'discount-approved-sent');

    await agent.goto(`${server.url}/clients/${clientId}`);
    const list = agent.getByRole('list', { name: 'Discounts promised' });
    const promised = list.getByRole('listitem').first();
    await promised.waitFor();
    const text = await promised.textContent();
    expect(text).toContain('15% off');
    expect(text).toMatch(/By Ioana Popescu, approved by Bence/);
    await shoot(agent, 'discount-client-page');
    expect(await serious(agent)).toEqual([]);
  });

  it('shows a denial and its comment to the agent, whose reply comes back to edit', async () => {
    await agent.goto(`${server.url}/inbox/all/${conversationId}`);
    await composer(agent).fill(TWENTY);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    const refused = agent.getByRole('alert').filter({ hasText: /^Not sent: this reply promises/ });
    await refused.getByRole('button', { name: 'Ask a supervisor' }).click();
    const ask = agent.getByRole('dialog', { name: 'Ask a supervisor to approve the discount' });
    await ask.getByLabel('Why should the client have it?').fill('He is thinking of leaving us.');
    await ask.getByRole('button', { name: 'Send the request' }).click();
    await ask.waitFor({ state: 'detached' });
    // Withdrawn, the reply comes back to the composer; asked again, it waits again.
    await agentCard(agent)
      .getByRole('listitem')
      .filter({ hasText: 'asks for 20% off' })
      .getByRole('button', { name: 'Withdraw' })
      .click();
    await expect.poll(() => composer(agent).inputValue()).toBe(TWENTY);
    await agentCard(agent).waitFor({ state: 'detached' });
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await refused.getByRole('button', { name: 'Ask a supervisor' }).click();
    await ask.getByLabel('Why should the client have it?').fill('He is thinking of leaving us.');
    await ask.getByRole('button', { name: 'Send the request' }).click();
    await ask.waitFor({ state: 'detached' });
    await agentCard(agent).getByRole('listitem').filter({ hasText: 'asks for 20% off' }).waitFor();

    // 20% is above Bence's own 15%: he may deny it, not approve it.
    await supervisor.reload();
    const item = supervisor
      .getByRole('list', { name: 'Discounts waiting for approval' })
      .getByRole('listitem')
      .filter({ hasText: 'Ioana Popescu asks for 20% off' });
    await item.waitFor();
    await item.getByText('Above your own authority').waitFor();
    expect(await item.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Deny' }).click();
    const deny = supervisor.getByRole('dialog', { name: 'Deny 20% off for James Wilson' });
    await deny.getByRole('button', { name: 'Deny' }).click();
    await deny.getByText('Say why, so the agent knows what to offer instead.').waitFor();
    await deny
      .getByLabel('Why not? Ioana Popescu reads it')
      .fill('20% is too much; offer free shipping instead.');
    await shoot(supervisor, 'discount-deny-dialog');
    expect(await serious(supervisor)).toEqual([]);
    await deny.getByRole('button', { name: 'Deny' }).click();
    await deny.waitFor({ state: 'detached' });

    const denied = agentCard(agent).getByRole('listitem').filter({ hasText: 'Not approved' });
    await denied.waitFor();
    expect(await denied.textContent()).toContain(
      'Bence Kovács did not approve it: “20% is too much; offer free shipping instead.”',
    );
    await shoot(agent, 'discount-denied');
    expect(await serious(agent)).toEqual([]);
    await denied.getByRole('button', { name: 'Edit the reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe(TWENTY);
    await agentCard(agent).waitFor({ state: 'detached' });
  });

  it('lets an admin raise the agent’s own limit, after which the same reply goes straight out', async () => {
    await admin.goto(`${server.url}/admin/discounts`);
    await admin.getByRole('heading', { name: 'Discount authority' }).waitFor();
    const roles = admin.getByRole('table', { name: 'Limits per role' });
    expect(await roles.getByLabel('Largest discount: Agent').inputValue()).toBe('5 %');
    expect(await roles.getByLabel('Largest discount: Administrator').inputValue()).toBe('');
    await admin.getByText('Everyone has their role’s limits.').waitFor();
    await shoot(admin, 'discount-admin');
    expect(await serious(admin)).toEqual([]);

    // A role's limit: the supervisors may now promise up to 20 % themselves.
    await roles.getByLabel('Largest discount: Supervisor').fill('20');
    await admin.getByRole('button', { name: 'Save the limits' }).click();
    await admin.getByText('Saved.').waitFor();
    const authority = (await (
      await admin.request.get(`${server.url}/api/v1/discounts/authority`)
    ).json()) as { supervisor: { max_percent: number | null } };
    expect(authority.supervisor.max_percent).toBe(20);

    // A user's own limit: Ioana may promise up to 20 %.
    await admin.getByRole('button', { name: 'Give a user their own limits' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Give a user their own limits' });
    await dialog.getByLabel('User').selectOption({ label: 'Ioana Popescu (Agent)' });
    await dialog.getByLabel('Largest discount').fill('20');
    await shoot(admin, 'discount-admin-user');
    expect(await serious(admin)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = admin
      .getByRole('table', { name: 'Users with limits of their own' })
      .getByRole('row')
      .filter({ hasText: 'Ioana Popescu' });
    await row.waitFor();
    expect(await row.textContent()).toContain('20 %');
    expect(await row.textContent()).toContain('Role’s: 1');
    await shoot(admin, 'discount-admin-saved');

    // The reply the supervisor denied goes out now, and the client's list has both discounts.
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe('');
    await timeline(agent).getByRole('listitem').filter({ hasText: TWENTY }).first().waitFor();
    expect(await agent.getByRole('alert').filter({ hasText: 'Not sent' }).count()).toBe(0);
    await agent.goto(`${server.url}/clients/${clientId}`);
    const list = agent.getByRole('list', { name: 'Discounts promised' });
    await list.getByRole('listitem').filter({ hasText: '20% off' }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    expect(await list.getByRole('listitem').first().textContent()).toContain('By Ioana Popescu');

    // Ten more small discounts: the list shows ten at a time, "Show older discounts" the rest.
    const session = (await (
      await agent.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as { csrf_token: string };
    for (let i = 1; i <= 10; i++) {
      const res = await agent.request.post(
        `${server.url}/api/v1/conversations/${conversationId}/messages`,
        {
          data: { direction: 'outbound', body_text: `${HELLO} Here is ${i}% off your order.` },
          headers: { 'x-csrf-token': session.csrf_token },
        },
      );
      expect(res.status()).toBe(201);
    }
    await agent.reload();
    await list.getByRole('listitem').filter({ hasText: '10% off' }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(10);
    await agent.getByRole('button', { name: 'Show older discounts' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(12);
    expect(await list.getByRole('listitem').last().textContent()).toContain('15% off');
    expect(await agent.getByRole('button', { name: 'Show older discounts' }).count()).toBe(0);

    // The refused sends are the 422s the agent's browser logs; nothing else went wrong.
    expect(problems.agent!.filter((p) => /status of 422/.test(p))).toHaveLength(3);
    for (const [name, found] of Object.entries(problems))
      expect(
        found.filter((p) => !/status of 422/.test(p)),
        name,
      ).toEqual([]);
  });
});

describe('approvals already given, approved replies that cannot go, and new conversations', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessions = browserSessions();
  const problems = sessions.problems;
  let agent: Page;
  let supervisor: Page;
  const csrf: Record<'agent' | 'supervisor', string> = { agent: '', supervisor: '' };
  let clientId = '';

  /** Calls the API as the page's user. */
  const call = async (who: 'agent' | 'supervisor', method: string, path: string, data?: object) => {
    const page = who === 'agent' ? agent : supervisor;
    const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
      method,
      ...(data ? { data } : {}),
      headers: { 'x-csrf-token': csrf[who] },
    });
    return { status: res.status(), body: (await res.json().catch(() => null)) as never };
  };
  const inbound = async (subject: string) => {
    const res = await call('agent', 'POST', '/conversations', {
      client_id: clientId,
      subject,
      channel: 'chat',
      direction: 'inbound',
      message: { body_text: 'Thank you for the last order. Anything for a regular client?' },
    });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  const discountsOfClient = async () =>
    (
      (await call('agent', 'GET', `/clients/${clientId}/discounts`)).body as {
        items: { percent: number | null; request_id: string | null; message_id: string }[];
      }
    ).items;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startRapport(), launchChromium()]);
    agent = await sessions.open(browser, 'agent');
    supervisor = await sessions.open(browser, 'supervisor');
    csrf.agent = await signIn(agent, server.url, 'ioana@demo.rapport.test');
    csrf.supervisor = await signIn(supervisor, server.url, 'bence@demo.rapport.test');
    clientId = await jamesWilsonId(agent, server.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      for (const [name, page] of Object.entries({ agent, supervisor }))
        await saveScreenshot(page, `discounts-more-failed-${name}`);
  });

  afterAll(async () => {
    await sessions.close();
    await browser?.close();
    await server?.stop();
  });

  it('sends a reply that an approval on the conversation already covers, without a warning', async () => {
    const conversationId = await inbound('A regular asks again');
    const asked = await call(
      'agent',
      'POST',
      `/conversations/${conversationId}/discount-requests`,
      {
        percent: 15,
        reason: 'Agreed with Bence on the phone.',
      },
    );
    expect(asked.status).toBe(201);
    const requestId = (asked.body as { id: string }).id;
    const approved = await call(
      'supervisor',
      'POST',
      `/discount-requests/${requestId}/approve`,
      {},
    );
    expect(approved.status).toBe(200);

    await agent.goto(`${server.url}/inbox/all/${conversationId}`);
    await agentCard(agent)
      .getByRole('listitem')
      .filter({ hasText: 'Not used yet: the next reply may promise it.' })
      .waitFor();
    await composer(agent).fill(FIFTEEN);
    // As she types: covered, said quietly; no warning and nothing to ask for.
    await agent
      .getByRole('status')
      .filter({
        hasText: 'Bence Kovács approved 15% off on this conversation: you may send it.',
      })
      .waitFor();
    expect(await agent.getByRole('button', { name: 'Ask a supervisor' }).count()).toBe(0);
    expect(await agent.getByRole('alert').filter({ hasText: 'Not sent' }).count()).toBe(0);
    await shoot(agent, 'discount-covered');
    expect(await serious(agent)).toEqual([]);

    await agent.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe('');
    await timeline(agent).getByRole('listitem').filter({ hasText: FIFTEEN }).first().waitFor();
    await agentCard(agent).waitFor({ state: 'detached' });
    const [recorded] = await discountsOfClient();
    expect(recorded).toMatchObject({ percent: 15, request_id: requestId });
    // Sent at once: nothing was refused on the way.
    expect(problems.agent!.filter((p) => /status of 422/.test(p))).toEqual([]);
  });

  it('tells the agent why an approved reply did not go, and gives it back to send', async () => {
    const conversationId = await inbound('A regular, closed too soon');
    const waiting = `${HELLO} For this order I can offer you 12% off.`;
    const asked = await call(
      'agent',
      'POST',
      `/conversations/${conversationId}/discount-requests`,
      {
        percent: 12,
        reason: 'He has ordered every month this year.',
        reply_text: waiting,
      },
    );
    expect(asked.status).toBe(201);
    const requestId = (asked.body as { id: string }).id;
    // A colleague closes the conversation before the supervisor gets to it.
    expect(
      (await call('agent', 'PATCH', `/conversations/${conversationId}`, { status: 'closed' }))
        .status,
    ).toBe(200);
    const approved = await call(
      'supervisor',
      'POST',
      `/discount-requests/${requestId}/approve`,
      {},
    );
    expect(approved.body).toMatchObject({
      reply: { status: 'not_sent', reason: 'conversation_closed' },
    });

    // The bell says the reply was not sent, and opens the conversation.
    await agent.goto(`${server.url}/inbox/mine`);
    const bell = agent.getByTestId('notification-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await bell.click();
    await agent
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', {
        name: /Bence Kovács approved 12% off for James Wilson, but your reply was not sent/,
      })
      .click();
    await agent.waitForURL(`**/inbox/all/${conversationId}`);

    // Why, and the reply itself, kept on the request.
    const item = agentCard(agent).getByRole('listitem').filter({ hasText: 'Approved' });
    await item.waitFor();
    const text = await item.textContent();
    expect(text).toContain('The conversation was closed meanwhile, so the reply was not sent.');
    expect(text).toContain(waiting);
    await timeline(agent)
      .locator('li.timeline-event')
      .filter({ hasText: 'The conversation was closed meanwhile' })
      .waitFor();
    // Closed, it takes no reply: nothing to put back in a composer that cannot send it.
    expect(await item.getByRole('button', { name: 'Use the reply' }).count()).toBe(0);
    await shoot(agent, 'discount-approved-not-sent');
    expect(await serious(agent)).toEqual([]);

    // Reopened, the reply comes back and goes out under the approval.
    await agent
      .getByRole('group', { name: 'Conversation controls' })
      .getByRole('combobox', { name: 'Status' })
      .selectOption('open');
    await item.getByRole('button', { name: 'Use the reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe(waiting);
    await agent
      .getByRole('status')
      .filter({ hasText: 'approved 12% off on this conversation: you may send it.' })
      .waitFor();
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe('');
    await timeline(agent).getByRole('listitem').filter({ hasText: waiting }).first().waitFor();
    await agentCard(agent).waitFor({ state: 'detached' });
    const [recorded] = await discountsOfClient();
    expect(recorded).toMatchObject({ percent: 12, request_id: requestId });
  });

  it('opens a new conversation whose first message waits for a supervisor, who approves it', async () => {
    const opening =
      `${HELLO} As a thank-you for your loyalty, you get 15% off your next order, ` +
      "and I'll call you back tomorrow at 11:00 to arrange it.";
    await agent.goto(`${server.url}/clients/${clientId}`);
    await agent.getByRole('button', { name: 'New conversation' }).click();
    const dialog = agent.getByRole('dialog', { name: 'New conversation with James Wilson' });
    await dialog.getByText('By email to james.wilson@example.com').waitFor();
    await dialog.getByLabel('Subject').fill('A thank-you offer');
    await dialog.getByLabel('Message to James Wilson').fill(opening);
    // As she types: above her authority, and the promise the message makes.
    await dialog
      .getByRole('status')
      .filter({ hasText: 'This reply promises 15% off; on your own you may promise 5% off' })
      .waitFor();
    const preview = dialog.getByRole('region', { name: 'Promises in this reply' });
    await preview.getByText('Once sent, this reply makes a promise').waitFor();
    expect(await preview.textContent()).toContain('“tomorrow at 11:00”');
    await shoot(agent, 'new-conversation-discount-hint');
    expect(await serious(agent)).toEqual([]);

    // Sent anyway, it is refused; asked for, the reason is needed first.
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const refused = dialog.getByRole('alert').filter({ hasText: /^Not sent: this reply promises/ });
    await refused.getByRole('button', { name: 'Ask a supervisor' }).click();
    const reason = dialog.getByLabel('Why should the client have it?');
    await expect
      .poll(() => reason.evaluate((el) => el === el.ownerDocument.activeElement))
      .toBe(true);
    await dialog.getByRole('button', { name: 'Open and ask for approval' }).click();
    await dialog.getByText('Say why the client should have this discount.').waitFor();
    await reason.fill('Six years a client; we want him back.');
    await shoot(agent, 'new-conversation-ask');
    expect(await serious(agent)).toEqual([]);
    await dialog.getByRole('button', { name: 'Open and ask for approval' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The conversation is open, with the message waiting on the request, not sent.
    await agent.waitForURL(/\/inbox\/all\/\d+$/);
    const conversationId = /\/inbox\/all\/(\d+)$/.exec(agent.url())![1]!;
    await agent.getByRole('heading', { level: 2, name: 'A thank-you offer' }).waitFor();
    const pending = agentCard(agent)
      .getByRole('listitem')
      .filter({ hasText: 'Waiting for approval' });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Ioana Popescu asks for 15% off');
    expect(
      await timeline(agent).getByRole('listitem').filter({ hasText: 'you get 15% off' }).count(),
    ).toBe(0);
    await shoot(agent, 'new-conversation-waiting');
    expect(await serious(agent)).toEqual([]);

    // The supervisor hears of it and approves it on the conversation.
    const { number } = (await call('agent', 'GET', `/conversations/${conversationId}`)).body as {
      number: number;
    };
    const bell = supervisor.getByTestId('notification-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await bell.click();
    await supervisor
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', {
        name: `Ioana Popescu asks you to approve 15% off for James Wilson (#${number})`,
      })
      .click();
    await supervisor.waitForURL(`**/inbox/all/${conversationId}`);
    await supervisor
      .getByRole('region', { name: 'Discount approval' })
      .getByRole('button', { name: 'Approve' })
      .click();
    const approve = supervisor.getByRole('dialog', { name: 'Approve 15% off for James Wilson' });
    await approve.getByRole('button', { name: 'Approve and send the reply' }).click();
    await approve.waitFor({ state: 'detached' });

    // The agent's conversation shows the message sent as her, and the promise it made.
    await timeline(agent)
      .getByRole('listitem')
      .filter({ hasText: 'you get 15% off' })
      .first()
      .waitFor();
    await agentCard(agent).waitFor({ state: 'detached' });
    await agent
      .getByRole('region', { name: 'Promises in this conversation' })
      .getByRole('listitem')
      .filter({ hasText: 'tomorrow at 11:00' })
      .waitFor();
    const [recorded] = await discountsOfClient();
    expect(recorded).toMatchObject({ percent: 15 });

    // This workspace has no mailbox yet: the approved email cannot leave. The agent sees why,
    // and the message (with the approval it used) stays, to send again once one is set up.
    const sent = timeline(agent).getByRole('listitem').filter({ hasText: 'you get 15% off' });
    await sent
      .getByRole('alert')
      .filter({ hasText: 'Not sent: no mailbox is set up to send email (Admin → Mailboxes)' })
      .waitFor();
    await shoot(agent, 'new-conversation-approved');
    expect(await serious(agent)).toEqual([]);
    await sent.getByRole('button', { name: 'Send again' }).click();
    await expect
      .poll(async () => {
        const events = (await call('agent', 'GET', `/conversations/${conversationId}/events`))
          .body as { items: { type: string }[] };
        return events.items.filter((e) => e.type === 'message.delivery_retried').length;
      })
      .toBe(1);
    // Tried again, it fails again for the same reason; still one message, not a copy.
    await sent.getByRole('button', { name: 'Send again' }).waitFor();
    expect(await sent.count()).toBe(1);
    const messages = (await call('agent', 'GET', `/conversations/${conversationId}/messages`))
      .body as { items: { id: string }[] };
    expect(messages.items).toHaveLength(1);
    expect(recorded!.message_id).toBe(messages.items[0]!.id);
  });

  it('gives the first message back to edit when the supervisor denies it', async () => {
    const opening = `${HELLO} As a thank-you for your loyalty, you get 12% off your next order.`;
    await agent.goto(`${server.url}/clients/${clientId}`);
    await agent.getByRole('button', { name: 'New conversation' }).click();
    const dialog = agent.getByRole('dialog', { name: 'New conversation with James Wilson' });
    await dialog.getByLabel('Subject').fill('Another thank-you');
    await dialog.getByLabel('Message to James Wilson').fill(opening);
    // Asked for straight from the warning, before sending.
    await dialog
      .getByRole('status')
      .filter({ hasText: 'This reply promises 12% off' })
      .getByRole('button', { name: 'Ask a supervisor' })
      .click();
    await dialog.getByLabel('Why should the client have it?').fill('A loyal client.');
    await dialog.getByRole('button', { name: 'Open and ask for approval' }).click();
    await agent.waitForURL(/\/inbox\/all\/\d+$/);
    await agent.getByRole('heading', { level: 2, name: 'Another thank-you' }).waitFor();
    const conversationId = /\/inbox\/all\/(\d+)$/.exec(agent.url())![1]!;
    const requests = (
      await call('supervisor', 'GET', `/discount-requests?conversation_id=${conversationId}`)
    ).body as { items: { id: string }[] };
    const denied = await call(
      'supervisor',
      'POST',
      `/discount-requests/${requests.items[0]!.id}/deny`,
      {
        comment: 'Free delivery instead, please.',
      },
    );
    expect(denied.status).toBe(200);

    const card = agentCard(agent).getByRole('listitem').filter({ hasText: 'Not approved' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Free delivery instead, please.');
    await card.getByRole('button', { name: 'Edit the reply' }).click();
    await expect.poll(() => composer(agent).inputValue()).toBe(opening);

    // The refused sends are the 422s the agent's browser logged; nothing else went wrong.
    expect(problems.agent!.filter((p) => /status of 422/.test(p))).toHaveLength(1);
    for (const [name, found] of Object.entries(problems))
      expect(
        found.filter((p) => !/status of 422/.test(p)),
        name,
      ).toEqual([]);
  });
});
