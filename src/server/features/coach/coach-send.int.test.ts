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
let other: TestWorkspace;
let agent: Caller;
let supervisor: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana García');
  supervisor = await ws.addUser('supervisor', 'Bence Kovács');
});
afterAll(() => t.close());

async function open(caller: Caller, language = 'en', name = 'Kairat Nurlanov') {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name, language },
    subject: 'Help',
    channel: 'chat',
    direction: 'inbound',
    message: { body_text: 'Where is my order?' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const reply = (caller: Caller, id: string, body_text: string, extra = {}) =>
  caller.post(`/api/v1/conversations/${id}/messages`, {
    direction: 'outbound',
    body_text,
    ...extra,
  });

async function coachRulesOf(messageId: string) {
  const row = await t.database.db
    .selectFrom('messages')
    .select('coach_rules')
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  return row.coach_rules;
}

async function messageCount(caller: Caller, id: string) {
  return (await caller.get(`/api/v1/conversations/${id}`)).json().message_count as number;
}

const DONT_KNOW_NOT_MY_JOB = {
  en: "I don't know, that's not my job.",
  es: 'No sé, ese no es mi trabajo.',
  hu: 'Nem tudom, ez nem az én dolgom.',
  ro: 'Nu știu, nu e treaba mea.',
  kk: 'Білмеймін, бұл менің жұмысым емес.',
  ru: 'Не знаю, это не моя работа.',
};

// A forbidden expression (policy block by default) in each language.
const CALM_DOWN = {
  en: 'Calm down, please.',
  es: 'Cálmese, por favor.',
  hu: 'Nyugodjon meg, kérem.',
  ro: 'Calmați-vă, vă rog.',
  kk: 'Сабыр етіңіз, өтінемін.',
  ru: 'Успокойтесь, пожалуйста.',
};

describe('the reply coach on send', () => {
  it('"I don\'t know, that\'s not my job" is sent with a warning in each language, its rules recorded', async () => {
    for (const [language, text] of Object.entries(DONT_KNOW_NOT_MY_JOB)) {
      const c = await open(agent, language);
      const res = await reply(agent, c.id, text);
      expect(res.statusCode, `${language}: ${res.body}`).toBe(201);
      // As well, this first reply neither says who writes nor greets the client by name.
      expect((await coachRulesOf(res.json().id))?.sort(), language).toEqual([
        'check.client-name',
        'check.introduction',
        `${language}.dont-know`,
        `${language}.not-my-job`,
      ]);
    }
  });

  it('refuses a blocked phrase from an agent in each language, with the findings (422), and stores nothing', async () => {
    for (const [language, text] of Object.entries(CALM_DOWN)) {
      const c = await open(agent, language);
      const res = await reply(agent, c.id, text);
      expect(res.statusCode, `${language}: ${res.body}`).toBe(422);
      const error = res.json().error;
      expect(error.code).toBe('coach_blocked');
      expect(error.message).toContain(`${language}.calm-down`);
      expect(error.language).toBe(language);
      const block = error.findings.find((f: { policy: string }) => f.policy === 'block');
      expect(block, language).toMatchObject({ rule_id: `${language}.calm-down`, kind: 'phrase' });
      expect(block.rewrite).toBeTruthy();
      expect(await messageCount(agent, c.id)).toBe(1);
    }
  });

  it('an agent may not override (403); a supervisor sends it with a reason, recorded on the conversation', async () => {
    const c = await open(agent);
    const denied = await reply(agent, c.id, 'Calm down. I am Ana and I will check it.', {
      coach_override: { reason: 'The client asked me to say it' },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/supervisor/);
    expect(await messageCount(agent, c.id)).toBe(1);

    const text = 'Calm down, Kairat. I am Bence and I will check it.';
    expect((await reply(supervisor, c.id, text)).statusCode).toBe(422);
    const noReason = await reply(supervisor, c.id, text, { coach_override: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    expect(Object.keys(noReason.json().error.fields)).toEqual(['coach_override.reason']);

    const sent = await reply(supervisor, c.id, text, {
      coach_override: { reason: 'Quoting the client’s own words back, agreed with them' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(await coachRulesOf(sent.json().id)).toEqual(['en.calm-down']);
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    const override = events.find((e: { type: string }) => e.type === 'message.coach_override');
    expect(override).toMatchObject({
      actor: { kind: 'user', id: supervisor.userId, name: 'Bence Kovács' },
      data: {
        message_id: sent.json().id,
        rules: ['en.calm-down'],
        reason: 'Quoting the client’s own words back, agreed with them',
        findings: [{ rule_id: 'en.calm-down', text: 'Calm down' }],
      },
    });
  });

  it('a supervisor’s override on a reply that is not blocked records nothing', async () => {
    const c = await open(agent);
    const res = await reply(supervisor, c.id, 'Hello Kairat, Bence here. It ships today.', {
      coach_override: { reason: 'just in case' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await coachRulesOf(res.json().id)).toEqual([]);
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items;
    expect(events.map((e: { type: string }) => e.type)).not.toContain('message.coach_override');
  });

  it('does not check internal notes nor the client’s messages; an override belongs on a reply (400)', async () => {
    const c = await open(agent);
    const note = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'He told me to calm down, that is not my problem.',
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(await coachRulesOf(note.json().id)).toBeNull();
    const inbound = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'inbound',
      body_text: 'You are wrong, calm down!',
    });
    expect(inbound.statusCode).toBe(201);
    expect(await coachRulesOf(inbound.json().id)).toBeNull();
    const misplaced = await supervisor.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'x',
      coach_override: { reason: 'why not' },
    });
    expect(misplaced.statusCode).toBe(400);
    expect(Object.keys(misplaced.json().error.fields)).toEqual(['coach_override']);
  });

  it('a default the workspace disabled no longer fires; another workspace still has it', async () => {
    const w = await newWorkspace(t);
    const a = await w.addUser('agent', 'Ioana Popescu');
    expect(
      (await w.admin.patch('/api/v1/coach/rules/ro.calm-down', { enabled: false })).statusCode,
    ).toBe(200);
    const c = await open(a, 'ro');
    const res = await reply(a, c.id, CALM_DOWN.ro);
    expect(res.statusCode, res.body).toBe(201);
    expect(await coachRulesOf(res.json().id)).not.toContain('ro.calm-down');
    const elsewhere = await other.addUser('agent');
    expect(
      (await reply(elsewhere, (await open(elsewhere, 'ro')).id, CALM_DOWN.ro)).statusCode,
    ).toBe(422);
  });

  it('a rule of the workspace fires: a block is refused, a warning recorded', async () => {
    const w = await newWorkspace(t);
    const a = await w.addUser('agent', 'Ioana Popescu');
    const created = await w.admin.post('/api/v1/coach/rules', {
      id: 'no-blame-warehouse',
      language: 'en',
      pattern: '(the|our) warehouse (guys|people) [messed|screwed] up',
      why: { en: 'Do not blame a team in front of the client.' },
      rewrite: 'We made a mistake with your order, and I am fixing it now.',
      policy: 'block',
    });
    expect(created.statusCode, created.body).toBe(201);
    await w.admin.post('/api/v1/coach/rules', {
      id: 'tbh',
      language: 'en',
      pattern: 'tbh | to be honest',
      why: { en: 'It suggests you were not honest before.' },
      rewrite_scope: 'none',
      policy: 'warn',
    });
    const c = await open(a);
    const blocked = await reply(a, c.id, 'Hi Kairat, Ioana here. The warehouse guys messed up.');
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.findings).toContainEqual(
      expect.objectContaining({
        rule_id: 'no-blame-warehouse',
        policy: 'block',
        text: 'The warehouse guys messed up',
        replace: expect.objectContaining({
          text: 'We made a mistake with your order, and I am fixing it now.',
        }),
      }),
    );
    const warned = await reply(a, c.id, 'Hi Kairat, Ioana here. To be honest, it ships today.');
    expect(warned.statusCode, warned.body).toBe(201);
    expect(await coachRulesOf(warned.json().id)).toEqual(['tbh']);
  });

  it('applies the workspace’s check policies and jargon on send', async () => {
    const w = await newWorkspace(t);
    const a = await w.addUser('agent', 'Ioana Popescu');
    await w.admin.patch('/api/v1/coach/settings', { checks: { introduction: 'block' } });
    await w.admin.post('/api/v1/coach/jargon', { term: 'SKU', plain: 'product code' });
    const c = await open(a);
    const anonymous = await reply(a, c.id, 'Hi Kairat, your SKU is on its way.');
    expect(anonymous.statusCode).toBe(422);
    expect(anonymous.json().error.findings).toMatchObject([
      { rule_id: 'check.jargon', policy: 'hint', text: 'SKU' },
      { rule_id: 'check.introduction', policy: 'block' },
    ]);
    const introduced = await reply(a, c.id, 'Hi Kairat, Ioana here: your SKU is on its way.');
    expect(introduced.statusCode, introduced.body).toBe(201);
    expect(await coachRulesOf(introduced.json().id)).toEqual(['check.jargon']);
    // Not the first reply any more: no introduction needed.
    const next = await reply(a, c.id, 'It arrives tomorrow.');
    expect(next.statusCode).toBe(201);
    expect(await coachRulesOf(next.json().id)).toEqual([]);
  });

  it("answers a reply to another workspace's conversation with 404", async () => {
    const theirs = await open(other.admin);
    expect((await reply(agent, theirs.id, 'Hello')).statusCode).toBe(404);
    expect(
      (
        await reply(supervisor, theirs.id, CALM_DOWN.en, {
          coach_override: { reason: 'testing' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
