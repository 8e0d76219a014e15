import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { DEMO_CONVERSATIONS, DEMO_CLIENTS, DEMO_USERS } from './content.ts';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the demo workspace', () => {
  it('is created once, in six languages, and its admin can sign in and work the inbox', async () => {
    const slug = `demo-${randomUUID().slice(0, 8)}`;
    const seeded = await seedDemo(t.database, { slug });
    expect(seeded?.adminEmail).toBe(DEMO_ADMIN_EMAIL);
    expect(await seedDemo(t.database, { slug })).toBeUndefined();

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {
        email: DEMO_ADMIN_EMAIL,
        password: DEMO_ADMIN_PASSWORD,
        workspace_id: seeded!.workspaceId,
      },
    });
    expect(login.statusCode).toBe(200);
    const cookie = `rapport_session=${login.cookies.find((c) => c.name === 'rapport_session')!.value}`;
    const get = async (url: string) =>
      (await t.app.inject({ method: 'GET', url, headers: { cookie } })).json();

    const all = await get('/api/v1/conversations?view=all&limit=100');
    const active = DEMO_CONVERSATIONS.filter((c) => c.status !== 'resolved');
    expect(all.items).toHaveLength(active.length);
    const languages = new Set(DEMO_CLIENTS.map((c) => c.language));
    expect([...languages].sort()).toEqual(['en', 'es', 'hu', 'kk', 'ro', 'ru']);
    const olga = all.items.find((c: { subject: string }) => c.subject.startsWith('Возврат'));
    expect(olga.status).toBe('pending');
    const users = await get('/api/v1/users?limit=100');
    expect(users.items).toHaveLength(Object.keys(DEMO_USERS).length);
    const search = await get(`/api/v1/clients?q=${encodeURIComponent('Lucia Fernandes')}`);
    expect(search.items[0].name).toBe('Lucía Fernández');
  });
});
