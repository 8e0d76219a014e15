// Steps many journeys share on the demo workspace (`rapport serve` seeds it).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'rapport-demo';

/**
 * Signs a demo user in through the form and switches them to English (demo
 * users work in their own languages), with `reload` on the page at once (the
 * language chosen is applied on the next load); returns the session's CSRF token.
 */
export async function signInInEnglish(
  page: Page,
  url: string,
  email: string,
  options: { reload?: boolean } = {},
): Promise<string> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inbox/);
  const session = (await (await page.request.get(`${url}/api/v1/auth/session`)).json()) as {
    user: { id: string };
    csrf_token: string;
  };
  const res = await page.request.patch(`${url}/api/v1/users/${session.user.id}`, {
    data: { language: 'en' },
    headers: { 'x-csrf-token': session.csrf_token },
  });
  expect(res.status()).toBe(200);
  if (options.reload) {
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }
  return session.csrf_token;
}

/** The id of James Wilson, an English-speaking demo client. */
export async function jamesWilsonId(page: Page, url: string): Promise<string> {
  const clients = (await (
    await page.request.get(`${url}/api/v1/clients?q=James%20Wilson`)
  ).json()) as { items: { id: string }[] };
  return clients.items[0]!.id;
}

/** A new chat from James Wilson, an English-speaking demo client, as the signed-in user; its id. */
export async function newChatFromJames(
  page: Page,
  url: string,
  csrf: string,
  subject: string,
  bodyText: string,
): Promise<string> {
  const res = await page.request.post(`${url}/api/v1/conversations`, {
    data: {
      client_id: await jamesWilsonId(page, url),
      subject,
      channel: 'chat',
      direction: 'inbound',
      message: { body_text: bodyText },
    },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
