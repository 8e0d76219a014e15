import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
});
afterAll(() => t.close());

async function login(email: string, password: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers,
  });
}

function cookieOf(res: { cookies: { name: string; value: string }[] }) {
  const c = res.cookies.find((x) => x.name === 'rapport_session');
  if (!c) throw new Error('no session cookie');
  return `rapport_session=${c.value}`;
}

describe('signing in', () => {
  it('signs in with email and password and sets an httpOnly SameSite cookie', async () => {
    const res = await login(ws.admin.email, 'correct horse battery');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.email).toBe(ws.admin.email);
    expect(body.user).not.toHaveProperty('password_hash');
    expect(body.workspace.id).toBe(ws.workspaceId);
    const cookie = res.cookies.find((c) => c.name === 'rapport_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: cookieOf(res) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrf_token).toBe(body.csrf_token);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await login(ws.admin.email, 'not the password', { 'x-forwarded-for': '1' });
    const unknown = await login('nobody@example.test', 'whatever');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('names the field when the email is malformed', async () => {
    const res = await login('not-an-email', 'x');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('email');
  });

  it('rate-limits password guessing', async () => {
    const other = await newWorkspace(t);
    const codes = [];
    for (let i = 0; i < 12; i++)
      codes.push((await login(other.admin.email, `guess ${i}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[11]).toBe(429);
    // the right password is refused too while the limit holds
    expect((await login(other.admin.email, 'correct horse battery')).statusCode).toBe(429);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const res = await login(ws.admin.email, 'correct horse battery');
    const cookie = cookieOf(res);
    const without = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: { cookie },
      payload: { name: 'Renamed' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload: { name: 'Renamed' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: { cookie, 'x-csrf-token': res.json().csrf_token },
      payload: { name: 'Renamed' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe('Renamed');
  });

  it('logs out: the cookie stops working', async () => {
    const res = await login(ws.admin.email, 'correct horse battery');
    const cookie = cookieOf(res);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const timed = await startTestApp({ now: new Date('2026-03-02T10:00:00Z') });
    try {
      const w = await newWorkspace(timed);
      const res = await timed.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: w.admin.email, password: 'correct horse battery' },
      });
      const cookie = cookieOf(res);
      timed.clock.now = new Date('2026-03-02T21:00:00Z');
      expect(
        (
          await timed.app.inject({
            method: 'GET',
            url: '/api/v1/auth/session',
            headers: { cookie },
          })
        ).statusCode,
      ).toBe(200);
      // 12 hours after the last use it is gone
      timed.clock.now = new Date('2026-03-03T09:30:00Z');
      expect(
        (
          await timed.app.inject({
            method: 'GET',
            url: '/api/v1/auth/session',
            headers: { cookie },
          })
        ).statusCode,
      ).toBe(401);
    } finally {
      await timed.close();
    }
  });
});

describe('API tokens', () => {
  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const agent = await ws.addUser('agent');
    const created = await agent.post('/api/v1/api-tokens', { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rpt_/);
    const list = await agent.get('/api/v1/api-tokens');
    expect(list.json().items.find((x: { id: string }) => x.id === id)).not.toHaveProperty('token');
    const useIt = () =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await useIt()).statusCode).toBe(200);
    expect((await agent.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await useIt()).statusCode).toBe(401);
  });

  it("cannot revoke another user's or another workspace's token", async () => {
    const a = await ws.addUser('agent');
    const b = await ws.addUser('agent');
    const other = await newWorkspace(t);
    const { id } = (await a.post('/api/v1/api-tokens', { name: 'mine' })).json();
    expect((await b.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(404);
    expect((await other.admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(404);
  });

  it('refuses a malformed Authorization header and an unknown token', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/workspace',
      headers: { authorization: 'Basic abc' },
    });
    expect(bad.statusCode).toBe(401);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/workspace',
      headers: { authorization: 'Bearer rpt_nope' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unauthenticated');
  });
});

describe('the workspace', () => {
  it('lets only an admin change it, and validates the time zone', async () => {
    const agent = await ws.addUser('agent');
    expect((await agent.patch('/api/v1/workspace', { name: 'x' })).statusCode).toBe(403);
    const bad = await ws.admin.patch('/api/v1/workspace', { time_zone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('time_zone');
    const ok = await ws.admin.patch('/api/v1/workspace', {
      time_zone: 'Asia/Almaty',
      default_language: 'kk',
    });
    expect(ok.json()).toMatchObject({ time_zone: 'Asia/Almaty', default_language: 'kk' });
  });

  it('shows each user only their own workspace', async () => {
    const other = await newWorkspace(t, { name: 'Other shop' });
    expect((await other.admin.get('/api/v1/workspace')).json().name).toBe('Other shop');
    expect((await ws.admin.get('/api/v1/workspace')).json().id).toBe(ws.workspaceId);
  });
});

describe('HTTP hygiene', () => {
  it('answers health without signing in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('answers malformed JSON with 400, an oversized body with 413 and an unknown route with 404', async () => {
    const headers = {
      authorization: `Bearer ${ws.admin.token}`,
      'content-type': 'application/json',
    };
    const malformed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers,
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const big = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers,
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const res = await ws.admin.patch('/api/v1/workspace', { nmae: 'typo' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('serves an OpenAPI 3.1 document and its browser', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/auth/login');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });
});
