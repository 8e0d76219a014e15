// Signing in to the customer portal with a one-time link, over real SMTP: the
// link arrives at an SMTP server on loopback (test/smtp-capture.ts) through
// the workspace's mailbox, the test follows it like the client's browser.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { startSmtpCapture, type SmtpCapture } from '../../../../test/smtp-capture.ts';
import { LINK_TTL_MINUTES, MAX_LINKS_PER_WINDOW, sendSignInLink } from './portal-auth.service.ts';
import { SIGN_IN_REQUESTS_PER_IP } from './portal-auth.routes.ts';
import { portalSignInLinkJob } from './portal.jobs.ts';
import {
  csrfOf,
  mailboxOnCapture,
  newClient,
  PortalBrowser,
  SMTP_AUTH,
  slugOf,
  textOf,
} from './portal.testkit.ts';

let t: TestApp;
const captures: SmtpCapture[] = [];
// The app's clock, moved by the tests (links expire).
const START = new Date('2026-12-02T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp({
    now: START,
    jobs: [{ ...portalSignInLinkJob, retryDelaySeconds: 1 }],
  });
});
afterAll(async () => {
  await t?.close();
  for (const c of captures) await c.close().catch(() => {});
});

interface Setup {
  w: TestWorkspace;
  slug: string;
  capture: SmtpCapture;
  browser: PortalBrowser;
}

async function setup(o: { withMailbox?: boolean } = {}): Promise<Setup> {
  const w = await newWorkspace(t, { name: `Kávézó ${randomUUID().slice(0, 4)}` });
  const capture = await startSmtpCapture({ auth: SMTP_AUTH });
  captures.push(capture);
  if (o.withMailbox !== false) await mailboxOnCapture(w, capture);
  const slug = await slugOf(t, w.workspaceId);
  return { w, slug, capture, browser: new PortalBrowser(t, `/portal/${slug}`) };
}

const linkIn = (text: string) => {
  const m = /(http:\/\/\S+\/sign-in\/link\?token=[A-Za-z0-9_-]+\S*)/.exec(text);
  if (!m) throw new Error(`no link in:\n${text}`);
  return new URL(m[1]!);
};

/** Asks for a link as the sign-in form does and returns the page. */
const askForLink = (s: Setup, email: string, headers: Record<string, string> = {}) =>
  s.browser.post('sign-in', { email }, headers);

/** Waits until the capture holds `count` emails and returns the last one. */
async function mailNumber(s: Setup, count: number) {
  const all = await s.capture.waitFor(count);
  return all[count - 1]!;
}

describe('signing in with a one-time link', () => {
  it('emails a link in the client’s language; the link opens a confirm page, then a session', async () => {
    const s = await setup();
    const client = await newClient(s.w, { name: 'Nagy Kata', language: 'hu' });

    const home = await s.browser.get('', { 'accept-language': 'en' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(home.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(textOf(home.body)).toContain('Follow your requests');

    const sent = await askForLink(s, client.email.toUpperCase(), { 'accept-language': 'en' });
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent.body)).toContain('Check your email');

    const mail = await mailNumber(s, 1);
    expect(mail.envelope.to).toEqual([client.email]);
    expect(mail.parsed.subject).toMatch(/^Belépési link – Kávézó/);
    expect(mail.parsed.text).toContain('Kedves Nagy Kata!');
    expect(mail.parsed.text).toContain(`${LINK_TTL_MINUTES} percig`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const link = linkIn(mail.parsed.text ?? '');
    expect(link.pathname).toBe(`/portal/${s.slug}/sign-in/link`);
    expect(mail.parsed.html).toContain(`href="${link.href.replace(/&/g, '&amp;')}"`);

    // Opening the link (as a mail scanner would, too) uses nothing up.
    const opened = await s.browser.get(link.pathname + link.search);
    expect(opened.statusCode).toBe(200);
    const token = link.searchParams.get('token')!;
    expect(opened.body).toContain(`name="token" value="${token}"`);
    expect((await s.browser.get(link.pathname + link.search)).statusCode).toBe(200);

    const confirmed = await s.browser.confirm(token);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/portal/${s.slug}/requests`);
    const cookie = confirmed.cookies.find((c) => c.name === 'rapport_portal')!;
    expect(cookie).toMatchObject({ path: `/portal/${s.slug}`, httpOnly: true, sameSite: 'Lax' });
    expect(cookie.maxAge).toBeGreaterThan(0);
    // Stored hashed: neither the token nor the cookie is in the database.
    const stored = await t.database.db
      .selectFrom('portal_sign_in_links')
      .select(['token_hash', 'used_at', 'sent_at', 'language'])
      .where('workspace_id', '=', s.w.workspaceId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]).toMatchObject({ language: 'hu', used_at: START, sent_at: START });
    const sessions = await t.database.db
      .selectFrom('portal_sessions')
      .select(['id', 'client_id'])
      .where('workspace_id', '=', s.w.workspaceId)
      .execute();
    expect(sessions).toEqual([
      { id: expect.not.stringContaining(s.browser.cookie), client_id: client.id },
    ]);

    // Signed in, in the client's language (Hungarian), with the sign-out form.
    const requests = await s.browser.get('requests');
    expect(requests.statusCode).toBe(200);
    expect(requests.body).toContain('<html lang="hu">');
    expect(textOf(requests.body)).toContain('Megkereséseim');
    expect(textOf(requests.body)).toContain('Bejelentkezve: Nagy Kata');
    // The agents' API knows nothing of this cookie.
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: `rapport_portal=${s.browser.cookie}` },
    });
    expect(api.statusCode).toBe(401);
    // The start page of a signed-in client is their list.
    const again = await s.browser.get('');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/portal/${s.slug}/requests`);
  });

  it('refuses a link used before, and one past its 20 minutes', async () => {
    const s = await setup();
    const client = await newClient(s.w, { language: 'en' });
    await askForLink(s, client.email);
    const first = linkIn((await mailNumber(s, 1)).parsed.text ?? '');
    const token = first.searchParams.get('token')!;
    expect((await s.browser.confirm(token)).statusCode).toBe(303);

    // Used once: the page and the button both say so, and nobody is signed in.
    const other = new PortalBrowser(t, s.browser.base);
    const reopened = await other.get(first.pathname + first.search);
    expect(reopened.statusCode).toBe(410);
    expect(textOf(reopened.body)).toContain('This link has expired or has already been used');
    expect(reopened.body).toContain('name="email"');
    const reused = await other.confirm(token);
    expect(reused.statusCode).toBe(410);
    expect(reused.cookies.find((c) => c.name === 'rapport_portal')).toBeUndefined();

    // A new link, then the clock moves past its expiry.
    await askForLink(s, client.email);
    const second = linkIn((await mailNumber(s, 2)).parsed.text ?? '');
    t.clock.now = new Date(t.clock.now.getTime() + (LINK_TTL_MINUTES * 60 + 1) * 1000);
    try {
      expect((await other.get(second.pathname + second.search)).statusCode).toBe(410);
      const late = await other.confirm(second.searchParams.get('token')!);
      expect(late.statusCode).toBe(410);
      expect(other.cookie).toBe('');
      // A made-up token is refused the same way.
      expect((await other.confirm('x'.repeat(43))).statusCode).toBe(410);
    } finally {
      t.clock.now = START;
    }
  });

  it('answers an unknown address exactly like a known one, and sends it nothing', async () => {
    const s = await setup();
    const known = await newClient(s.w, { language: 'en' });
    const unknown = `nobody-${randomUUID().slice(0, 8)}@client.example`;
    const a = await askForLink(s, unknown);
    const b = await askForLink(s, known.email);
    expect(a.statusCode).toBe(b.statusCode);
    const strip = (html: string, email: string) =>
      html.replaceAll(email, 'EMAIL').replace(/nonce-[^']+'|nonce="[^"]+"/g, 'NONCE');
    expect(strip(a.body, unknown)).toBe(strip(b.body, known.email));
    // One queue, one worker, first in first out: once the known address's link
    // arrived, the unknown address's job had run, and sent nothing.
    const mail = await mailNumber(s, 1);
    expect(mail.envelope.to).toEqual([known.email]);
    expect(s.capture.messages.flatMap((m) => m.envelope.to)).not.toContain(unknown);
    const rows = await t.database.db
      .selectFrom('portal_sign_in_links')
      .select('email')
      .where('workspace_id', '=', s.w.workspaceId)
      .execute();
    expect(rows.map((r) => r.email)).toEqual([known.email]);
  });

  it('re-shows the form naming the problem for an address that is not one', async () => {
    const s = await setup();
    const res = await askForLink(s, 'not an address', { 'accept-language': 'es' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('value="not an address"');
    expect(textOf(res.body)).toContain('Esto no parece una dirección de correo');
    const empty = await askForLink(s, '');
    expect(empty.statusCode).toBe(400);
  });

  it('sends an address at most three links in 15 minutes, and one address only ten requests per portal', async () => {
    const s = await setup();
    const client = await newClient(s.w);
    const marker = await newClient(s.w);
    for (let i = 0; i < MAX_LINKS_PER_WINDOW + 2; i++) {
      expect((await askForLink(s, client.email)).statusCode).toBe(200);
    }
    await askForLink(s, marker.email);
    const all = await s.capture.waitFor(MAX_LINKS_PER_WINDOW + 1);
    expect(all.at(-1)!.envelope.to).toEqual([marker.email]);
    expect(all.filter((m) => m.envelope.to[0] === client.email)).toHaveLength(MAX_LINKS_PER_WINDOW);

    // By address: the limit of the route (the requests above count too).
    let last;
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_IP; i++) last = await askForLink(s, client.email);
    expect(last!.statusCode).toBe(429);
    expect(last!.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(last!.body)).toContain('Too many attempts');
  });

  it('the job: nothing for an unknown address, no retry without a mailbox, once per request', async () => {
    const s = await setup({ withMailbox: false });
    const client = await newClient(s.w, { language: 'ru' });
    const deps = { db: t.database.db, secrets: t.secrets, now: () => START, log: t.app.log };
    const data = {
      workspaceId: s.w.workspaceId,
      requestKey: randomUUID(),
      email: client.email,
      language: 'en' as const,
      origin: 'http://portal.example',
    };
    expect(await sendSignInLink(deps, { ...data, email: 'nobody@client.example' })).toBe(
      'unknown_address',
    );
    // No mailbox: given up at once (a retry cannot help), the link never sent.
    expect(await sendSignInLink(deps, data)).toBe('no_mailbox');
    const rows = await t.database.db
      .selectFrom('portal_sign_in_links')
      .select(['sent_at', 'language'])
      .where('workspace_id', '=', s.w.workspaceId)
      .execute();
    expect(rows).toEqual([{ sent_at: null, language: 'ru' }]);

    // With a mailbox, the same request is sent once, however often the job runs.
    const withMailbox = await setup();
    const other = await newClient(withMailbox.w);
    const again = { ...data, workspaceId: withMailbox.w.workspaceId, email: other.email };
    expect(await sendSignInLink(deps, again)).toBe('sent');
    expect(await sendSignInLink(deps, again)).toBe('already_sent');
    expect(withMailbox.capture.messages).toHaveLength(1);
    expect(linkIn(withMailbox.capture.messages[0]!.parsed.text ?? '').origin).toBe(
      'http://portal.example',
    );
  });

  it('signs out with the form’s token only, and a cross-site post is refused', async () => {
    const s = await setup();
    const client = await newClient(s.w);
    await askForLink(s, client.email);
    const link = linkIn((await mailNumber(s, 1)).parsed.text ?? '');
    await s.browser.confirm(link.searchParams.get('token')!);
    expect(s.browser.csrf).not.toBe('');

    const forged = await s.browser.post('sign-out', { _csrf: 'wrong' });
    expect(forged.statusCode).toBe(403);
    expect(textOf(forged.body)).toContain('This form has expired');
    const crossSite = await s.browser.post('sign-out', {}, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const fetchedCrossSite = await s.browser.post(
      'sign-out',
      {},
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(fetchedCrossSite.statusCode).toBe(403);
    expect((await s.browser.get('requests')).statusCode).toBe(200);

    const out = await s.browser.post('sign-out', {}, { origin: 'http://localhost:80' });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe(`/portal/${s.slug}/?notice=signed_out`);
    const after = await s.browser.get('requests');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(
      new RegExp(`^/portal/${s.slug}/\\?notice=sign_in_first`),
    );
    const gone = await t.database.db
      .selectFrom('portal_sessions')
      .select('id')
      .where('workspace_id', '=', s.w.workspaceId)
      .execute();
    expect(gone).toEqual([]);
  });

  it('takes a session to its own workspace only; another workspace’s portal knows neither it nor its links', async () => {
    const a = await setup();
    const b = await setup();
    const client = await newClient(a.w);
    await askForLink(a, client.email);
    await askForLink(a, client.email);
    const [first, second] = (await a.capture.waitFor(2)).map((m) => linkIn(m.parsed.text ?? ''));
    await a.browser.confirm(first!.searchParams.get('token')!);

    const elsewhere = new PortalBrowser(t, b.browser.base);
    elsewhere.cookie = a.browser.cookie;
    const res = await elsewhere.get('requests');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/portal/${b.slug}/\\?notice=sign_in_first`));
    // A's unused link means nothing in B, and still works in A.
    const token = second!.searchParams.get('token')!;
    expect((await new PortalBrowser(t, b.browser.base).confirm(token)).statusCode).toBe(410);
    expect((await new PortalBrowser(t, a.browser.base).confirm(token)).statusCode).toBe(303);
  });

  it('finds a portal by its id (redirecting to its slug); an unknown one is a page saying so', async () => {
    const s = await setup();
    const byId = await t.app.inject({ method: 'GET', url: `/portal/${s.w.workspaceId}/?lang=ru` });
    expect(byId.statusCode).toBe(301);
    expect(byId.headers.location).toBe(`/portal/${s.slug}/?lang=ru`);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/portal/no-such-${randomUUID().slice(0, 6)}/`,
      headers: { 'accept-language': 'kk' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(missing.body)).toContain('Бет табылмады');
    const nowhere = await t.app.inject({ method: 'GET', url: `/portal/${s.slug}/no/such/page` });
    expect(nowhere.statusCode).toBe(404);
  });

  it('switches language with ?lang and remembers the choice', async () => {
    const s = await setup();
    const res = await s.browser.get('?lang=ro', { 'accept-language': 'en' });
    expect(res.body).toContain('<html lang="ro">');
    expect(textOf(res.body)).toContain('Urmăriți-vă solicitările');
    const chosen = res.cookies.find((c) => c.name === 'rapport_lang');
    expect(chosen).toMatchObject({ value: 'ro', path: '/', httpOnly: true });
    const later = await s.browser.get('', { cookie: 'rapport_lang=ro', 'accept-language': 'en' });
    expect(later.body).toContain('<html lang="ro">');
    // Each other language is one link away, on the same page.
    expect(res.body).toContain(`href="/portal/${s.slug}/?lang=kk"`);
    expect(csrfOf(res.body)).toBe('');
  });
});
