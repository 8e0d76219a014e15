// Helpers for the portal's integration tests: a client with an email, a
// signed-in portal browser (cookie and CSRF token) talking to the app through
// inject, and form and multipart bodies as a browser sends them.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp, TestWorkspace } from '../../../../test/harness.ts';
import type { SmtpCapture } from '../../../../test/smtp-capture.ts';
import { hashSecret, newSecret } from '../../security.ts';
import * as repo from './portal-auth.repo.ts';

export async function newClient(
  w: TestWorkspace,
  o: { name?: string; language?: string; company_id?: string; kind?: 'person' | 'company' } = {},
) {
  const email = `client-${randomUUID().slice(0, 8)}@client.example`;
  const res = await w.admin.post('/api/v1/clients', {
    name: o.name ?? 'Kata Kovács',
    emails: o.kind === 'company' ? [] : [email],
    ...(o.language ? { language: o.language } : {}),
    ...(o.company_id ? { company_id: o.company_id } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email };
}

/** The user and password the portal tests' SMTP captures ask for. */
export const SMTP_AUTH = { user: 'rapport', pass: 'smtp pass' };

/** Gives the workspace a mailbox that sends through the capture (SMTP on loopback). */
export async function mailboxOnCapture(w: TestWorkspace, capture: SmtpCapture) {
  const res = await w.admin.post('/api/v1/mailboxes', {
    name: 'Support',
    address: `support-${randomUUID().slice(0, 8)}@cafe.example`,
    default_language: 'en',
    smtp: {
      host: capture.host,
      port: capture.port,
      secure: false,
      user: SMTP_AUTH.user,
      password: SMTP_AUTH.pass,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

export async function slugOf(t: TestApp, workspaceId: string) {
  const row = await t.database.db
    .selectFrom('workspaces')
    .select('slug')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.slug;
}

export function formBody(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

/** A multipart/form-data body with fields first, then files, as the reply form sends it. */
export function multipartBody(
  fields: [string, string][],
  files: { name: string; filename: string; type: string; content: Buffer }[] = [],
) {
  const boundary = `----portal${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser on the portal: its session cookie (if any) goes with every request. */
export class PortalBrowser {
  cookie = '';
  csrf = '';
  constructor(
    readonly t: TestApp,
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): Record<string, string> {
    return this.cookie ? { cookie: `rapport_portal=${this.cookie}` } : {};
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.t.app.inject({
      method: 'GET',
      url: path.startsWith('/') ? path : `${this.base}/${path}`,
      headers: { ...this.headers, ...this.cookieHeader(), ...headers },
    });
  }

  /** Posts a form (urlencoded) with the session's CSRF token unless the fields say otherwise. */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.t.app.inject({
      method: 'POST',
      url: path.startsWith('/') ? path : `${this.base}/${path}`,
      headers: {
        ...this.headers,
        ...this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      payload: formBody({ ...(this.csrf ? { _csrf: this.csrf } : {}), ...fields }),
    });
  }

  postMultipart(path: string, body: ReturnType<typeof multipartBody>) {
    return this.t.app.inject({
      method: 'POST',
      url: `${this.base}/${path}`,
      headers: { ...this.headers, ...this.cookieHeader(), 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  /** Uses a link's token as the confirm button does; keeps the session cookie it sets. */
  async confirm(token: string): Promise<LightMyRequestResponse> {
    const res = await this.post('sign-in/link', { token });
    const cookie = res.cookies.find((c) => c.name === 'rapport_portal');
    if (cookie?.value) {
      this.cookie = cookie.value;
      const page = await this.get('requests');
      this.csrf = csrfOf(page.body);
    }
    return res;
  }
}

/**
 * Signs a client in without email: stores a link as the job would, then uses
 * it as the client's browser does (the email round trip has its own tests).
 */
export async function signedIn(t: TestApp, w: TestWorkspace, clientId: string, email: string) {
  const token = newSecret();
  await repo.insertLink(t.database.db, {
    workspace_id: w.workspaceId,
    request_key: randomUUID(),
    client_id: clientId,
    email,
    language: 'en',
    token_hash: hashSecret(token),
    created_at: new Date(),
    expires_at: new Date(Date.now() + 20 * 60_000),
  });
  const browser = new PortalBrowser(t, `/portal/${await slugOf(t, w.workspaceId)}`);
  const res = await browser.confirm(token);
  expect(res.statusCode, res.body).toBe(303);
  return browser;
}

/** The visible text of a page (tags removed, entities of ours decoded, spaces collapsed). */
export function textOf(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
