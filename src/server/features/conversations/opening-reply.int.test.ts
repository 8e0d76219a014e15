// An agent who opens a conversation writes the client a reply like any other:
// the coach, discount authority and promises apply to it as to a reply in an
// existing conversation, and a refusal leaves no conversation behind.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let supervisor: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  supervisor = await ws.addUser('supervisor', 'Sofia Lead');
});
afterAll(() => t.close());

/** Opens an outbound email conversation to a new client with `body_text`. */
function reachOut(caller: Caller, body_text: string, extra: Record<string, unknown> = {}) {
  return caller.post('/api/v1/conversations', {
    client: { email: `c-${randomUUID().slice(0, 8)}@example.test`, name: 'Kairat Nurlanov' },
    subject: 'Your order',
    channel: 'email',
    direction: 'outbound',
    message: { body_text, ...extra },
  });
}

async function conversationCount() {
  const row = await t.database.db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('an agent opening a conversation', () => {
  it('is refused a blocked phrase (422 coach_blocked) and nothing is stored', async () => {
    const before = await conversationCount();
    const res = await reachOut(agent, 'Hello Kairat, I am Ana. Calm down, please.');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('coach_blocked');
    expect(res.json().error.findings.map((f: { rule_id: string }) => f.rule_id)).toContain(
      'en.calm-down',
    );
    expect(await conversationCount()).toBe(before);
  });

  it('lets a supervisor send it with a reason, recorded; an agent may not (403)', async () => {
    const text = 'Hello Kairat, I am Sofia. Calm down: we will fix it today.';
    const override = { coach_override: { reason: 'The client asked for exactly these words' } };
    expect((await reachOut(agent, text, override)).statusCode).toBe(403);
    const sent = await reachOut(supervisor, text, override);
    expect(sent.statusCode, sent.body).toBe(201);
    const events = (await supervisor.get(`/api/v1/conversations/${sent.json().id}/events`)).json()
      .items as { type: string; data: { reason?: string } }[];
    expect(events.find((e) => e.type === 'message.coach_override')).toMatchObject({
      data: { reason: 'The client asked for exactly these words' },
    });
  });

  it('refuses coach_override on a client’s message (400 naming the field)', async () => {
    const res = await ws.admin.post('/api/v1/conversations', {
      client: { email: `c-${randomUUID().slice(0, 8)}@example.test` },
      subject: 'Hi',
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Hello', coach_override: { reason: 'no' } },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['message.coach_override']);
  });

  it('needs approval for a discount above the agent’s authority (422), and stores nothing', async () => {
    const before = await conversationCount();
    const res = await reachOut(agent, 'Hello Kairat, I am Ana. You get 20% off your next order.');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('discount_approval_required');
    expect(await conversationCount()).toBe(before);
  });

  it('records a discount within authority on the client, and proposes the promise it makes', async () => {
    const res = await reachOut(
      agent,
      "Hello Kairat, I am Ana. You get 5% off your next order, and I'll call you back in 10 minutes.",
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id, client } = res.json() as { id: string; client: { id: string } };
    const discounts = (await agent.get(`/api/v1/clients/${client.id}/discounts`)).json().items;
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({ percent: 5, coupons: 0 });
    const promises = (await agent.get(`/api/v1/promises?conversation_id=${id}`)).json().items;
    expect(promises).toHaveLength(1);
  });
});

// The New conversation form checks the first message as it is typed with the
// context GET /coach/clients/:id/context gives it: the same facts the check on
// send uses once the conversation exists, so the form shows what sending finds.
describe("the New conversation form's coach context", () => {
  async function newClient(caller: Caller, language: string) {
    const res = await caller.post('/api/v1/clients', {
      name: 'Kairat Nurlanov',
      language,
      emails: [`c-${randomUUID().slice(0, 8)}@example.test`],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }

  it('is a first reply to the client, with the override only for a supervisor', async () => {
    const client = await newClient(agent, 'ru');
    const res = await agent.get(`/api/v1/coach/clients/${client.id}/context?channel=email`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      conversation_id: null,
      language: 'ru',
      is_first_reply: true,
      channel: 'email',
      agent: { name: 'Ana Agent' },
      client: { name: 'Kairat Nurlanov', language: 'ru' },
      abilities: { override: false },
    });
    const lead = await supervisor.get(`/api/v1/coach/clients/${client.id}/context?channel=sms`);
    expect(lead.json()).toMatchObject({ channel: 'sms', abilities: { override: true } });
  });

  it('finds in the draft what the check on send finds in the first message, in each language', async () => {
    const drafts = {
      en: "I don't know. Calm down, please.",
      es: 'No lo sé. Cálmese, por favor.',
      hu: 'Nem tudom. Nyugodjon meg, kérem.',
      ro: 'Nu știu. Calmați-vă, vă rog.',
      kk: 'Білмеймін. Тынышталыңыз, өтінемін.',
      ru: 'Не знаю. Успокойтесь, пожалуйста.',
    };
    for (const [language, text] of Object.entries(drafts)) {
      const client = await newClient(agent, language);
      const context = (
        await agent.get(`/api/v1/coach/clients/${client.id}/context?channel=email`)
      ).json();
      const rules = (await agent.get(`/api/v1/coach/rules?language=${language}`)).json().items;
      const { checkDraft } = await import('../../../shared/coach/index.ts');
      const { toCoachContext } = await import('../../../shared/api/coach.ts');
      const inForm = checkDraft(text, {
        rules: rules.map((r: Record<string, unknown>) => ({
          id: r.id,
          language: r.language,
          pattern: r.pattern,
          except: r.except,
          why: r.why,
          rewrite: r.rewrite ?? undefined,
          rewriteScope: r.rewrite_scope,
          policy: r.policy,
          category: r.category,
          enabled: r.enabled,
        })),
        context: toCoachContext(context),
      });
      expect(inForm.policy, language).toBe('block');
      const sent = await agent.post('/api/v1/conversations', {
        client_id: client.id,
        subject: 'Your order',
        channel: 'email',
        direction: 'outbound',
        message: { body_text: text },
      });
      expect(sent.statusCode, sent.body).toBe(422);
      const onSend = (sent.json().error.findings as { rule_id: string }[]).map((f) => f.rule_id);
      expect(new Set(onSend), language).toEqual(new Set(inForm.findings.map((f) => f.ruleId)));
      expect(onSend, language).toContain(`${language}.calm-down`);
    }
  });

  it('is not found from another workspace, and names a bad channel (400)', async () => {
    const elsewhere = await newWorkspace(t);
    const client = await newClient(elsewhere.admin, 'en');
    const res = await agent.get(`/api/v1/coach/clients/${client.id}/context?channel=email`);
    expect(res.statusCode).toBe(404);
    const own = await newClient(agent, 'en');
    const bad = await agent.get(`/api/v1/coach/clients/${own.id}/context?channel=chat`);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('channel');
  });
});
