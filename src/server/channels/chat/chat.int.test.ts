// Web chat over real WebSockets on loopback: a visitor (the ws package playing
// the widget) and an agent (the realtime socket plus the REST API), on a real
// database, with the real transcript job sending to a real SMTP server.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  baseUrl,
  eventually,
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { startSmtpCapture, type SmtpCapture } from '../../../../test/smtp-capture.ts';
import { is, openSocket } from '../../realtime/realtime-test-client.ts';
import { openVisitor } from './chat-test-client.ts';
import { chatTranscriptJob } from './chat.jobs.ts';
import { chatLimits } from './chat.service.ts';

let t: TestApp;
let url: string;
const captures: SmtpCapture[] = [];

beforeAll(async () => {
  t = await startTestApp({ jobs: [chatTranscriptJob], listen: true });
  url = baseUrl(t);
});
afterAll(async () => {
  await t?.close();
  for (const c of captures) await c.close().catch(() => {});
});

/** A visitor socket closed when the test ends. */
async function visitor(w: { workspaceId: string }, options = {}) {
  const v = await openVisitor(url, w.workspaceId, options);
  onTestFinished(() => v.close());
  return v;
}

/** An agent online: its realtime socket (token) is open. */
async function agentOnline(w: TestWorkspace, name = 'Ana Agent') {
  const agent = await w.addUser('agent', name);
  const socket = await openSocket(url.replace(/^http/, 'ws'), {
    authorization: `Bearer ${agent.token}`,
  });
  onTestFinished(() => socket.socket.close());
  await socket.next(is('hello'));
  return { agent, socket };
}

async function chatConversations(caller: Caller) {
  const res = await caller.get('/api/v1/conversations?channel=chat');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string; last_excerpt: string; client: { id: string } }[] })
    .items;
}

describe('web chat', () => {
  it('carries a visitor message to the agent inbox live and the agent reply back to the visitor', async () => {
    const w = await newWorkspace(t);
    const { agent, socket } = await agentOnline(w);
    const v = await visitor(w);
    const welcome = await v.hello(undefined, 'es-MX');
    expect(welcome).toMatchObject({ online: true, prechat: false, messages: [] });
    expect(welcome.token.length).toBeGreaterThan(20);

    v.send({
      type: 'message',
      text: 'Hola, ¿tienen envío a Almaty?',
      ref: 'r1',
      name: 'Lucía',
      email: 'lucia@example.test',
    });
    const echo = await v.next('message', (f) => f.ref === 'r1');
    expect(echo.message).toMatchObject({ from: 'visitor', text: 'Hola, ¿tienen envío a Almaty?' });

    // The agent's tab hears of it and finds it in the inbox, from a client known by its chat identity.
    const created = await socket.next(is('message.created'));
    const [conversation] = await chatConversations(agent);
    expect(conversation!.id).toBe(created.conversation_id);
    const client = (await agent.get(`/api/v1/clients/${conversation!.client.id}`)).json();
    expect(client.name).toBe('Lucía');
    expect(client.language).toBe('es');
    // The pre-chat email is shown, never trusted as an identity.
    expect(client.identities).toEqual([expect.objectContaining({ kind: 'chat' })]);
    const events = (await agent.get(`/api/v1/conversations/${conversation!.id}/events`)).json();
    expect(events.items).toContainEqual(
      expect.objectContaining({
        type: 'chat.prechat',
        data: { name: 'Lucía', email: 'lucia@example.test' },
      }),
    );

    // Typing, both ways.
    v.send({ type: 'typing', typing: true });
    await socket.next(
      (m) => m.type === 'chat.typing' && m.conversation_id === conversation!.id && m.typing,
    );
    socket.send({ type: 'presence', conversation_id: conversation!.id, state: 'replying' });
    await v.next('typing', (f) => f.typing);

    // The reply goes out on the chat, live, and counts as sent once pushed.
    const reply = await agent.post(`/api/v1/conversations/${conversation!.id}/messages`, {
      direction: 'outbound',
      body_text: 'Sí, enviamos a Kazajistán.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const pushed = await v.next('message', (f) => f.message.from === 'agent');
    expect(pushed.message).toMatchObject({
      text: 'Sí, enviamos a Kazajistán.',
      author: 'Ana Agent',
    });
    await eventually('the reply to be marked sent', async () => {
      const res = await agent.get(`/api/v1/conversations/${conversation!.id}/messages`);
      const items = (res.json() as { items: { id: string; delivery_state: string }[] }).items;
      return items.find((m) => m.id === reply.json().id)?.delivery_state === 'sent' || undefined;
    });

    // A second message continues the same conversation.
    v.send({ type: 'message', text: '¡Gracias!', ref: 'r2' });
    await v.next('message', (f) => f.ref === 'r2');
    expect((await chatConversations(agent)).map((c) => c.id)).toEqual([conversation!.id]);
  });

  it('keeps the visitor across page loads by its token, with its history; a forged token starts afresh', async () => {
    const w = await newWorkspace(t);
    const { agent } = await agentOnline(w);
    const first = await visitor(w);
    const { token } = await first.hello();
    first.send({ type: 'message', text: 'Where is order 1234?', ref: 'a' });
    await first.next('message', (f) => f.ref === 'a');
    first.close();
    await first.closed;

    const again = await visitor(w);
    const welcome = await again.hello(token);
    expect(welcome.token).toBe(token);
    expect(welcome.messages.map((m) => m.text)).toEqual(['Where is order 1234?']);
    again.send({ type: 'message', text: 'Any news?', ref: 'b' });
    await again.next('message', (f) => f.ref === 'b');
    const conversations = await chatConversations(agent);
    expect(conversations).toHaveLength(1);

    // The agent's reply reaches every tab of the visitor.
    const tab2 = await visitor(w);
    await tab2.hello(token);
    await agent.post(`/api/v1/conversations/${conversations[0]!.id}/messages`, {
      direction: 'outbound',
      body_text: 'It ships today.',
    });
    await again.next('message', (f) => f.message.text === 'It ships today.');
    await tab2.next('message', (f) => f.message.text === 'It ships today.');

    const forged = await visitor(w);
    const fresh = await forged.hello(`${token.slice(0, -4)}AAAA`);
    expect(fresh.token).not.toBe(token);
    expect(fresh.messages).toEqual([]);
  });

  it('refuses messages over the per-visitor limit without storing them', async () => {
    const w = await newWorkspace(t);
    const { agent } = await agentOnline(w);
    const v = await visitor(w);
    await v.hello();
    for (let i = 0; i <= chatLimits.maxMessages; i++)
      v.send({ type: 'message', text: `message ${i}`, ref: `m${i}` });
    const refused = await v.next('error', (f) => f.ref === `m${chatLimits.maxMessages}`);
    expect(refused.code).toBe('rate_limited');
    expect(refused.retry_after_ms).toBeGreaterThan(0);
    await v.next('message', (f) => f.ref === `m${chatLimits.maxMessages - 1}`);
    const [conversation] = await chatConversations(agent);
    const messages = (await agent.get(`/api/v1/conversations/${conversation!.id}/messages`)).json()
      .items as unknown[];
    expect(messages).toHaveLength(chatLimits.maxMessages);
    // The socket stays open: a later message, after the window, would pass.
    expect(v.socket.readyState).toBe(v.socket.OPEN);
  });

  it('refuses malformed and oversized frames without touching other visitors', async () => {
    const w = await newWorkspace(t);
    await agentOnline(w);
    const bystander = await visitor(w);
    await bystander.hello();
    const v = await visitor(w);

    v.send('{not json');
    expect((await v.next('error')).code).toBe('invalid_frame');
    // Before hello nothing else is accepted.
    v.send({ type: 'message', text: 'too early', ref: 'early' });
    const refusals = () =>
      v.frames.filter((f) => f.type === 'error' && f.code === 'invalid_frame').length;
    await eventually('the early message to be refused', async () => refusals() === 2 || undefined);
    await v.hello();
    v.send({ type: 'message', text: 'x'.repeat(chatLimits.maxTextChars + 1) });
    v.send({ type: 'message', text: '   ' });
    v.send({ type: 'typing', typing: 'yes' });
    v.send({ type: 'transcript', email: 'not an address' });
    await eventually('four more refusals', async () => refusals() === 6 || undefined);
    expect(v.socket.readyState).toBe(v.socket.OPEN);

    // A frame over 16 KiB closes that socket only.
    v.send(JSON.stringify({ type: 'message', text: 'y'.repeat(20_000) }));
    expect((await v.closed).code).toBe(1009);
    const binary = await visitor(w);
    binary.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await binary.closed).code).toBe(1003);

    bystander.send({ type: 'message', text: 'Still here', ref: 'ok' });
    await bystander.next('message', (f) => f.ref === 'ok');
  });

  it("keeps workspaces apart: unknown or chat-less workspaces, foreign origins and another workspace's token", async () => {
    const a = await newWorkspace(t);
    const b = await newWorkspace(t);
    const { agent: agentB, socket: socketB } = await agentOnline(b, 'Bea');
    await agentOnline(a);

    await expect(openVisitor(url, '999999999999')).rejects.toThrow('upgrade refused: 404');
    await expect(openVisitor(url, 'abc')).rejects.toThrow('upgrade refused: 400');
    const off = await b.admin.put('/api/v1/chat/settings', {
      enabled: false,
      prechat_form: false,
      greetings: {},
      allowed_origins: [],
    });
    expect(off.statusCode, off.body).toBe(200);
    await expect(openVisitor(url, b.workspaceId)).rejects.toThrow('upgrade refused: 404');
    const saved = await b.admin.put('/api/v1/chat/settings', {
      enabled: true,
      prechat_form: true,
      greetings: { en: 'Hi from B' },
      allowed_origins: ['https://Shop.example'],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ allowed_origins: ['https://shop.example'] });
    await expect(
      openVisitor(url, b.workspaceId, { headers: { origin: 'https://evil.example' } }),
    ).rejects.toThrow('upgrade refused: 403');
    const inB = await visitor(b, { headers: { origin: 'https://shop.example' } });
    expect(await inB.hello(undefined, 'en')).toMatchObject({
      prechat: true,
      greeting: 'Hi from B',
      online: true,
    });

    // A's visitor writes; its token means nothing in B, and B's agent hears nothing of it.
    const inA = await visitor(a);
    const { token } = await inA.hello();
    inA.send({ type: 'message', text: 'Secret of A', ref: 's' });
    await inA.next('message', (f) => f.ref === 's');
    const replay = await visitor(b, { headers: { origin: 'https://shop.example' } });
    const welcome = await replay.hello(token);
    expect(welcome.token).not.toBe(token);
    expect(welcome.messages).toEqual([]);
    expect(await chatConversations(agentB)).toEqual([]);
    expect(socketB.messages.filter((m) => m.type === 'message.created')).toEqual([]);
  });

  it('serves widget.js to any site, compressed', async () => {
    execFileSync(process.execPath, ['scripts/build-widget.js', '--if-stale'], { stdio: 'pipe' });
    const res = await fetch(`${url}/widget.js`, {
      headers: { 'accept-encoding': 'gzip', origin: 'https://shop.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // fetch inflates it; the raw answer was gzip.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('adoptedStyleSheets');
    const raw = await t.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(raw.rawPayload).toString()).toContain('/api/v1/chat/ws');
  });

  it('serves the settings to admins only and names a bad field', async () => {
    const w = await newWorkspace(t);
    const agent = await w.addUser('agent');
    expect((await agent.get('/api/v1/chat/settings')).statusCode).toBe(403);
    expect(
      (
        await agent.put('/api/v1/chat/settings', {
          enabled: true,
          prechat_form: false,
          greetings: {},
          allowed_origins: [],
        })
      ).statusCode,
    ).toBe(403);
    const defaults = await w.admin.get('/api/v1/chat/settings');
    expect(defaults.json()).toEqual({
      enabled: true,
      prechat_form: false,
      greetings: {},
      allowed_origins: [],
    });
    const bad = await w.admin.put('/api/v1/chat/settings', {
      enabled: true,
      prechat_form: false,
      greetings: {},
      allowed_origins: ['https://shop.example/path'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['allowed_origins.0']);
  });

  it('tells a waiting visitor live when an agent comes online and when the last one leaves', async () => {
    const w = await newWorkspace(t);
    const v = await visitor(w);
    expect((await v.hello(undefined, 'ro')).online).toBe(false);
    const { socket } = await agentOnline(w);
    expect(await v.next('online')).toEqual({ type: 'online', online: true });
    socket.socket.close();
    await v.next('online', (f: { online: boolean }) => !f.online);
    // Each change once: true, then false.
    expect(v.frames.filter((f) => f.type === 'online')).toEqual([
      { type: 'online', online: true },
      { type: 'online', online: false },
    ]);
  });

  it('takes a message with an email address when no agent is online: an email conversation', async () => {
    const w = await newWorkspace(t);
    const v = await visitor(w);
    expect((await v.hello(undefined, 'hu')).online).toBe(false);
    v.send({
      type: 'leave_message',
      text: 'Kérem, hívjanak vissza holnap.',
      email: 'Kata@Example.test',
      name: 'Kata',
    });
    await v.next('message_left');
    const res = await w.admin.get('/api/v1/conversations?channel=email');
    const [conversation] = res.json().items as { id: string; client: { id: string } }[];
    expect(conversation).toBeDefined();
    const client = (await w.admin.get(`/api/v1/clients/${conversation!.client.id}`)).json();
    expect(client).toMatchObject({ name: 'Kata', language: 'hu' });
    expect(client.identities).toEqual([
      expect.objectContaining({ kind: 'email', value: 'kata@example.test' }),
    ]);
    const messages = (
      await w.admin.get(`/api/v1/conversations/${conversation!.id}/messages`)
    ).json().items;
    expect(messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        body_text: 'Kérem, hívjanak vissza holnap.',
      }),
    ]);
  });

  it('emails the visitor the transcript through the workspace mailbox, in its language', async () => {
    const w = await newWorkspace(t, { name: `Acme ${randomUUID().slice(0, 4)}` });
    const capture = await startSmtpCapture();
    captures.push(capture);
    const mailbox = await w.admin.post('/api/v1/mailboxes', {
      name: 'Acme Support',
      address: `support-${randomUUID().slice(0, 8)}@acme.example`,
      default_language: 'en',
      smtp: { host: capture.host, port: capture.port, secure: false },
    });
    expect(mailbox.statusCode, mailbox.body).toBe(201);
    const { agent } = await agentOnline(w, 'Олег');
    const v = await visitor(w);
    await v.hello(undefined, 'ru-RU');
    v.send({ type: 'transcript', email: 'ivan@example.test' });
    expect((await v.next('error')).code).toBe('no_conversation');

    v.send({ type: 'message', text: 'Где мой заказ?', ref: 'q' });
    await v.next('message', (f) => f.ref === 'q');
    const [conversation] = await chatConversations(agent);
    await agent.post(`/api/v1/conversations/${conversation!.id}/messages`, {
      direction: 'outbound',
      body_text: 'Уже в пути.',
    });
    await agent.post(`/api/v1/conversations/${conversation!.id}/messages`, {
      direction: 'note',
      body_text: 'internal: check the courier',
    });
    await v.next('message', (f) => f.message.text === 'Уже в пути.');
    v.send({ type: 'transcript', email: 'ivan@example.test' });
    await v.next('transcript_queued');

    const [mail] = await capture.waitFor(1, 20_000);
    expect(mail!.envelope.to).toEqual(['ivan@example.test']);
    expect(mail!.parsed.subject).toMatch(/^Ваш чат с Acme/);
    const text = mail!.parsed.text ?? '';
    expect(text).toContain('Где мой заказ?');
    expect(text).toContain('Олег');
    expect(text).toContain('Уже в пути.');
    expect(text).not.toContain('internal');
    await eventually('the request to be marked sent', async () => {
      const row = await t.database.db
        .selectFrom('chat_transcript_requests')
        .select('sent_at')
        .where('workspace_id', '=', w.workspaceId)
        .executeTakeFirst();
      return row?.sent_at ?? undefined;
    });
  });
});
