import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSmtpCapture, type SmtpCapture } from '../test/smtp-capture.ts';
import {
  launchChromium,
  saveScreenshot,
  startRapport,
  watchConsole,
  type RunningServer,
  axeViolations,
} from './browser.ts';

// A client follows her request in the customer portal, in Spanish: she asks
// for a sign-in link, which arrives at a real SMTP server through the demo
// workspace's mailbox; she opens it, reads the agent's answer (never the
// internal note), replies with a photo, rates the resolved request, and on a
// new request reads a suggested FAQ article and leaves (a deflected request).
// The pages run under the portal's own strict CSP; any violation fails.

const SMTP_AUTH = { user: 'rapport', pass: 'smtp-e2e-portal' };

interface Agent {
  cookie: string;
  csrf: string;
  slug: string;
}

describe('a client in the customer portal', () => {
  let server: RunningServer;
  let browser: Browser;
  let smtp: SmtpCapture;
  let agent: Agent;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let conversation: { id: string; number: number };
  const email = `lucia-${Date.now().toString(36)}@cliente.example`;

  async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        cookie: agent.cookie,
        'x-csrf-token': agent.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  beforeAll(async () => {
    [server, browser, smtp] = await Promise.all([
      startRapport(),
      launchChromium(),
      startSmtpCapture({ auth: SMTP_AUTH }),
    ]);
    // The demo admin, through the API: a mailbox that sends to the capture, a
    // client, her request with an answer and an internal note, an FAQ article.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.rapport.test', password: 'rapport-demo' }),
    });
    const session = (await login.json()) as { csrf_token: string; workspace: { slug: string } };
    agent = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: session.csrf_token,
      slug: session.workspace.slug,
    };
    await api('POST', '/mailboxes', {
      name: 'Atención al cliente',
      address: `ayuda-${Date.now().toString(36)}@demo.rapport.test`,
      default_language: 'es',
      smtp: {
        host: smtp.host,
        port: smtp.port,
        secure: false,
        user: SMTP_AUTH.user,
        password: SMTP_AUTH.pass,
      },
    });
    const client = await api<{ id: string }>('POST', '/clients', {
      name: 'Lucía Fernández',
      emails: [email],
      language: 'es',
    });
    conversation = await api('POST', '/conversations', {
      client_id: client.id,
      subject: 'El pedido 1042 no ha llegado',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hola, hice el pedido 1042 hace una semana y todavía no ha llegado.' },
    });
    await api('POST', `/conversations/${conversation.id}/messages`, {
      direction: 'note',
      body_text: 'NOTA INTERNA: el transportista perdió el paquete.',
    });
    await api('POST', `/conversations/${conversation.id}/messages`, {
      direction: 'outbound',
      channel: 'web',
      body_text:
        'Hola, Lucía: lo sentimos mucho. Le enviamos hoy un pedido nuevo; llegará el viernes.',
    });
    const category = await api<{ id: string }>('POST', '/knowledge/categories', {
      translations: { es: { name: 'Envíos' } },
    });
    await api('POST', '/knowledge/articles', {
      category_id: category.id,
      visibility: 'public',
      slug: 'cambiar-direccion-de-entrega',
      version: {
        language: 'es',
        title: 'Cómo cambiar la dirección de entrega',
        body_markdown:
          'Puede cambiar la **dirección de entrega** mientras el pedido no haya salido del almacén: escríbanos el número de pedido y la nueva dirección.',
        state: 'published',
      },
    });

    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'es-ES' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchConsole(page);
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, 'portal-failed');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('signs in with the link from the email', async () => {
    await page.goto(`${server.url}/portal/${agent.slug}/`);
    await page.getByRole('heading', { level: 1, name: 'Siga sus solicitudes' }).waitFor();
    await saveScreenshot(page, 'portal-sign-in');
    await page.getByLabel('Su correo electrónico').fill(email);
    await page.getByRole('button', { name: 'Enviarme un enlace de acceso' }).click();
    await page.getByRole('heading', { level: 1, name: 'Revise su correo' }).waitFor();

    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to).toEqual([email]);
    expect(mail!.parsed.subject).toMatch(/^Su enlace de acceso a /);
    const link = /(http:\/\/\S+\/sign-in\/link\?token=\S+)/.exec(mail!.parsed.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mis solicitudes' }).waitFor();
    await expect.poll(() => page.getByText('El pedido 1042 no ha llegado').count()).toBe(1);
    await saveScreenshot(page, 'portal-requests');

    // The same link a second time: refused.
    const again = await context.newPage();
    await again.goto(link!);
    await again.getByText('Este enlace ha caducado o ya se ha utilizado').waitFor();
    await again.close();
  });

  it('reads the request without internal notes and replies with a file', async () => {
    await page.getByRole('link', { name: 'El pedido 1042 no ha llegado' }).click();
    await page.getByRole('heading', { level: 1, name: 'El pedido 1042 no ha llegado' }).waitFor();
    await page.getByText('Le enviamos hoy un pedido nuevo').waitFor();
    expect(await page.getByText('NOTA INTERNA').count()).toBe(0);
    await expect.poll(() => page.getByText('Esperando su respuesta').count()).toBe(0);

    await page.getByLabel('Su mensaje').fill('¡Gracias! Adjunto la foto del albarán.');
    await page.getByLabel('Adjuntar archivos (opcional)').setInputFiles({
      name: 'albaran.png',
      mimeType: 'image/png',
      buffer: Buffer.from('\x89PNG fake photo of a delivery note'),
    });
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await page.getByText('Su mensaje se ha enviado.').waitFor();
    await page.getByRole('link', { name: 'albaran.png' }).waitFor();
    await saveScreenshot(page, 'portal-request');

    const messages = await api<{ items: { direction: string; body_text: string }[] }>(
      'GET',
      `/conversations/${conversation.id}/messages`,
    );
    expect(messages.items[0]).toMatchObject({
      direction: 'inbound',
      body_text: '¡Gracias! Adjunto la foto del albarán.',
    });
  });

  it('rates the request once it is resolved, and changes the rating', async () => {
    await api('PATCH', `/conversations/${conversation.id}`, { status: 'resolved' });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: '¿Qué tal lo hemos hecho?' }).waitFor();
    await page.getByLabel('4 – Bien').check();
    await page.getByLabel('Comentario (opcional)').fill('Rápidos y amables.');
    await page.getByRole('button', { name: 'Enviar mi valoración' }).click();
    await page.getByText('¡Gracias por su valoración!').waitFor();
    await page.getByText('Su valoración: 4 de 5.').waitFor();
    await page.getByLabel('5 – Excelente').check();
    await page.getByRole('button', { name: 'Cambiar mi valoración' }).click();
    await page.getByText('Su valoración: 5 de 5.').waitFor();
    await saveScreenshot(page, 'portal-rated');
    const events = await api<{ items: { type: string; data: { after?: { score: number } } }[] }>(
      'GET',
      `/conversations/${conversation.id}/events`,
    );
    expect(events.items.find((e) => e.type === 'conversation.rated')?.data.after?.score).toBe(5);
  });

  it('suggests an FAQ article while she types; reading it and leaving counts as a deflection', async () => {
    await page.getByRole('link', { name: 'Nueva solicitud' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nueva solicitud' }).waitFor();
    // The script replaces the no-script "show matching articles" button.
    await expect
      .poll(() => page.getByRole('button', { name: 'Ver artículos relacionados' }).count())
      .toBe(0);
    await page.getByLabel('Asunto').fill('Dirección');
    await page
      .getByLabel('Su consulta')
      .pressSequentially('Quiero cambiar la dirección de entrega');
    const suggestion = page.getByRole('link', { name: /Cómo cambiar la dirección de entrega/ });
    await suggestion.waitFor();
    await suggestion.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'portal-new-request');

    const [article] = await Promise.all([context.waitForEvent('page'), suggestion.click()]);
    await article
      .getByRole('heading', { level: 1, name: 'Cómo cambiar la dirección de entrega' })
      .waitFor();
    await article.close();
    // She leaves the form without sending it: the page's beacon records the deflection.
    await page.getByRole('link', { name: 'Mis solicitudes' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mis solicitudes' }).waitFor();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    await expect
      .poll(async () => {
        const report = await api<{
          items: { slug: string | null; language: string; count: number }[];
        }>('GET', `/portal/deflections?from=${from}&to=${to}`);
        return report.items.find((i) => i.slug === 'cambiar-direccion-de-entrega');
      })
      .toEqual({
        article_id: expect.any(String),
        slug: 'cambiar-direccion-de-entrega',
        title: 'Cómo cambiar la dirección de entrega',
        language: 'es',
        count: 1,
      });
  });

  it('shows the admin the deflected request and lets her share a company’s requests', async () => {
    // axe is injected, so this context lets scripts in.
    const admin = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      bypassCSP: true,
    });
    const [name, value] = agent.cookie.split('=') as [string, string];
    await admin.addCookies([{ name, value, url: server.url }]);
    const p = await admin.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${server.url}/admin/portal`);
    // The demo admin works in Spanish.
    await p.getByRole('heading', { level: 2, name: 'Portal de clientes' }).waitFor();
    await p.getByRole('link', { name: `${server.url}/portal/${agent.slug}/` }).waitFor();
    await p.getByRole('link', { name: `${server.url}/help/${agent.slug}/` }).waitFor();
    const report = p.getByRole('region', {
      name: 'Solicitudes que resolvieron las preguntas frecuentes',
    });
    await report.getByText('1 solicitud evitada en este periodo.').waitFor();
    const row = report.getByRole('row', { name: /Cómo cambiar la dirección de entrega/ });
    expect((await row.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual([
      'Cómo cambiar la dirección de entrega',
      'Español',
      '1',
    ]);
    await saveScreenshot(p, 'portal-admin');

    const share = p.getByRole('switch', {
      name: 'Las personas de una empresa ven las solicitudes de las demás',
    });
    expect(await share.isChecked()).toBe(false);
    // Mantine's switch input has no box, so check() needs force, which skips
    // waiting until it is enabled: it stays disabled until the session says
    // who is signed in.
    await p
      .getByRole('switch', {
        name: 'Las personas de una empresa ven las solicitudes de las demás',
        disabled: false,
      })
      .waitFor({ state: 'attached' });
    await share.check({ force: true });
    await p.getByRole('status').filter({ hasText: 'Guardado' }).waitFor();
    expect(await api<{ share_company_requests: boolean }>('GET', '/portal/settings')).toMatchObject(
      { share_company_requests: true },
    );
    const violations = await axeViolations(p);
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`),
    ).toEqual([]);
    await admin.close();
  });

  it('fits a phone, and nothing broke the page’s CSP', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/portal/${agent.slug}/requests`);
    await page.getByRole('heading', { level: 1, name: 'Mis solicitudes' }).waitFor();
    await saveScreenshot(page, 'portal-phone-requests');
    await page.goto(`${server.url}/portal/${agent.slug}/requests/${conversation.number}`);
    await page.getByRole('heading', { level: 1, name: 'El pedido 1042 no ha llegado' }).waitFor();
    // No sideways scrolling on a phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await saveScreenshot(page, 'portal-phone-request');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(problems).toEqual([]);
  });

  it('passes axe’s WCAG 2.1 AA checks (serious and critical)', async () => {
    // axe is injected, so this context lets scripts in; the session cookie comes along.
    const audited = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      locale: 'es-ES',
      bypassCSP: true,
    });
    await audited.addCookies(await context.cookies());
    const p = await audited.newPage();
    const found: string[] = [];
    for (const path of ['', 'requests', `requests/${conversation.number}`, 'requests/new']) {
      await p.goto(`${server.url}/portal/${agent.slug}/${path}`);
      const violations = await axeViolations(p);
      for (const v of violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          found.push(`${path}: ${v.id} ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
        }
      }
    }
    await audited.close();
    expect(found).toEqual([]);
  });
});
