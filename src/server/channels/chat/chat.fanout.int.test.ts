import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { openServer } from '../../db/database.ts';
import { eventually, newWorkspace, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { is, openSocket } from '../../realtime/realtime-test-client.ts';
import { openVisitor } from './chat-test-client.ts';
import { chatVisitorsOf } from './chat.routes.ts';

// Two app instances on one database, as two server processes: the visitor's
// socket on one, the agent's on the other.

let t: TestApp;
let second: App;
let closeSecond: () => Promise<void>;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  t = await startTestApp();
  const databaseUrl = inject('databaseUrl');
  const database = databaseUrl ? await openServer(databaseUrl, 2) : t.database;
  second = await buildApp({
    database,
    config: { sessionTtlHours: 12, bodyLimitBytes: 1024 * 1024 },
    logger: false,
    // The same key, as every process of one installation: visitor tokens hold everywhere.
    secrets: t.secrets,
  });
  closeSecond = async () => {
    await second.close();
    if (database !== t.database) await database.close();
  };
  urlA = await t.app.listen({ port: 0, host: '127.0.0.1' });
  urlB = await second.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await closeSecond();
  await t.close();
});

describe('web chat across app instances', () => {
  it('a visitor on one instance chats with an agent on the other, who is seen online there', async () => {
    const w = await newWorkspace(t);
    const agent = await w.addUser('agent', 'Ana');
    const onB = chatVisitorsOf(second)!;
    expect(onB.isAgentOnline(w.workspaceId)).toBe(false);

    const agentSocket = await openSocket(urlA.replace(/^http/, 'ws'), {
      authorization: `Bearer ${agent.token}`,
    });
    await agentSocket.next(is('hello'));
    await eventually('B to learn that an agent is online on A', async () =>
      onB.isAgentOnline(w.workspaceId) ? true : undefined,
    );

    const v = await openVisitor(urlB, w.workspaceId);
    const welcome = await v.hello();
    expect(welcome.online).toBe(true);
    v.send({ type: 'message', text: 'Hello from B', ref: '1' });
    await v.next('message', (f) => f.ref === '1');
    const created = await agentSocket.next(is('message.created'));

    v.send({ type: 'typing', typing: true });
    await agentSocket.next(
      (m) => m.type === 'chat.typing' && m.conversation_id === created.conversation_id,
    );
    const reply = await agent.post(`/api/v1/conversations/${created.conversation_id}/messages`, {
      direction: 'outbound',
      body_text: 'Answered from A',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await v.next('message', (f) => f.message.text === 'Answered from A');

    // The token B issued holds on A.
    v.close();
    const onA = await openVisitor(urlA, w.workspaceId);
    const again = await onA.hello(welcome.token);
    expect(again.token).toBe(welcome.token);
    expect(again.messages.map((m) => m.text)).toEqual(['Hello from B', 'Answered from A']);
    onA.close();

    // The agent leaves: B says so within a check.
    agentSocket.socket.close();
    await eventually('B to see nobody online', async () =>
      onB.isAgentOnline(w.workspaceId) ? undefined : true,
    );
  });
});
