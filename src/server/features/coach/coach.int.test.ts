import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { DEFAULT_KEYS } from '../../../shared/coach/index.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let agent: Caller;
let supervisor: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ioana Popescu');
  supervisor = await ws.addUser('supervisor', 'Bence Kovács');
});
afterAll(() => t.close());

const RULES = '/api/v1/coach/rules';
const JARGON = '/api/v1/coach/jargon';

interface RuleJson {
  id: string;
  language: string;
  policy: string;
  enabled: boolean;
  source: string;
  changed: boolean;
  pattern: string;
  why: Record<string, string>;
  abilities: { update: boolean; delete: boolean };
}

async function rulesOf(caller: Caller, language: string): Promise<RuleJson[]> {
  const res = await caller.get(`${RULES}?language=${language}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

const newRule = (extra: Record<string, unknown> = {}) => ({
  language: 'en',
  pattern: '(the|our) warehouse (guys|people)',
  why: { en: 'Name the team, not "the guys": the client should feel a company behind you.' },
  rewrite: 'Our warehouse team will check it today.',
  policy: 'warn',
  ...extra,
});

describe('the rules of a language', () => {
  it('lists the defaults, enabled, read-only for an agent and editable for a supervisor', async () => {
    const mine = await rulesOf(agent, 'ro');
    expect(mine.map((r) => r.id)).toEqual(DEFAULT_KEYS.map((k) => `ro.${k}`));
    expect(mine.every((r) => r.enabled && r.source === 'default' && !r.changed)).toBe(true);
    expect(mine.find((r) => r.id === 'ro.calm-down')).toMatchObject({
      policy: 'block',
      abilities: { update: false, delete: false },
    });
    // The explanation is there in every interface language.
    expect(Object.keys(mine[0]!.why).sort()).toEqual(['en', 'es', 'hu', 'kk', 'ro', 'ru']);
    const theirs = (await supervisor.get(`${RULES}?language=ro`)).json();
    expect(theirs.abilities).toEqual({ create: true });
    expect(theirs.items[0].abilities).toEqual({ update: true, delete: false });
    expect((await agent.get(`${RULES}?language=ro`)).json().abilities).toEqual({ create: false });
  });

  it('asks for a known language (400 naming it)', async () => {
    for (const url of [RULES, `${RULES}?language=de`]) {
      const res = await agent.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('language');
    }
  });
});

describe("a workspace's own rules", () => {
  it('a supervisor adds one: it has an id, lists after the defaults of its language only, and an event', async () => {
    const res = await supervisor.post(RULES, newRule());
    expect(res.statusCode, res.body).toBe(201);
    const rule = res.json();
    expect(rule).toMatchObject({
      id: expect.stringMatching(/^custom-\d+$/),
      language: 'en',
      policy: 'warn',
      rewrite_scope: 'sentence',
      category: 'custom',
      enabled: true,
      source: 'workspace',
      abilities: { update: true, delete: true },
    });
    const en = await rulesOf(agent, 'en');
    expect(en.at(-1)!.id).toBe(rule.id);
    expect(en.at(-1)!.abilities).toEqual({ update: false, delete: false });
    expect((await rulesOf(agent, 'es')).map((r) => r.id)).not.toContain(rule.id);
    const events = await t.database.db
      .selectFrom('events')
      .select(['type', 'actor_user_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('type', 'like', 'coach_rule.%')
      .execute();
    expect(events).toContainEqual({ type: 'coach_rule.created', actor_user_id: supervisor.userId });
  });

  it('takes an id of its own choosing, once (409), never a default’s or a language’s prefix (400)', async () => {
    const res = await ws.admin.post(RULES, newRule({ id: 'rude-warehouse', policy: 'hint' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().id).toBe('rude-warehouse');
    const again = await ws.admin.post(RULES, newRule({ id: 'rude-warehouse' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields).toEqual({ id: 'is taken' });
    for (const id of ['en.dont-know', 'en.my-own', 'check.jargon']) {
      const reserved = await ws.admin.post(RULES, newRule({ id }));
      expect(reserved.statusCode, id).toBe(400);
      expect(Object.keys(reserved.json().error.fields)).toEqual(['id']);
    }
  });

  it('an agent may not add, change or delete a rule (403)', async () => {
    const mine = (await supervisor.post(RULES, newRule())).json();
    expect((await agent.post(RULES, newRule())).statusCode).toBe(403);
    expect((await agent.patch(`${RULES}/${mine.id}`, { policy: 'block' })).statusCode).toBe(403);
    expect((await agent.patch(`${RULES}/en.no`, { enabled: false })).statusCode).toBe(403);
    expect((await agent.delete(`${RULES}/${mine.id}`)).statusCode).toBe(403);
    expect((await rulesOf(agent, 'en')).find((r) => r.id === mine.id)?.policy).toBe('warn');
  });

  it('answers a bad rule with 400 naming the field, and stores nothing', async () => {
    const before = (await rulesOf(ws.admin, 'en')).length;
    const cases: [Record<string, unknown>, string, RegExp?][] = [
      [newRule({ pattern: '(we|they never' }), 'pattern', /bracket/],
      [newRule({ pattern: '[maybe] [perhaps]' }), 'pattern', /only optional/],
      [newRule({ pattern: 'we ... ' }), 'pattern', /\.\.\./],
      [newRule({ pattern: 'a{2,}' }), 'pattern', /character/],
      [newRule({ pattern: '' }), 'pattern'],
      [newRule({ except: ['fine', 'no (problem'] }), 'except.1', /bracket/],
      [newRule({ language: 'de' }), 'language'],
      [newRule({ policy: 'shout' }), 'policy'],
      [newRule({ why: {} }), 'why'],
      [newRule({ why: { en: '   ' } }), 'why.en'],
      [newRule({ rewrite_scope: 'page' }), 'rewrite_scope'],
      [newRule({ id: 'Has Spaces' }), 'id'],
      [{ ...newRule(), colour: 'red' }, ''],
    ];
    for (const [body, field, message] of cases) {
      const res = await ws.admin.post(RULES, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const fields = res.json().error.fields ?? {};
      if (field) expect(Object.keys(fields), JSON.stringify(body)).toContain(field);
      if (message) expect(fields[field]).toMatch(message);
    }
    expect((await rulesOf(ws.admin, 'en')).length).toBe(before);
  });

  it('edits and deletes its own rule; a bad edit changes nothing', async () => {
    const mine = (await ws.admin.post(RULES, newRule())).json();
    const bad = await ws.admin.patch(`${RULES}/${mine.id}`, { pattern: 'warehouse (guys' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['pattern']);
    const res = await ws.admin.patch(`${RULES}/${mine.id}`, {
      policy: 'block',
      why: { ro: 'Numiți echipa, nu „băieții”.' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      policy: 'block',
      pattern: mine.pattern,
      why: { en: mine.why.en, ro: 'Numiți echipa, nu „băieții”.' },
    });
    expect((await ws.admin.delete(`${RULES}/${mine.id}`)).statusCode).toBe(204);
    expect((await rulesOf(ws.admin, 'en')).map((r) => r.id)).not.toContain(mine.id);
    expect((await ws.admin.patch(`${RULES}/${mine.id}`, { policy: 'hint' })).statusCode).toBe(404);
    expect((await ws.admin.delete(`${RULES}/${mine.id}`)).statusCode).toBe(404);
  });
});

describe('changing a default for the workspace', () => {
  it('disables and enables one, changes its policy, and a reset brings it back as built in', async () => {
    const off = await supervisor.patch(`${RULES}/hu.never`, { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({
      id: 'hu.never',
      enabled: false,
      source: 'default',
      changed: false,
      abilities: { delete: true },
    });
    expect((await rulesOf(agent, 'hu')).find((r) => r.id === 'hu.never')?.enabled).toBe(false);

    const stricter = await supervisor.patch(`${RULES}/hu.never`, {
      enabled: true,
      policy: 'warn',
      rewrite: 'Amint megérkezik, azonnal szólok.',
    });
    expect(stricter.json()).toMatchObject({ enabled: true, policy: 'warn', changed: true });
    // Another workspace keeps the default as it is.
    expect((await rulesOf(other.admin, 'hu')).find((r) => r.id === 'hu.never')).toMatchObject({
      policy: 'hint',
      enabled: true,
      changed: false,
    });

    const bad = await supervisor.patch(`${RULES}/hu.never`, { except: ['soha (többé'] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['except.0']);

    expect((await supervisor.delete(`${RULES}/hu.never`)).statusCode).toBe(204);
    expect((await rulesOf(agent, 'hu')).find((r) => r.id === 'hu.never')).toMatchObject({
      policy: 'hint',
      enabled: true,
      changed: false,
      abilities: { delete: false },
    });
  });

  it('answers an unknown rule id with 404, a malformed one too', async () => {
    expect((await ws.admin.patch(`${RULES}/en.no-such-rule`, { policy: 'hint' })).statusCode).toBe(
      404,
    );
    expect((await ws.admin.patch(`${RULES}/NOT%20AN%20ID`, { policy: 'hint' })).statusCode).toBe(
      404,
    );
  });

  it("never shows or changes another workspace's rule (404)", async () => {
    const mine = (await ws.admin.post(RULES, newRule({ id: 'only-here' }))).json();
    expect((await rulesOf(other.admin, 'en')).map((r) => r.id)).not.toContain(mine.id);
    expect((await other.admin.patch(`${RULES}/${mine.id}`, { policy: 'block' })).statusCode).toBe(
      404,
    );
    expect((await other.admin.delete(`${RULES}/${mine.id}`)).statusCode).toBe(404);
    expect((await rulesOf(ws.admin, 'en')).find((r) => r.id === mine.id)?.policy).toBe('warn');
  });
});

describe('the jargon list', () => {
  it('a supervisor adds, pages, edits and removes terms; an agent reads them', async () => {
    const created = [];
    for (const [term, plain] of [
      ['SKU', 'product code'],
      ['RMA', 'return number'],
      ['backorder*', null],
    ] as const) {
      const res = await supervisor.post(JARGON, { term, plain, language: 'en' });
      expect(res.statusCode, res.body).toBe(201);
      created.push(res.json());
    }
    expect(created[0]).toMatchObject({
      term: 'SKU',
      plain: 'product code',
      language: 'en',
      abilities: { update: true, delete: true },
    });
    const first = (await agent.get(`${JARGON}?limit=2`)).json();
    expect(first.items.map((j: { term: string }) => j.term)).toEqual(['backorder*', 'RMA']);
    expect(first.items[0].abilities).toEqual({ update: false, delete: false });
    const second = (await agent.get(`${JARGON}?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.items.map((j: { term: string }) => j.term)).toEqual(['SKU']);
    expect(second.next_cursor).toBeNull();

    const patched = await supervisor.patch(`${JARGON}/${created[1].id}`, {
      plain: 'the return number we sent you',
      language: null,
    });
    expect(patched.json()).toMatchObject({
      plain: 'the return number we sent you',
      language: null,
    });
    expect((await agent.get(`${JARGON}/${created[1].id}`)).json().language).toBeNull();
    expect((await supervisor.delete(`${JARGON}/${created[2].id}`)).statusCode).toBe(204);
    expect((await agent.get(`${JARGON}/${created[2].id}`)).statusCode).toBe(404);
  });

  it('keeps a term once per language (409), refuses bad input (400) and agents (403)', async () => {
    await ws.admin.post(JARGON, { term: 'ETA', language: 'es' });
    const dup = await ws.admin.post(JARGON, { term: 'eta', language: 'es' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toEqual({ term: 'is in the list' });
    expect((await ws.admin.post(JARGON, { term: 'eta', language: 'ro' })).statusCode).toBe(201);
    const cases: [Record<string, unknown>, string][] = [
      [{ term: '' }, 'term'],
      [{ term: '(a|b)' }, 'term'],
      [{ term: 'x'.repeat(121) }, 'term'],
      [{ term: 'ok', plain: '' }, 'plain'],
      [{ term: 'ok', language: 'xx' }, 'language'],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(JARGON, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json().error.fields)).toContain(field);
    }
    expect((await agent.post(JARGON, { term: 'KPI' })).statusCode).toBe(403);
    const mine = (await ws.admin.post(JARGON, { term: 'KPI' })).json();
    expect((await agent.patch(`${JARGON}/${mine.id}`, { plain: 'x' })).statusCode).toBe(403);
    expect((await agent.delete(`${JARGON}/${mine.id}`)).statusCode).toBe(403);
    expect((await other.admin.get(`${JARGON}/${mine.id}`)).statusCode).toBe(404);
    expect((await other.admin.patch(`${JARGON}/${mine.id}`, { plain: 'x' })).statusCode).toBe(404);
    expect((await other.admin.delete(`${JARGON}/${mine.id}`)).statusCode).toBe(404);
    expect((await other.admin.get(JARGON)).json().items).toEqual([]);
  });
});

describe('the settings of the further checks', () => {
  it('start from the defaults; a supervisor changes them, an agent may not, bad values are 400', async () => {
    const w = await newWorkspace(t);
    const sup = await w.addUser('supervisor');
    const ag = await w.addUser('agent');
    expect((await ag.get('/api/v1/coach/settings')).json()).toEqual({
      checks: { introduction: 'warn', client_name: 'hint', jargon: 'hint' },
      abilities: { update: false },
    });
    const res = await sup.patch('/api/v1/coach/settings', { checks: { jargon: 'warn' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      checks: { introduction: 'warn', client_name: 'hint', jargon: 'warn' },
      abilities: { update: true },
    });
    expect(
      (await ag.patch('/api/v1/coach/settings', { checks: { jargon: 'off' } })).statusCode,
    ).toBe(403);
    const bad = await sup.patch('/api/v1/coach/settings', { checks: { introduction: 'loud' } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['checks.introduction']);
    expect((await other.admin.get('/api/v1/coach/settings')).json().checks.jargon).toBe('hint');
  });
});

describe('checking a text', () => {
  const DONT_KNOW_NOT_MY_JOB = {
    en: "I don't know, that's not my job.",
    es: 'No sé, ese no es mi trabajo.',
    hu: 'Nem tudom, ez nem az én dolgom.',
    ro: 'Nu știu, nu e treaba mea.',
    kk: 'Білмеймін, бұл менің жұмысым емес.',
    ru: 'Не знаю, это не моя работа.',
  };

  it('"I don\'t know, that\'s not my job" is warned about in each of the six languages, with a better wording', async () => {
    for (const [language, text] of Object.entries(DONT_KNOW_NOT_MY_JOB)) {
      const res = await agent.post('/api/v1/coach/check', { text });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json();
      expect(result.language, text).toBe(language);
      expect(result.policy, text).toBe('warn');
      const ids = result.findings.map((f: { rule_id: string }) => f.rule_id);
      expect(ids, text).toEqual([`${language}.dont-know`, `${language}.not-my-job`]);
      for (const f of result.findings) {
        expect(f.rewrite, text).toBeTruthy();
        expect(f.replace, text).not.toBeNull();
        expect(text.slice(f.start, f.end)).toBe(f.text);
      }
    }
  });

  it('explains in the reader’s language and applies the workspace’s rules and jargon', async () => {
    const w = await newWorkspace(t);
    await w.admin.post(JARGON, { term: 'SKU', plain: 'product code' });
    await w.admin.patch(`${RULES}/en.dont-know`, { enabled: false });
    const res = await w.admin.post('/api/v1/coach/check', {
      text: "I don't know your SKU.",
      language: 'en',
    });
    const findings = res.json().findings;
    expect(findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['check.jargon']);
    expect(findings[0]).toMatchObject({ text: 'SKU', replace: { text: 'product code' } });
    expect(res.json().policy).toBe('hint');
  });

  it('answers bad input with 400 naming the field, and another workspace’s conversation with 404', async () => {
    const bad = await agent.post('/api/v1/coach/check', { text: 'x', language: 'de' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['language']);
    const c = (
      await other.admin.post('/api/v1/conversations', {
        client: { name: 'Someone' },
        subject: 'x',
        channel: 'chat',
        direction: 'inbound',
        message: { body_text: 'Hello?' },
      })
    ).json();
    expect(
      (await agent.post('/api/v1/coach/check', { text: 'Hi', conversation_id: c.id })).statusCode,
    ).toBe(404);
    expect((await agent.get(`/api/v1/coach/conversations/${c.id}/context`)).statusCode).toBe(404);
  });

  it('gives the composer the context a reply is checked in', async () => {
    const c = (
      await agent.post('/api/v1/conversations', {
        client: { name: 'Popescu Ana', email: `a-${Math.random()}@example.test`, language: 'ro' },
        subject: 'Comanda',
        channel: 'email',
        direction: 'inbound',
        message: { body_text: 'Unde este comanda mea?' },
      })
    ).json();
    const res = await agent.get(`/api/v1/coach/conversations/${c.id}/context`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      conversation_id: c.id,
      language: 'ro',
      is_first_reply: true,
      channel: 'email',
      agent: { name: 'Ioana Popescu', team: null },
      client: { name: 'Popescu Ana', language: 'ro' },
      checks: { introduction: 'warn', client_name: 'hint', jargon: 'hint' },
      abilities: { override: false },
    });
    const theirs = (await supervisor.get(`/api/v1/coach/conversations/${c.id}/context`)).json();
    expect(theirs).toMatchObject({
      agent: { name: 'Bence Kovács' },
      abilities: { override: true },
    });
  });
});
