import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { ingestInboundMessage } from './conversation.service.ts';

// Ingestion continues a conversation in one statement when only its counters
// change, and takes the general path whenever a status or an SLA clock moves.
let t: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  w = await newWorkspace(t);
  // Every minute counts, so due times are easy to check.
  const policies = await w.admin.get('/api/v1/sla-policies');
  for (const p of policies.json().items as { id: string }[])
    await w.admin.patch(`/api/v1/sla-policies/${p.id}`, {
      first_response_minutes: 60,
      next_response_minutes: 30,
      calendar_id: null,
    });
});
afterAll(() => t.close());

const ingest = (email: string, body = 'Hola, ¿dónde está mi pedido?', externalId?: string) =>
  ingestInboundMessage(w.ctx, {
    contact: { email, name: 'Dana' },
    channel: 'email',
    subject: 'Pedido',
    body_text: body,
    external_id: externalId,
  });

const targets = async (conversationId: string) =>
  (
    await t.database.query<{ kind: string; due_at: Date | null; met_at: Date | null }>(
      `select kind, due_at, met_at from sla_targets where workspace_id = $1 and conversation_id = $2 order by kind`,
      [w.workspaceId, conversationId],
    )
  ).rows;

describe('ingesting into an existing conversation', () => {
  it('stores every message of a concurrent burst once and counts them all', async () => {
    const email = `burst-${Math.random()}@example.test`;
    const first = await ingest(email, 'first');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingest(email, `message ${i}`, `<burst-${email}-${i}>`)),
    );
    expect(new Set(burst.map((r) => r.conversation.id))).toEqual(new Set([first.conversation.id]));
    expect(new Set(burst.map((r) => r.messageId)).size).toBe(20);
    const stored = await w.admin.get(`/api/v1/conversations/${first.conversation.id}`);
    expect(stored.json()).toMatchObject({ message_count: 21, status: 'new' });
    const messages = await w.admin.get(
      `/api/v1/conversations/${first.conversation.id}/messages?limit=100`,
    );
    expect(messages.json().items).toHaveLength(21);
    // The answer carries what the inbox shows: the client's name and the newest excerpt.
    const last = burst.at(-1)!.conversation;
    expect(last.client_name).toBe('Dana');
    expect(typeof last.activity_key).toBe('string');
  });

  it('stores a repeated external id once', async () => {
    const email = `repeat-${Math.random()}@example.test`;
    await ingest(email, 'first');
    const a = await ingest(email, 'again', `<r-${email}>`);
    const b = await ingest(email, 'again', `<r-${email}>`);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, messageId: a.messageId });
    expect(b.conversation.message_count).toBe(2);
  });

  it('keeps the first-response clock while unanswered, then starts the next-response clock after an answer', async () => {
    const email = `clock-${Math.random()}@example.test`;
    const first = await ingest(email, 'first');
    const id = first.conversation.id;
    const before = await targets(id);
    await ingest(email, 'still waiting');
    expect(await targets(id)).toEqual(before);

    const reply = await w.admin.post(`/api/v1/conversations/${id}/messages`, {
      direction: 'outbound',
      body_text: 'Lo miro ahora mismo.',
    });
    expect(reply.statusCode).toBe(201);
    expect((await targets(id)).find((x) => x.kind === 'next_response')).toBeUndefined();

    const again = await ingest(email, 'gracias, ¿y cuándo llega?');
    const next = (await targets(id)).find((x) => x.kind === 'next_response');
    expect(next?.due_at).toBeTruthy();
    expect(next?.met_at).toBeNull();
    expect(again.conversation.sla_due_at).not.toBeNull();

    // A further message while that clock runs leaves it as it was.
    await ingest(email, '¿hola?');
    expect((await targets(id)).find((x) => x.kind === 'next_response')).toEqual(next);
  });

  it('reopens a conversation pending the client and records the change', async () => {
    const email = `pending-${Math.random()}@example.test`;
    const first = await ingest(email, 'first');
    const id = first.conversation.id;
    expect(
      (await w.admin.patch(`/api/v1/conversations/${id}`, { status: 'pending' })).statusCode,
    ).toBe(200);
    const answer = await ingest(email, 'aquí tiene el número de pedido');
    expect(answer.conversation.status).toBe('open');
    const events = await w.admin.get(`/api/v1/conversations/${id}/events`);
    const types = (events.json().items as { type: string }[]).map((e) => e.type);
    expect(types.filter((x) => x === 'conversation.status_changed')).toHaveLength(2);
  });
});
