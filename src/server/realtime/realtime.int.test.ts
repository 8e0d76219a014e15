import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../test/harness.ts';
import type { ServerMessage } from '../../shared/api/realtime.ts';
import { is, openSocket } from './realtime-test-client.ts';
import { hashSecret } from '../security.ts';
import { realtimeTuning } from './realtime.hub.ts';
import { realtimeHubOf } from './realtime.routes.ts';
import { markDelivery } from '../channels/delivery.ts';

// A short heartbeat so the test sees pings and dead clients within seconds.
realtimeTuning.heartbeatMs = 1000;
// Credentials re-checked every second, so expiry and revocation show within the test.
realtimeTuning.authCheckMs = 1000;

let t: TestApp;
let base: string;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = address.replace(/^http/, 'ws');
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
});
afterAll(() => t.close());

const bearer = (c: Caller) => ({ authorization: `Bearer ${c.token}` });
async function openConversation(caller: Caller, subject = 'Help') {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject,
    channel: 'chat',
    direction: 'inbound',
    message: { body_text: 'First question' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function login(caller: Caller, password = 'correct horse battery') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: caller.email, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'rapport_session')!;
  return `rapport_session=${cookie.value}`;
}

const origin = () => `http://${new URL(base.replace(/^ws/, 'http')).host}`;

describe('changes reach the sockets of their workspace, and only those', () => {
  it('a new conversation, a message and a change arrive; another workspace sees none of it', async () => {
    const mine = await openSocket(base, bearer(ws.admin));
    const theirs = await openSocket(base, bearer(other.admin));
    await mine.next(is('hello', { user_id: ws.admin.userId }));

    const c = await openConversation(ws.admin);
    await mine.next(is('conversation.created', { conversation_id: c.id }));
    await mine.next(is('counts.changed'));

    const reply = await ws.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'On it',
    });
    expect(reply.statusCode).toBe(201);
    await mine.next(
      is('message.created', { conversation_id: c.id, message_id: reply.json().id as string }),
    );

    const patched = await ws.admin.patch(`/api/v1/conversations/${c.id}`, { priority: 'high' });
    expect(patched.statusCode, patched.body).toBe(200);
    await mine.next(is('conversation.updated', { conversation_id: c.id }));

    // The other workspace's own change arrives after ours would have: nothing of ours came before it.
    const theirsConversation = await openConversation(other.admin);
    await theirs.next(is('conversation.created', { conversation_id: theirsConversation.id }));
    const leaked = theirs.messages.filter(
      (m) => 'conversation_id' in m && m.conversation_id === c.id,
    );
    expect(leaked).toEqual([]);
    expect(
      mine.messages.some(
        (m) => 'conversation_id' in m && m.conversation_id === theirsConversation.id,
      ),
    ).toBe(false);
    mine.socket.close();
    theirs.socket.close();
  });

  it("a reply's delivery state change reaches the agents; a note's edit or another column does not", async () => {
    const mine = await openSocket(base, bearer(ws.admin));
    const theirs = await openSocket(base, bearer(other.admin));
    await mine.next(is('hello'));
    await theirs.next(is('hello'));
    const c = await openConversation(ws.admin);
    const reply = await ws.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Sent by email in a moment',
    });
    const messageId = reply.json().id as string;
    await mine.next(is('message.created', { message_id: messageId }));
    // The deliverer moves it queued -> failed, as the message.deliver job does.
    await sql`update messages set delivery_state = 'queued'
      where workspace_id = ${ws.workspaceId} and id = ${messageId}`.execute(t.database.db);
    await mine.next(is('message.updated', { conversation_id: c.id, message_id: messageId }));
    mine.messages.splice(0);
    const moved = await markDelivery(
      t.database.db,
      ws.workspaceId,
      messageId,
      { state: 'failed', error: 'mailbox unavailable' },
      new Date(),
    );
    expect(moved).toBe(true);
    mine.messages.splice(0);
    await mine.next(is('message.updated', { conversation_id: c.id, message_id: messageId }));
    mine.messages.splice(0);
    // An update that leaves the state as it was says nothing.
    await sql`update messages set delivery_error = 'still down'
      where workspace_id = ${ws.workspaceId} and id = ${messageId}`.execute(t.database.db);
    const later = await openConversation(ws.admin);
    await mine.next(is('conversation.created', { conversation_id: later.id }));
    expect(mine.messages.filter(is('message.updated'))).toEqual([]);
    expect(theirs.messages.filter(is('message.updated'))).toEqual([]);
    mine.socket.close();
    theirs.socket.close();
  });

  it('a notification reaches its user only', async () => {
    const agent = await ws.addUser('agent', 'Nurlan Agent');
    const colleague = await ws.addUser('agent', 'Dana Agent');
    const agentSocket = await openSocket(base, bearer(agent));
    const colleagueSocket = await openSocket(base, bearer(colleague));
    await agentSocket.next(is('hello'));
    await colleagueSocket.next(is('hello'));
    const inserted = await sql<{ id: string }>`
      insert into notifications (workspace_id, user_id, kind, data)
      values (${ws.workspaceId}, ${agent.userId}, 'sla.warning', '{}') returning id`.execute(
      t.database.db,
    );
    const id = inserted.rows[0]!.id;
    await agentSocket.next(is('notification.created', { notification_id: id }));
    // Something for everyone afterwards: the colleague got it, and not the notification before it.
    const c = await openConversation(ws.admin);
    await colleagueSocket.next(is('conversation.created', { conversation_id: c.id }));
    expect(colleagueSocket.messages.filter(is('notification.created'))).toEqual([]);
    agentSocket.socket.close();
    colleagueSocket.socket.close();
  });

  it('nothing is sent for a transaction that rolls back', async () => {
    const s = await openSocket(base, bearer(ws.admin));
    await s.next(is('hello'));
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into notifications (workspace_id, user_id, kind, data)
          values (${ws.workspaceId}, ${ws.admin.userId}, 'rolled.back', '{}')`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    const kept = await sql<{ id: string }>`
      insert into notifications (workspace_id, user_id, kind, data)
      values (${ws.workspaceId}, ${ws.admin.userId}, 'kept', '{}') returning id`.execute(
      t.database.db,
    );
    await s.next(is('notification.created', { notification_id: kept.rows[0]!.id }));
    expect(s.messages.filter(is('notification.created'))).toHaveLength(1);
    s.socket.close();
  });
});

describe('who may open a socket', () => {
  it('refuses an upgrade without credentials or with an unknown token', async () => {
    await expect(openSocket(base, {})).rejects.toThrow(/401/);
    await expect(openSocket(base, { authorization: 'Bearer rpt_nope' })).rejects.toThrow(/401/);
  });

  it('takes a session cookie from a page of this server, and refuses another origin', async () => {
    const cookie = await login(ws.admin);
    await expect(openSocket(base, { cookie, origin: 'http://evil.example' })).rejects.toThrow(
      /403/,
    );
    await expect(openSocket(base, { cookie })).rejects.toThrow(/403/);
    const s = await openSocket(base, { cookie, origin: origin() });
    await s.next(is('hello', { user_id: ws.admin.userId }));
    s.socket.close();
  });

  it('closes the socket when its session is signed out, at once', async () => {
    // No periodic re-check during this test: only the announcement of the ended session can close it.
    realtimeTuning.authCheckMs = 3_600_000;
    onTestFinished(() => {
      realtimeTuning.authCheckMs = 1000;
    });
    const cookie = await login(ws.admin);
    const s = await openSocket(base, { cookie, origin: origin() });
    await s.next(is('hello'));
    const keep = await openSocket(base, bearer(ws.admin));
    await keep.next(is('hello'));
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect((await s.closed).code).toBe(4001);
    expect(keep.socket.readyState).toBe(WebSocket.OPEN);
    keep.socket.close();
  });
  it('closes a socket whose session expired or whose token was revoked', async () => {
    const cookie = await login(ws.admin);
    const bySession = await openSocket(base, { cookie, origin: origin() });
    const agent = await ws.addUser('agent');
    const byToken = await openSocket(base, bearer(agent));
    await bySession.next(is('hello'));
    await byToken.next(is('hello'));
    await sql`update sessions set expires_at = now() - interval '1 second'
      where id = ${hashSecret(cookie.split('=')[1]!)}`.execute(t.database.db);
    expect((await bySession.closed).code).toBe(4001);
    await sql`update api_tokens set revoked_at = now()
      where workspace_id = ${ws.workspaceId} and user_id = ${agent.userId}`.execute(t.database.db);
    expect((await byToken.closed).code).toBe(4001);
  });
});

describe('a misbehaving client', () => {
  it('is closed for an oversized or malformed frame, and the other sockets carry on', async () => {
    const good = await openSocket(base, bearer(ws.admin));
    const big = await openSocket(base, bearer(ws.admin));
    const garbled = await openSocket(base, bearer(ws.admin));
    const unknown = await openSocket(base, bearer(ws.admin));
    await good.next(is('hello'));
    big.send({ type: 'presence', conversation_id: null, pad: 'x'.repeat(5000) });
    garbled.send('{not json');
    unknown.send({ type: 'subscribe', workspace_id: other.workspaceId });
    expect((await big.closed).code).toBe(1009);
    expect((await garbled.closed).code).toBe(1007);
    expect((await unknown.closed).code).toBe(1007);
    const c = await openConversation(ws.admin);
    await good.next(is('conversation.created', { conversation_id: c.id }));
    good.send({ type: 'ping' });
    await good.next(is('pong'));
    good.socket.close();
  });

  it('is dropped when it does not read, instead of being buffered for', async () => {
    const reader = await openSocket(base, bearer(ws.admin));
    const sleeper = await openSocket(base, bearer(ws.admin));
    await reader.next(is('hello'));
    await sleeper.next(is('hello'));
    // Stop reading: the kernel buffers fill, then the server's own queue grows.
    (sleeper.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const hub = realtimeHubOf(t.app)!;
    const before = hub.connectionCount;
    const message = { type: 'client.updated', client_id: '1'.repeat(19) } as const;
    // Batches small enough for the reader, which reads between them, to keep up.
    for (let i = 0; i < 400_000 && hub.connectionCount === before; i++) {
      hub.sendToWorkspace(ws.workspaceId, message, ws.admin.userId);
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(hub.connectionCount).toBe(before - 1);
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
    (sleeper.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await sleeper.closed;
    const c = await openConversation(ws.admin);
    await reader.next(is('conversation.created', { conversation_id: c.id }), 15_000);
    reader.socket.close();
  });

  it('gets pings, and is cut off when it stops answering them', async () => {
    const s = await openSocket(base, bearer(ws.admin));
    await s.next(is('ping'), 5000);
    const mute = await openSocket(base, bearer(ws.admin), { autoPong: false });
    const { code } = await mute.closed;
    expect(code).toBe(1006);
    expect(s.socket.readyState).toBe(WebSocket.OPEN);
    s.socket.close();
  });
});

describe('presence', () => {
  it('shows who views and who replies, and forgets a closed tab', async () => {
    const c = await openConversation(ws.admin);
    const ana = await ws.addUser('agent', 'Ana Viewer');
    const bela = await ws.addUser('agent', 'Béla Watcher');
    const a = await openSocket(base, bearer(ana));
    const b = await openSocket(base, bearer(bela));
    await a.next(is('hello'));
    await b.next(is('hello'));
    a.send({ type: 'presence', conversation_id: c.id, state: 'viewing' });
    b.send({ type: 'presence', conversation_id: c.id });
    const seen = (m: ServerMessage) =>
      m.type === 'presence' &&
      m.people.some((p) => p.user_id === ana.userId && p.state === 'viewing') &&
      m.people.some((p) => p.user_id === bela.userId);
    await b.next(seen);
    a.send({ type: 'presence', conversation_id: c.id, state: 'replying' });
    await b.next(
      (m) =>
        m.type === 'presence' &&
        m.people.some((p) => p.user_id === ana.userId && p.state === 'replying'),
    );
    a.socket.close();
    await b.next(
      (m) => m.type === 'presence' && m.people.length === 1 && m.people[0]!.user_id === bela.userId,
    );
    // Another workspace's socket naming the same conversation id sees nobody of ours.
    const stranger = await openSocket(base, bearer(other.admin));
    await stranger.next(is('hello'));
    stranger.send({ type: 'presence', conversation_id: c.id });
    const theirs = await stranger.next(is('presence'));
    expect(theirs.people.every((p) => p.user_id === other.admin.userId)).toBe(true);
    b.socket.close();
    stranger.socket.close();
  });
});
