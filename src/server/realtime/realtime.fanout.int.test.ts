import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.ts';
import { openServer } from '../db/database.ts';
import { newWorkspace, startTestApp, type TestApp } from '../../../test/harness.ts';
import type { ServerMessage } from '../../shared/api/realtime.ts';
import { openSocket } from './realtime-test-client.ts';

// Two app instances on one database, as two server processes would be: on
// PostgreSQL (DATABASE_URL) each with its own pool and listening connection;
// on PGlite both on the one embedded database of the process.

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
  });
  closeSecond = async () => {
    await second.close();
    if (database !== t.database) await database.close();
  };
  urlA = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  urlB = (await second.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
});
afterAll(async () => {
  await closeSecond();
  await t.close();
});

describe('fan-out across app instances', () => {
  it('a change made through one instance reaches sockets on the other, in its workspace only', async () => {
    const ws = await newWorkspace(t);
    const other = await newWorkspace(t);
    const onB = await openSocket(urlB, { authorization: `Bearer ${ws.admin.token}` });
    const strangerOnB = await openSocket(urlB, { authorization: `Bearer ${other.admin.token}` });
    await onB.next((m) => m.type === 'hello');
    await strangerOnB.next((m) => m.type === 'hello');

    // Written through instance A (t.app): B learns of it only through the database.
    const res = await ws.admin.post('/api/v1/conversations', {
      client: { email: 'far@example.test', name: 'Far Away' },
      subject: 'Across processes',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hello from A' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await onB.next((m) => m.type === 'conversation.created' && m.conversation_id === id);
    await onB.next((m) => m.type === 'message.created' && m.conversation_id === id);

    const mark = await other.admin.post('/api/v1/conversations', {
      client: { email: 'mark@example.test', name: 'Marker' },
      subject: 'Marker',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'x' },
    });
    const markId = mark.json().id as string;
    await strangerOnB.next(
      (m) => m.type === 'conversation.created' && m.conversation_id === markId,
    );
    expect(
      strangerOnB.messages.some((m) => 'conversation_id' in m && m.conversation_id === id),
    ).toBe(false);
    onB.socket.close();
    strangerOnB.socket.close();
  });

  it('presence announced on one instance shows on the other, and goes when the tab closes', async () => {
    const ws = await newWorkspace(t);
    const ana = await ws.addUser('agent', 'Ana on A');
    const bo = await ws.addUser('agent', 'Bo on B');
    const res = await ws.admin.post('/api/v1/conversations', {
      client: { email: 'p@example.test', name: 'Presence' },
      subject: 'Who is here',
      channel: 'chat',
      direction: 'inbound',
      message: { body_text: 'hi' },
    });
    const id = res.json().id as string;
    const a = await openSocket(urlA, { authorization: `Bearer ${ana.token}` });
    const b = await openSocket(urlB, { authorization: `Bearer ${bo.token}` });
    await a.next((m) => m.type === 'hello');
    await b.next((m) => m.type === 'hello');
    b.send({ type: 'presence', conversation_id: id });
    a.send({ type: 'presence', conversation_id: id, state: 'replying' });
    const anaThere = (m: ServerMessage) =>
      m.type === 'presence' &&
      m.people.some((p) => p.user_id === ana.userId && p.state === 'replying');
    await b.next(anaThere);
    a.socket.close();
    await b.next(
      (m) => m.type === 'presence' && m.people.length === 1 && m.people[0]!.user_id === bo.userId,
    );
    b.socket.close();
  });
});
