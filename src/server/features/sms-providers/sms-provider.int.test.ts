import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import type { Secrets } from '../../security/secrets.ts';

let t: TestApp;
let secrets: Secrets;

beforeAll(async () => {
  t = await startTestApp();
  secrets = t.secrets;
});
afterAll(() => t.close());

let n = 0;
const provider = (over: Record<string, unknown> = {}) => ({
  name: 'Gateway',
  phone_number: `+3460011${String(1000 + ++n).padStart(4, '0')}`,
  send_url: 'http://127.0.0.1:9/send',
  auth_header_name: 'Authorization',
  auth_header_value: 'Bearer very-secret-token',
  ...over,
});

describe('SMS providers', () => {
  it('an admin adds a provider: secrets are sealed, shown never, the signing secret once', async () => {
    const w = await newWorkspace(t);
    const res = await w.admin.post('/api/v1/sms-providers', provider());
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.has_auth_header_value).toBe(true);
    expect(created.webhooks.inbound_url).toMatch(new RegExp(`/api/v1/sms/${created.id}/inbound$`));
    expect(created.webhooks.status_url).toMatch(new RegExp(`/api/v1/sms/${created.id}/status$`));
    expect(JSON.stringify(created)).not.toContain('very-secret-token');

    const shown = await w.admin.get(`/api/v1/sms-providers/${created.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).not.toHaveProperty('webhook_secret');
    expect(shown.body).not.toContain('very-secret-token');
    expect(shown.body).not.toContain(created.webhook_secret);

    // In the database the secrets are sealed, and open with the key.
    const row = await t.database.db
      .selectFrom('sms_providers')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.auth_header_value_sealed).not.toContain('very-secret-token');
    expect(secrets.open(row.auth_header_value_sealed!)).toBe('Bearer very-secret-token');
    expect(secrets.open(row.webhook_secret_sealed)).toBe(created.webhook_secret);

    const list = await w.admin.get('/api/v1/sms-providers');
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([created.id]);
  });

  it('changes, rotates the signing secret, and removes', async () => {
    const w = await newWorkspace(t);
    const created = (await w.admin.post('/api/v1/sms-providers', provider())).json();
    const patched = await w.admin.patch(`/api/v1/sms-providers/${created.id}`, {
      name: 'Main gateway',
      auth_header_value: null,
      auth_header_name: null,
      rotate_webhook_secret: true,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Main gateway', has_auth_header_value: false });
    expect(patched.json().webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(patched.json().webhook_secret).not.toBe(created.webhook_secret);

    expect((await w.admin.delete(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(204);
    expect((await w.admin.get(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, and a number twice', async () => {
    const w = await newWorkspace(t);
    const bad = async (body: object, field: string) => {
      const res = await w.admin.post('/api/v1/sms-providers', body);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {})).toContain(field);
    };
    await bad(provider({ phone_number: '600 111 222' }), 'phone_number');
    await bad(provider({ send_url: 'ftp://example.test/x' }), 'send_url');
    await bad(provider({ name: '  ' }), 'name');
    await bad(provider({ auth_header_name: 'Bad Header' }), 'auth_header_name');
    await bad(provider({ auth_header_name: undefined }), 'auth_header_name');
    await bad(provider({ webhook_secret: 'short' }), 'webhook_secret');
    await bad(provider({ default_team_id: '999999999' }), 'default_team_id');

    const first = provider();
    expect((await w.admin.post('/api/v1/sms-providers', first)).statusCode).toBe(201);
    const again = await w.admin.post('/api/v1/sms-providers', { ...first, name: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields).toHaveProperty('phone_number');
  });

  it('supervisors read, agents are refused, another workspace sees 404', async () => {
    const w = await newWorkspace(t);
    const other = await newWorkspace(t);
    const created = (await w.admin.post('/api/v1/sms-providers', provider())).json();
    const supervisor = await w.addUser('supervisor');
    const agent = await w.addUser('agent');

    const seen = await supervisor.get(`/api/v1/sms-providers/${created.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().abilities).toEqual({ update: false, delete: false });
    expect((await supervisor.get('/api/v1/sms-providers')).statusCode).toBe(200);
    expect((await supervisor.post('/api/v1/sms-providers', provider())).statusCode).toBe(403);
    expect(
      (await supervisor.patch(`/api/v1/sms-providers/${created.id}`, { name: 'x' })).statusCode,
    ).toBe(403);

    expect((await agent.get('/api/v1/sms-providers')).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(403);
    expect((await agent.delete(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(403);

    expect((await other.admin.get(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(404);
    expect(
      (await other.admin.patch(`/api/v1/sms-providers/${created.id}`, { name: 'x' })).statusCode,
    ).toBe(404);
    expect((await other.admin.delete(`/api/v1/sms-providers/${created.id}`)).statusCode).toBe(404);
    expect((await other.admin.get('/api/v1/sms-providers')).json().items).toEqual([]);
  });
});
