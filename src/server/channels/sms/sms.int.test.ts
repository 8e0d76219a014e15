import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  baseUrl,
  eventually,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import {
  startSmsProviderStandIn,
  type SmsProviderStandIn,
} from '../../../../test/sms-provider-standin.ts';
import type { Secrets } from '../../security/secrets.ts';
import { DELIVERY_RETRY_LIMIT, messageDeliverJob } from '../deliverers.ts';
import { genericHttpAdapter, SmsSendError } from './adapter.ts';
import { sendSmsReply } from './sms.send.ts';

let t: TestApp;
let base: string;
let standin: SmsProviderStandIn;
let secrets: Secrets;

/**
 * The real message.deliver job, retrying after 1 s instead of 10–20 s so a
 * provider that is down for one attempt, or for all of them, fits in a test.
 */
const deliverJob = { ...messageDeliverJob, retryDelaySeconds: 1, retryBackoff: false };

beforeAll(async () => {
  // Listening on loopback: the stand-in calls the webhooks over real HTTP; a
  // real pg-boss runner sends the replies.
  t = await startTestApp({ jobs: [deliverJob], listen: true });
  secrets = t.secrets;
  base = baseUrl(t);
  standin = await startSmsProviderStandIn();
});
afterAll(async () => {
  await standin.close();
  await t.close();
});

let n = 0;
const uniqueNumber = (prefix: string) => `${prefix}${String(100000 + ++n)}`;

interface Provider {
  id: string;
  phone_number: string;
  webhook_secret: string;
  webhooks: { inbound_url: string; status_url: string };
}

async function addProvider(w: TestWorkspace, over: Record<string, unknown> = {}) {
  const res = await w.admin.post('/api/v1/sms-providers', {
    name: 'Stand-in',
    phone_number: uniqueNumber('+3460099'),
    send_url: standin.sendUrl,
    auth_header_name: 'Authorization',
    auth_header_value: 'Bearer standin-key',
    ...over,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as Provider;
}

const inboundUrl = (p: { id: string }) => `${base}/api/v1/sms/${p.id}/inbound`;
const statusUrl = (p: { id: string }) => `${base}/api/v1/sms/${p.id}/status`;

async function messagesOf(w: TestWorkspace, conversationId: string) {
  const res = await w.admin.get(`/api/v1/conversations/${conversationId}/messages`);
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    id: string;
    body_text: string;
    direction: string;
    delivery_state: string;
  }[];
}

async function conversationOfMessage(messageId: string) {
  return t.database.db
    .selectFrom('messages')
    .innerJoin('conversations', (j) =>
      j
        .onRef('conversations.workspace_id', '=', 'messages.workspace_id')
        .onRef('conversations.id', '=', 'messages.conversation_id'),
    )
    .select([
      'conversations.id as conversation_id',
      'conversations.client_id',
      'conversations.channel',
      'conversations.sms_provider_id',
      'conversations.team_id',
    ])
    .where('messages.id', '=', messageId)
    .executeTakeFirstOrThrow();
}

describe('SMS inbound webhook', () => {
  it('a text from a new number creates a client and a conversation; a second one threads', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const from = uniqueNumber('+3670555');
    const first = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 'in-1',
      from: `${from.slice(0, 3)} ${from.slice(3, 6)} ${from.slice(6)}`,
      to: p.phone_number,
      text: 'Hello, is my order shipped?\nOrder 42',
    });
    expect(first.status).toBe(200);
    const firstId = (first.json as { message_id: string }).message_id;
    const conv = await conversationOfMessage(firstId);
    expect(conv.channel).toBe('sms');
    expect(conv.sms_provider_id).toBe(p.id);

    const client = await w.admin.get(`/api/v1/clients/${conv.client_id}`);
    expect(client.statusCode).toBe(200);
    expect(JSON.stringify(client.json())).toContain(from);

    const second = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 'in-2',
      from,
      to: p.phone_number,
      text: 'Also: can I change the address?',
    });
    expect(second.status).toBe(200);
    const secondConv = await conversationOfMessage(
      (second.json as { message_id: string }).message_id,
    );
    expect(secondConv.conversation_id).toBe(conv.conversation_id);
    const bodies = (await messagesOf(w, conv.conversation_id)).map((m) => m.body_text);
    expect(bodies.sort()).toEqual([
      'Also: can I change the address?',
      'Hello, is my order shipped?\nOrder 42',
    ]);
  });

  it('a retried webhook stores one message', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const body = { id: 'dup-1', from: uniqueNumber('+3670666'), to: p.phone_number, text: 'Once' };
    const a = await standin.callWebhook(inboundUrl(p), p.webhook_secret, body);
    const b = await standin.callWebhook(inboundUrl(p), p.webhook_secret, body);
    expect([a.status, b.status]).toEqual([200, 200]);
    const id = (a.json as { message_id: string }).message_id;
    expect((b.json as { message_id: string }).message_id).toBe(id);
    const conv = await conversationOfMessage(id);
    expect(await messagesOf(w, conv.conversation_id)).toHaveLength(1);
  });

  it('a burst of webhooks at once: each text stored once, answered with its own message', async () => {
    // Texts the gateway posts together share transactions (group commit); a retried
    // webhook among them is still stored once.
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const numbers = Array.from({ length: 6 }, () => uniqueNumber('+3670777'));
    const texts = numbers.flatMap((from, i) =>
      [0, 1, 2].map((k) => ({
        id: `b-${i}-${k}`,
        from,
        to: p.phone_number,
        text: `text ${i}.${k}`,
      })),
    );
    const answers = await Promise.all(
      [...texts, texts[4]!, texts[10]!].map((body) =>
        standin.callWebhook(inboundUrl(p), p.webhook_secret, body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const ids = answers.map((a) => (a.json as { message_id: string }).message_id);
    expect(new Set(ids.slice(0, texts.length)).size).toBe(texts.length);
    expect(ids.slice(texts.length)).toEqual([ids[4], ids[10]]);
    for (const [i] of numbers.entries()) {
      const conversations = new Set<string>();
      for (const k of [0, 1, 2]) {
        const conv = await conversationOfMessage(ids[i * 3 + k]!);
        expect(conv.sms_provider_id).toBe(p.id);
        conversations.add(conv.conversation_id);
      }
      expect(conversations.size).toBe(1);
      const bodies = (await messagesOf(w, [...conversations][0]!)).map((m) => m.body_text);
      expect(bodies.sort()).toEqual([`text ${i}.0`, `text ${i}.1`, `text ${i}.2`]);
    }
  });

  it('a bad, missing or old signature is refused with 401 and nothing is stored', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const from = uniqueNumber('+3670777');
    const body = { id: 'evil-1', from, to: p.phone_number, text: 'Hi' };
    const bad = await standin.callWebhook(inboundUrl(p), p.webhook_secret, body, { sign: 'bad' });
    const none = await standin.callWebhook(inboundUrl(p), p.webhook_secret, body, {
      sign: 'none',
    });
    const old = await standin.callWebhook(inboundUrl(p), p.webhook_secret, body, {
      at: new Date(Date.now() - 6 * 60 * 1000),
    });
    expect([bad.status, none.status, old.status]).toEqual([401, 401, 401]);
    const stored = await t.database.db
      .selectFrom('client_identities')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('value', '=', from)
      .execute();
    expect(stored).toEqual([]);

    // A signature over another body does not pass either.
    const res = await fetch(inboundUrl(p), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-rapport-signature': (await import('./signature.ts')).signWebhook(
          p.webhook_secret,
          '{"id":"x"}',
          new Date(),
        ),
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
  });

  it("another workspace's secret does not open a provider; an unknown provider is 404", async () => {
    const w = await newWorkspace(t);
    const other = await newWorkspace(t);
    const p = await addProvider(w);
    const q = await addProvider(other);
    const body = { id: 'x-1', from: uniqueNumber('+3670888'), to: p.phone_number, text: 'Hi' };
    expect((await standin.callWebhook(inboundUrl(p), q.webhook_secret, body)).status).toBe(401);
    expect(
      (await standin.callWebhook(inboundUrl({ id: '999999999' }), p.webhook_secret, body)).status,
    ).toBe(404);
  });

  it('bad input names the field', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const res = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 'b-1',
      from: 'not a number',
      to: p.phone_number,
      text: 'Hi',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('from');
    const empty = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 'b-2',
      from: uniqueNumber('+3670999'),
      to: p.phone_number,
      text: '   ',
    });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.json)).toContain('text');
  });

  it('a new conversation goes to the default team of the provider', async () => {
    const w = await newWorkspace(t);
    const team = await w.admin.post('/api/v1/teams', { name: 'SMS desk' });
    expect(team.statusCode).toBe(201);
    const p = await addProvider(w, { default_team_id: team.json().id });
    const res = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 't-1',
      from: uniqueNumber('+3670444'),
      to: p.phone_number,
      text: 'Help',
    });
    expect(res.status).toBe(200);
    const conv = await conversationOfMessage((res.json as { message_id: string }).message_id);
    expect(conv.team_id).toBe(team.json().id);
  });
});

describe('SMS sending', () => {
  it('a reply goes out from the number the client wrote to, with the auth header', async () => {
    const w = await newWorkspace(t);
    await addProvider(w); // the first provider: not the one the client used
    const p = await addProvider(w, { auth_header_value: 'Bearer second-key' });
    const from = uniqueNumber('+3670333');
    const res = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: 's-1',
      from,
      to: p.phone_number,
      text: 'Question',
    });
    const conv = await conversationOfMessage((res.json as { message_id: string }).message_id);
    const before = standin.sent().length;
    const long = 'Thank you for writing. '.repeat(40);
    const { externalId } = await sendSmsReply(t.database.db, secrets, {
      workspaceId: w.workspaceId,
      message: { id: '1', body_text: long },
      conversation: { id: conv.conversation_id, client_id: conv.client_id },
    });
    const sent = (await standin.waitForSent(before + 1))[before]!;
    expect(sent).toMatchObject({ from: p.phone_number, to: from, text: long.trim() });
    expect(sent.headers.authorization).toBe('Bearer second-key');
    expect(externalId).toBe(`sms-out:${p.id}:${sent.id}`);
  });

  it('refuses an empty text, and a client without a phone', async () => {
    const w = await newWorkspace(t);
    await addProvider(w);
    await expect(
      sendSmsReply(t.database.db, secrets, {
        workspaceId: w.workspaceId,
        message: { id: '1', body_text: '  ' },
        conversation: { id: '1', client_id: '1' },
      }),
    ).rejects.toMatchObject({ retryable: false });
  });

  it('the adapter splits failures: 5xx and network retryable, 4xx permanent', async () => {
    const adapter = genericHttpAdapter({ sendUrl: standin.sendUrl, timeoutMs: 2000 });
    const msg = { from: '+34600000001', to: '+34600000002', body: 'Hi' };
    standin.failNext(500);
    const e500 = await adapter.send(msg).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(SmsSendError);
    expect((e500 as SmsSendError).retryable).toBe(true);
    // after the 500, the same send passes
    expect((await adapter.send(msg)).providerMessageId).toMatch(/^standin-/);

    standin.failNext(400);
    const e400 = await adapter.send(msg).catch((e: unknown) => e);
    expect((e400 as SmsSendError).retryable).toBe(false);
    expect((e400 as SmsSendError).status).toBe(400);

    const down = genericHttpAdapter({ sendUrl: 'http://127.0.0.1:9/send', timeoutMs: 2000 });
    const eNet = await down.send(msg).catch((e: unknown) => e);
    expect((eNet as SmsSendError).retryable).toBe(true);
  });
});

interface StoredMessage {
  delivery_state: string;
  delivery_error: string | null;
  delivery_error_code: string | null;
  external_id: string | null;
}

describe('SMS end to end: webhook in, message.deliver out, status reports back', () => {
  /** A client texts the provider's number; returns the conversation it became. */
  async function clientTexts(w: TestWorkspace, p: Provider, text: string) {
    const from = uniqueNumber('+3670222');
    const res = await standin.callWebhook(inboundUrl(p), p.webhook_secret, {
      id: `in-${from}`,
      from,
      to: p.phone_number,
      text,
    });
    expect(res.status).toBe(200);
    const conv = await conversationOfMessage((res.json as { message_id: string }).message_id);
    return { ...conv, from };
  }

  /** The agent answers through the API, as the composer does. */
  async function agentReplies(w: TestWorkspace, conversationId: string, text: string) {
    const r = await w.admin.post(`/api/v1/conversations/${conversationId}/messages`, {
      direction: 'outbound',
      body_text: text,
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ channel: 'sms', delivery_state: 'queued' });
    return r.json().id as string;
  }

  const stored = (w: TestWorkspace, id: string) =>
    t.database.db
      .selectFrom('messages')
      .select(['delivery_state', 'delivery_error', 'delivery_error_code', 'external_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow() as Promise<StoredMessage>;

  const until = (w: TestWorkspace, id: string, state: string) =>
    eventually(`message ${id} ${state}`, async () => {
      const m = await stored(w, id);
      return m.delivery_state === state ? m : undefined;
    });

  const failedEvents = (w: TestWorkspace) =>
    t.database.db
      .selectFrom('events')
      .select(['data', 'conversation_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'message.delivery_failed')
      .execute();

  it("the agent's reply is sent by the job from the provider's number, then reported delivered", async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w, { auth_header_value: 'Bearer e2e-key' });
    const conv = await clientTexts(w, p, 'Is my order shipped?');
    const before = standin.sent().length;

    const id = await agentReplies(w, conv.conversation_id, 'Yes, it left today.');
    const sent = (await standin.waitForSent(before + 1)).find((s) => s.client_ref === id)!;
    expect(sent).toMatchObject({
      from: p.phone_number,
      to: conv.from,
      text: 'Yes, it left today.',
    });
    expect(sent.headers.authorization).toBe('Bearer e2e-key');
    const m = await until(w, id, 'sent');
    expect(m.external_id).toBe(`sms-out:${p.id}:${sent.id}`);
    // The agent sees it sent in the conversation.
    const listed = (await messagesOf(w, conv.conversation_id)).find((x) => x.id === id);
    expect(listed).toMatchObject({ delivery_state: 'sent' });

    const report = await standin.callWebhook(statusUrl(p), p.webhook_secret, {
      id: sent.id,
      status: 'delivered',
    });
    expect(report.json).toEqual({ ok: true, message_id: id });
    expect((await stored(w, id)).delivery_state).toBe('delivered');
    // A late "sent" report does not move it back; a report with a bad signature changes nothing.
    await standin.callWebhook(statusUrl(p), p.webhook_secret, { id: sent.id, status: 'sent' });
    const forged = await standin.callWebhook(
      statusUrl(p),
      p.webhook_secret,
      { id: sent.id, status: 'failed' },
      { sign: 'bad' },
    );
    expect(forged.status).toBe(401);
    expect((await stored(w, id)).delivery_state).toBe('delivered');
    expect(await failedEvents(w)).toEqual([]);
    // Exactly one text left for this reply.
    expect(standin.sent().filter((s) => s.client_ref === id)).toHaveLength(1);
  });

  it('a failure report marks the message failed with the reason and an event on the conversation', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const conv = await clientTexts(w, p, 'Call me?');
    const before = standin.sent().length;
    const id = await agentReplies(w, conv.conversation_id, 'We will call at 5.');
    const sent = (await standin.waitForSent(before + 1)).find((s) => s.client_ref === id)!;
    await until(w, id, 'sent');

    await standin.callWebhook(statusUrl(p), p.webhook_secret, {
      id: sent.id,
      status: 'failed',
      error: 'handset unreachable',
    });
    expect(await stored(w, id)).toMatchObject({
      delivery_state: 'failed',
      delivery_error: 'handset unreachable',
      delivery_error_code: 'not_delivered',
    });
    const events = await failedEvents(w);
    expect(events).toEqual([
      {
        conversation_id: conv.conversation_id,
        data: { message_id: id, error: 'handset unreachable', code: 'not_delivered' },
      },
    ]);
    // The same report again writes no second event.
    await standin.callWebhook(statusUrl(p), p.webhook_secret, { id: sent.id, status: 'failed' });
    expect(await failedEvents(w)).toHaveLength(1);
  });

  it('a report that overtakes the job is matched by the client_ref Rapport sent', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const conv = await clientTexts(w, p, 'Quick one');
    const id = await agentReplies(w, conv.conversation_id, 'Quick answer');
    // The provider reports before Rapport has stored its id for the text.
    const early = await standin.callWebhook(statusUrl(p), p.webhook_secret, {
      id: 'not-yet-known',
      status: 'delivered',
      client_ref: id,
    });
    expect(early.json).toEqual({ ok: true, message_id: id });
    await until(w, id, 'delivered');
    // Another workspace's message id as client_ref finds nothing.
    const other = await newWorkspace(t);
    const q = await addProvider(other);
    const stray = await standin.callWebhook(statusUrl(q), q.webhook_secret, {
      id: 'stray',
      status: 'failed',
      client_ref: id,
    });
    expect(stray.json).toEqual({ ok: true, message_id: null });
    expect((await stored(w, id)).delivery_state).toBe('delivered');
  });

  it('a provider that is down is retried, and the text goes out once', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const conv = await clientTexts(w, p, 'Anyone there?');
    const attemptsBefore = standin.attempts.length;
    standin.failNext(503);
    const id = await agentReplies(w, conv.conversation_id, 'Yes, here.');
    await standin.waitForAttempts(attemptsBefore + 1);
    // While it waits for the retry, the agent can see why.
    const waiting = await eventually('the first failure noted', async () => {
      const m = await stored(w, id);
      return m.delivery_error ? m : undefined;
    });
    expect(waiting.delivery_state).toBe('queued');
    expect(waiting.delivery_error).toContain('503');
    expect(waiting.delivery_error_code).toBe('provider_error');
    const m = await until(w, id, 'sent');
    expect(m.delivery_error).toBeNull();
    expect(m.delivery_error_code).toBeNull();
    const mine = standin.attempts.filter((a) => a.client_ref === id);
    expect(mine.map((a) => a.status)).toEqual([503, 200]);
    expect(await failedEvents(w)).toEqual([]);
  });

  it('a provider down through every retry leaves the message failed with an event', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w, { send_url: 'http://127.0.0.1:9/send' });
    const conv = await clientTexts(w, p, 'Hello?');
    const id = await agentReplies(w, conv.conversation_id, 'Hello!');
    const m = await eventually(
      'the last retry to fail',
      async () => {
        const row = await stored(w, id);
        return row.delivery_state === 'failed' ? row : undefined;
      },
      (DELIVERY_RETRY_LIMIT + 1) * 5_000,
    );
    expect(m.delivery_error).toContain('could not be reached');
    expect(m.delivery_error_code).toBe('server_unreachable');
    const events = await failedEvents(w);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ message_id: id });
  });

  it('a text the provider refuses (4xx) fails at once, without retries', async () => {
    const w = await newWorkspace(t);
    const p = await addProvider(w);
    const conv = await clientTexts(w, p, 'Hi');
    const attemptsBefore = standin.attempts.length;
    standin.failNext(400);
    const id = await agentReplies(w, conv.conversation_id, 'Hello');
    const m = await until(w, id, 'failed');
    expect(m.delivery_error).toContain('400');
    expect(m.delivery_error_code).toBe('provider_error');
    await standin.waitForAttempts(attemptsBefore + 1);
    expect(standin.attempts.filter((a) => a.client_ref === id)).toHaveLength(1);
    expect(await failedEvents(w)).toHaveLength(1);
  });

  it('another workspace cannot answer the conversation, nor read or report on the provider', async () => {
    const w = await newWorkspace(t);
    const other = await newWorkspace(t);
    const p = await addProvider(w);
    const conv = await clientTexts(w, p, 'Private');
    const attemptsBefore = standin.attempts.length;
    const reply = await other.admin.post(`/api/v1/conversations/${conv.conversation_id}/messages`, {
      direction: 'outbound',
      body_text: 'Not yours',
    });
    expect(reply.statusCode).toBe(404);
    expect((await other.admin.get(`/api/v1/sms-providers/${p.id}`)).statusCode).toBe(404);
    expect(
      (await other.admin.patch(`/api/v1/sms-providers/${p.id}`, { name: 'x' })).statusCode,
    ).toBe(404);
    expect(standin.attempts.length).toBe(attemptsBefore);
    // A webhook for an unknown provider is 404 and stores nothing.
    const from = uniqueNumber('+3670111');
    const unknown = await standin.callWebhook(inboundUrl({ id: '987654321' }), p.webhook_secret, {
      id: 'u-1',
      from,
      to: p.phone_number,
      text: 'Hi',
    });
    expect(unknown.status).toBe(404);
    const identities = await t.database.db
      .selectFrom('client_identities')
      .select('id')
      .where('value', '=', from)
      .execute();
    expect(identities).toEqual([]);
  });
});
