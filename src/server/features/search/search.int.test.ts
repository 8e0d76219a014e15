import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { sql } from 'kysely';
import { newClient, signedIn } from '../portal/portal.testkit.ts';
import { ingestInboundMessage } from '../conversations/conversation.service.ts';
import { CONFIG_LANGUAGES } from './search-query.ts';
import { search as searchService } from './search.service.ts';
import { withTransaction } from '../../context.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;
let other: TestWorkspace;

interface Item {
  type: 'conversation' | 'message' | 'client' | 'article';
  id: string;
  title: string;
  snippet: string;
  conversation_id: string | null;
  conversation_number: number | null;
  client: { id: string; name: string } | null;
  status: string | null;
  assignee: { id: string; name: string } | null;
  direction: string | null;
  visibility: string | null;
  language: string | null;
  updated_at: string;
  score: number;
}
interface Page {
  items: Item[];
  next_cursor: string | null;
}

const T0 = new Date('2026-11-02T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ now: T0 });
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

async function search(caller: Caller, query: string) {
  const res = await caller.get(`/api/v1/search?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}
const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;
const keys = (page: Page) => page.items.map((i) => `${i.type}:${i.id}`);

async function open(
  caller: Caller,
  o: { subject: string; body: string; client?: Record<string, unknown>; assignee_id?: string },
) {
  const res = await caller.post('/api/v1/conversations', {
    client: o.client ?? { name: 'Bob Stone', email: 'bob@example.test' },
    subject: o.subject,
    channel: 'email',
    direction: 'inbound',
    message: { body_text: o.body },
    ...(o.assignee_id ? { assignee_id: o.assignee_id } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number; client: { id: string } };
}

async function addMessage(caller: Caller, conversationId: string, direction: string, body: string) {
  const res = await caller.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction,
    body_text: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function writeArticle(
  w: TestWorkspace,
  o: { title: string; body: string; visibility: string; state: string; language?: string },
) {
  const category = await w.admin.post('/api/v1/knowledge/categories', {
    translations: { en: { name: `Category ${o.title}` } },
  });
  expect(category.statusCode, category.body).toBe(201);
  const res = await w.admin.post('/api/v1/knowledge/articles', {
    category_id: category.json().id,
    visibility: o.visibility,
    version: {
      language: o.language ?? 'en',
      title: o.title,
      body_markdown: o.body,
      state: o.state,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

describe('searching as an agent', () => {
  let refund: { id: string; number: number; client: { id: string } };
  let warranty: { id: string; number: number };
  let inbound: string;
  let note: string;
  let article: string;
  let georgina: string;
  let strangers: string[];

  beforeAll(async () => {
    const g = await ws.admin.post('/api/v1/clients', {
      name: 'Georgina Pérez López',
      emails: ['georgina.perez@example.es'],
      phones: ['+34 91 555 0101'],
    });
    expect(g.statusCode, g.body).toBe(201);
    georgina = g.json().id;
    t.clock.now = new Date('2026-11-03T09:00:00Z');
    refund = await open(agent, {
      subject: 'Refund for the broken blender',
      body: "The blender arrived broken <script>alert('x')</script>, I want a refund: 5 < 6 & an apology",
      client: { email: 'georgina.perez@example.es' },
      assignee_id: agent.userId,
    });
    const messages = await agent.get(`/api/v1/conversations/${refund.id}/messages`);
    inbound = messages.json().items[0].id;
    note = (await addMessage(agent, refund.id, 'note', 'Refund approved by the supervisor')).id;
    t.clock.now = new Date('2026-11-05T09:00:00Z');
    warranty = await open(agent, {
      subject: 'Blender warranty',
      body: 'Is the blender still under warranty after two years?',
    });
    const resolved = await agent.patch(`/api/v1/conversations/${warranty.id}`, {
      status: 'resolved',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    article = (
      await writeArticle(ws, {
        title: 'Refunds for broken goods',
        body: 'When an item arrives broken we refund it in full.',
        visibility: 'internal',
        state: 'draft',
      })
    ).id;
    // Another workspace holds a match for every search below.
    const s1 = await open(other.admin, {
      subject: 'Refund for the broken blender',
      body: 'The blender arrived broken, I want a refund. Warranty?',
      client: { name: 'Georgina Pérez López', email: 'georgina.perez@example.es' },
    });
    const s2 = await writeArticle(other, {
      title: 'Refunds for broken blenders',
      body: 'We refund broken blenders.',
      visibility: 'public',
      state: 'published',
    });
    const theirMessage = (await other.admin.get(`/api/v1/conversations/${s1.id}/messages`)).json()
      .items[0].id;
    strangers = [
      `conversation:${s1.id}`,
      `message:${theirMessage}`,
      `client:${s1.client.id}`,
      `article:${s2.id}`,
    ];
  });

  it('finds conversations, messages and notes, clients and internal drafts, best first', async () => {
    const page = await search(agent, q('refund'));
    expect(keys(page)).toEqual(
      expect.arrayContaining([
        `conversation:${refund.id}`,
        `message:${inbound}`,
        `message:${note}`,
        `article:${article}`,
      ]),
    );
    const scores = page.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const conversation = page.items.find((i) => i.type === 'conversation')!;
    expect(conversation).toMatchObject({
      title: 'Refund for the broken blender',
      snippet: '<mark>Refund</mark> for the broken blender',
      conversation_id: refund.id,
      conversation_number: refund.number,
      client: { id: georgina, name: 'Georgina Pérez López' },
      status: 'new',
      assignee: { id: agent.userId, name: 'Ana Agent' },
      language: 'en',
      updated_at: '2026-11-03T09:00:00.000Z',
    });
    expect(page.items.find((i) => i.id === note && i.type === 'message')).toMatchObject({
      direction: 'note',
      title: 'Refund for the broken blender',
      conversation_id: refund.id,
      snippet: '<mark>Refund</mark> approved by the supervisor',
    });
    expect(page.items.find((i) => i.type === 'article')).toMatchObject({
      id: article,
      title: 'Refunds for broken goods',
      status: 'draft',
      visibility: 'internal',
      language: 'en',
    });
  });

  it('finds the other forms of a word, in the text of each language', async () => {
    const hu = await open(agent, {
      subject: 'Számla',
      body: 'Jó napot! Kérem, küldjék el a számlát a rendelésemhez. Köszönöm',
    });
    const ru = await open(agent, {
      subject: 'Вопрос',
      body: 'Здравствуйте! Пришлите, пожалуйста, счёт за мои заказы. Спасибо',
    });
    const messages = async (c: { id: string }) =>
      (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json().items[0].id as string;
    // "rendelés" (nominative) finds "rendelésemhez" (possessive + allative).
    const huPage = await search(agent, q('rendelés', '&type=message'));
    expect(keys(huPage)).toEqual([`message:${await messages(hu)}`]);
    expect(huPage.items[0]!.language).toBe('hu');
    expect(huPage.items[0]!.snippet).toContain('<mark>rendelésemhez</mark>');
    // "заказа" (genitive) finds "заказы" (accusative plural).
    const ruPage = await search(agent, q('заказа', '&type=message'));
    expect(keys(ruPage)).toEqual([`message:${await messages(ru)}`]);
    expect(ruPage.items[0]!.language).toBe('ru');
  });

  it('indexes an ingested message in its language, also when it joins a thread in one statement', async () => {
    const contact = { email: 'erlan@example.kz', name: 'Ерлан' };
    const first = await ingestInboundMessage(ws.ctx, {
      contact,
      channel: 'email',
      subject: 'Тапсырыс',
      body_text: 'Сәлеметсіз бе! Тапсырысым қайда? Рахмет',
    });
    // The second one continues the thread (appendInboundToThread).
    const second = await ingestInboundMessage(ws.ctx, {
      contact,
      channel: 'email',
      subject: 'Тапсырыс',
      body_text: 'Сәлеметсіз бе! Жеңілдіктеріңіз бар ма? Рахмет',
    });
    expect(second.conversation.id).toBe(first.conversation.id);
    const page = await search(agent, q('жеңілдік', '&type=message'));
    expect(keys(page)).toEqual([`message:${second.messageId}`]);
    expect(page.items[0]!.language).toBe('kk');
    const conversation = await search(agent, q('тапсырыс', '&type=conversation'));
    expect(conversation.items[0]).toMatchObject({ id: first.conversation.id, language: 'kk' });
  });

  it('finds clients by name, email and phone with typos', async () => {
    for (const text of ['Gerogina', 'georgina perez', 'georgina.peres@example.es', '91 555 0101']) {
      const page = await search(agent, q(text, '&type=client'));
      expect(keys(page)[0], text).toBe(`client:${georgina}`);
      expect(page.items[0]).toMatchObject({
        title: 'Georgina Pérez López',
        client: { id: georgina, name: 'Georgina Pérez López' },
        status: null,
        conversation_id: null,
      });
    }
    const byName = await search(agent, q('georgina', '&type=client'));
    expect(byName.items[0]!.snippet).toBe('<mark>Georgina</mark> Pérez López');
  });

  it('finds a conversation by "#number"', async () => {
    const page = await search(agent, q(`#${warranty.number}`));
    expect(keys(page)).toEqual([`conversation:${warranty.id}`]);
    expect(page.items[0]!.score).toBe(1);
  });

  it('sends snippets as HTML: the text escaped, only the matches marked', async () => {
    const page = await search(agent, q('apology', '&type=message'));
    expect(keys(page)).toEqual([`message:${inbound}`]);
    const { snippet } = page.items[0]!;
    // ts_headline leaves markup-looking tags out of a body's snippet; the rest is escaped.
    expect(snippet).toContain('alert(&#39;x&#39;)');
    expect(snippet).toContain('5 &lt; 6 &amp; an <mark>apology</mark>');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    // A subject and a client's name are escaped as well.
    await open(agent, {
      subject: 'Order <b>urgent</b> & co',
      body: 'Please hurry',
      client: { name: 'Zoë <img src=x onerror=alert(1)>', email: 'zoe@example.test' },
    });
    const subject = await search(agent, q('urgent', '&type=conversation'));
    expect(subject.items[0]!.snippet).toBe('Order &lt;b&gt;<mark>urgent</mark>&lt;/b&gt; &amp; co');
    const client = await search(agent, q('zoë', '&type=client'));
    expect(client.items[0]!.snippet).toBe('<mark>Zoë</mark> &lt;img src=x onerror=alert(1)&gt;');
  });

  it('filters by type, status, assignee and time', async () => {
    const types = (page: Page) => [...new Set(page.items.map((i) => i.type))].sort();
    // Repeated or as a comma list.
    expect(types(await search(agent, q('blender', '&type=conversation&type=article')))).toEqual([
      'conversation',
    ]);
    expect(types(await search(agent, q('refund', '&type=message,article')))).toEqual([
      'article',
      'message',
    ]);
    // A conversation status keeps conversations and their messages only.
    const resolved = await search(agent, q('blender', '&status=resolved'));
    expect(keys(resolved).sort()).toEqual(expect.arrayContaining([`conversation:${warranty.id}`]));
    expect(resolved.items.every((i) => i.status === 'resolved')).toBe(true);
    // An article state keeps articles only.
    // (The default knowledge base of a new workspace is drafts: one of them speaks of refunds.)
    const drafts = await search(agent, q('refund', '&status=draft'));
    expect(keys(drafts)).toContain(`article:${article}`);
    expect(drafts.items.every((i) => i.type === 'article' && i.status === 'draft')).toBe(true);
    expect((await search(agent, q('refund', '&status=published'))).items).toEqual([]);
    // The assignee keeps their conversations and those conversations' messages.
    const mine = await search(agent, q('blender', `&assignee_id=${agent.userId}`));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.conversation_id === refund.id)).toBe(true);
    // Time: the warranty conversation changed on the 5th, the refund one on the 3rd.
    const early = await search(
      agent,
      q('blender', '&type=conversation&from=2026-11-03T00:00:00Z&to=2026-11-04T00:00:00Z'),
    );
    expect(keys(early)).toEqual([`conversation:${refund.id}`]);
  });

  it('finds the same inside a caller’s transaction, its parts then asked in turn', async () => {
    // Alone, the types are asked at once, each in a transaction of its own; in a
    // transaction, on its connection (PGlite has one: a part outside it would wait forever).
    const ctx = {
      ...ws.ctx,
      actor: { kind: 'user', userId: agent.userId, role: 'agent', via: 'token' },
    } as const;
    const show = (items: { type: string; id: string; score: number }[]) =>
      items.map((i) => `${i.type}:${i.id}:${i.score}`);
    for (const [text, types] of [
      ['refund', ['conversation', 'message', 'article']],
      ['Gerogina', ['client']],
    ] as const) {
      const alone = await search(agent, q(text));
      expect(alone.items.map((i) => i.type)).toEqual(expect.arrayContaining([...types]));
      const inside = await withTransaction(ctx, (tx) => searchService(tx, { q: text, limit: 20 }));
      expect(show(inside.items)).toEqual(show(alone.items));
    }
  });

  it("never shows another workspace's records", async () => {
    for (const text of ['refund', 'blender', 'warranty', 'Georgina', 'georgina.perez@example.es']) {
      const page = await search(agent, q(text, '&limit=50'));
      expect(page.items.length, text).toBeGreaterThan(0);
      for (const key of keys(page)) expect(strangers, text).not.toContain(key);
    }
    // The other workspace sees its own and none of ours.
    const theirs = await search(other.admin, q('refund blender', '&limit=50'));
    expect(keys(theirs)).toEqual(
      expect.arrayContaining(strangers.filter((k) => !k.startsWith('client'))),
    );
    expect(keys(theirs)).not.toContain(`conversation:${refund.id}`);
    expect(keys(theirs)).not.toContain(`article:${article}`);
    // Another workspace's user as the assignee: nothing, not an error.
    const res = await agent.get(
      `/api/v1/search?${q('blender', `&assignee_id=${other.admin.userId}`)}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('is for signed-in members only: neither a stranger nor a client of the portal', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/search?${q('refund')}` });
    expect(anonymous.statusCode).toBe(401);
    const client = await newClient(ws, { name: 'Portal Paula' });
    const browser = await signedIn(t, ws, client.id, client.email);
    const portal = await browser.get(`/api/v1/search?${q('refund')}`);
    expect(portal.statusCode).toBe(401);
    // Every role of the workspace reads what an agent reads.
    const supervisor = await ws.addUser('supervisor');
    expect(keys(await search(supervisor, q('refund')))).toEqual(
      keys(await search(agent, q('refund'))),
    );
  });

  it.each([
    ['', 'q'],
    ['q=', 'q'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['q=refund&type=ticket', 'type'],
    ['q=refund&type=message,tickets', 'type'],
    ['q=refund&status=done', 'status'],
    ['q=refund&assignee_id=abc', 'assignee_id'],
    ['q=refund&from=yesterday', 'from'],
    ['q=refund&from=2026-11-05T00:00:00Z&to=2026-11-04T00:00:00Z', 'to'],
    ['q=refund&limit=0', 'limit'],
    ['q=refund&limit=51', 'limit'],
    ['q=refund&cursor=nonsense', 'cursor'],
    [`q=refund&cursor=${Buffer.from('["1e9","message","1"]').toString('base64url')}`, 'cursor'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await agent.get(`/api/v1/search?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(Object.keys(res.json().error.fields)).toContain(field);
  });
});

describe('the configurations', () => {
  it('index each language with language_ts_config, as the articles are', async () => {
    for (const [config, languages] of Object.entries(CONFIG_LANGUAGES)) {
      for (const language of languages) {
        const { rows } = await sql<{ config: string }>`
          select language_ts_config(coalesce(${language}::text, ''))::text as config`.execute(
          t.database.db,
        );
        expect(rows[0]!.config, String(language)).toBe(config);
      }
    }
  });
});

describe('paging through results', () => {
  let w: TestWorkspace;

  beforeAll(async () => {
    w = await newWorkspace(t);
    // Many equal scores (the same subject, the same words) across every type, so
    // the tie-breaks (type, then id) decide where pages end.
    for (let i = 0; i < 8; i++) {
      const c = await open(w.admin, {
        subject: 'Zebra crossing',
        body: 'The zebra stripes are fading',
        client: { name: `Zebra Kovács ${i}`, email: `zebra${i}@example.test` },
      });
      if (i % 3 === 0) await addMessage(w.admin, c.id, 'note', 'zebra stripes repainted');
    }
    await writeArticle(w, {
      title: 'Zebra crossings',
      body: 'How we paint zebra stripes.',
      visibility: 'public',
      state: 'published',
    });
  });

  async function all(caller: Caller, text: string, limit: number) {
    const seen: Item[] = [];
    let cursor = '';
    for (let pages = 0; pages < 50; pages++) {
      const page = await search(caller, q(text, `&limit=${limit}${cursor}`));
      seen.push(...page.items);
      if (!page.next_cursor) return seen;
      cursor = `&cursor=${page.next_cursor}`;
    }
    throw new Error('more pages than expected');
  }

  it('neither repeats nor skips a result, whatever the page size', async () => {
    const whole = await search(w.admin, q('zebra', '&limit=50'));
    expect(whole.next_cursor).toBeNull();
    // 8 conversations, 8 first messages, 3 notes, 8 clients, 1 article.
    expect(whole.items.length).toBe(28);
    const expected = keys(whole);
    for (const size of [1, 3, 7, 10]) {
      const paged = (await all(w.admin, 'zebra', size)).map((i) => `${i.type}:${i.id}`);
      expect(paged, `pages of ${size}`).toEqual(expected);
    }
  });

  it('keeps its place when a new match arrives between pages', async () => {
    const before = keys(await search(w.admin, q('zebra', '&limit=50')));
    const first = await search(w.admin, q('zebra', '&limit=5'));
    await open(w.admin, {
      subject: 'Zebra crossing',
      body: 'Another zebra',
      client: { name: 'Zebra Late', email: 'zebra-late@example.test' },
    });
    const seen = keys(first);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await search(w.admin, q('zebra', `&limit=5&cursor=${cursor}`));
      seen.push(...keys(page));
      cursor = page.next_cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Everything there before shows once; the newcomer shows where the pages still were.
    expect(before.filter((k) => !seen.includes(k))).toEqual([]);
  });
});
