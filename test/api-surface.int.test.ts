import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let paths: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  t = await startTestApp();
  paths = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths;
});
afterAll(() => t.close());

// The only routes a stranger may call: everything else needs a session or a token.
const PUBLIC = new Set([
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/invitations/accept',
  // An SMS provider's webhooks: authenticated by their HMAC signature (sms.int.test.ts).
  'POST /api/v1/sms/{providerId}/inbound',
  'POST /api/v1/sms/{providerId}/status',
  // The chat widget's socket: a visitor is known by its signed token (chat.int.test.ts).
  'GET /api/v1/chat/ws',
]);

function operations() {
  const ops: { method: string; path: string }[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const method of Object.keys(methods)) ops.push({ method: method.toUpperCase(), path });
  }
  return ops;
}

describe('the API surface', () => {
  it('documents the routes the issue asks for', () => {
    for (const p of [
      '/api/v1/health',
      '/api/v1/clients',
      '/api/v1/clients/{id}',
      '/api/v1/clients/{id}/merge',
      '/api/v1/conversations',
      '/api/v1/conversations/{id}',
      '/api/v1/conversations/{id}/messages',
      '/api/v1/users',
      '/api/v1/teams',
      '/api/v1/sla-policies',
      '/api/v1/notifications',
    ]) {
      expect(paths, p).toHaveProperty([p]);
    }
  });

  it('refuses every non-public route without credentials, with the one error shape', async () => {
    const ops = operations().filter((o) => o.path.startsWith('/api/v1/'));
    expect(ops.length).toBeGreaterThan(40);
    for (const { method, path } of ops) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
      expect(res.json().error.code, `${method} ${path}`).toBe('unauthenticated');
    }
  });

  it('refuses every non-public route with a revoked-looking token', async () => {
    for (const { method, path } of operations().filter((o) => o.path.startsWith('/api/v1/'))) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const res = await t.app.inject({
        method: method as 'GET',
        url: path.replace(/\{[^}]+\}/g, '1'),
        headers: { authorization: 'Bearer rpt_not-a-token' },
      });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
    }
  });
});
