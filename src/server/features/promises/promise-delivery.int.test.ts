// A delay notice is a reply like any other: on a channel that leaves Rapport it
// goes to the channel's deliverer (here email, with no mailbox: it is tried and
// fails, saying why), on a real pg-boss runner.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { messageDeliverJob } from '../../channels/deliverers.ts';

let t: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp({ jobs: [messageDeliverJob] });
  w = await newWorkspace(t);
});
afterAll(() => t.close());

it('the delay notice is handed to the channel’s deliverer', async () => {
  const agent = await w.addUser('agent', 'Ana Agent');
  const conv = await agent.post('/api/v1/conversations', {
    client: { email: 'nagy.eszter@example.test', name: 'Nagy Eszter', language: 'hu' },
    subject: 'Visszahívás',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Kérem, hívjanak vissza.' },
  });
  const conversationId = conv.json().id as string;
  await agent.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction: 'outbound',
    body_text: 'Köszönöm a türelmét, 30 percen belül visszahívom.',
  });
  const [p] = (await agent.get(`/api/v1/promises?conversation_id=${conversationId}`)).json().items;
  expect((await agent.post(`/api/v1/promises/${p.id}/confirm`)).statusCode).toBe(200);
  const res = await agent.post(`/api/v1/promises/${p.id}/delay`, {
    due_at: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  });
  expect(res.statusCode, res.body).toBe(200);
  const messageId = res.json().message_id as string;
  const row = await eventually('the notice to be tried', async () => {
    const r = await t.database.db
      .selectFrom('messages')
      .select(['delivery_state', 'delivery_error', 'body_text', 'channel'])
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    return r.delivery_state === 'failed' ? r : undefined;
  });
  expect(row).toMatchObject({ channel: 'email', delivery_error: expect.stringMatching(/mailbox/) });
  expect(row.body_text).toMatch(/^Elnézést kérek a várakozásért/);
});
