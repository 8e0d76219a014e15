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
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
  other = await newWorkspace(t);
});
afterAll(() => t.close());

interface Item {
  id: string;
  number: number;
  subject: string;
  client: { name: string };
}

async function open(
  caller: Caller,
  client: { name: string; email?: string; phone?: string },
  subject: string,
  extra: Record<string, unknown> = {},
) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `${Math.random().toString(36).slice(2)}@example.test`, ...client },
    subject,
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'Hello' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Item;
}

async function search(caller: Caller, q: string, extra = '&view=all') {
  const res = await caller.get(`/api/v1/conversations?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; next_cursor: string | null };
}
const ids = (page: { items: Item[] }) => page.items.map((i) => i.id).sort();

describe('searching the inbox (q)', () => {
  let kovacs: Item;
  let refund: Item;
  let nurs: Item;
  let plain: Item;
  let stranger: Item;

  beforeAll(async () => {
    kovacs = await open(agent, { name: 'Kovács Árpád', email: 'arpad.kovacs@firma.hu' }, 'Invoice');
    refund = await open(agent, { name: 'Lucía Pérez' }, 'Refund delayed for order 5521');
    nurs = await open(agent, { name: 'Нұрсұлтан Әбенов', phone: '+77011234567' }, 'Жеткізу');
    plain = await open(agent, { name: 'Bob Stone' }, 'Hello there');
    // Another workspace holds a conversation matching every search below.
    stranger = await open(
      other.admin,
      { name: 'Kovács Árpád', email: 'arpad.kovacs@firma.hu' },
      'Refund delayed Invoice',
    );
  });

  it('finds a conversation by its number, with or without "#"', async () => {
    expect(ids(await search(agent, `#${plain.number}`))).toEqual([plain.id]);
    expect(ids(await search(agent, `${plain.number}`))).toContain(plain.id);
    expect((await search(agent, '#999999')).items).toEqual([]);
    // A number beyond the column's range is simply no match.
    expect((await search(agent, '#99999999999')).items).toEqual([]);
  });

  it('finds conversations by words starting the subject’s words, any case and accents', async () => {
    expect(ids(await search(agent, 'refund del'))).toEqual([refund.id]);
    expect(ids(await search(agent, 'REFUND'))).toEqual([refund.id]);
    expect(ids(await search(agent, 'жеткизу'))).toEqual([nurs.id]);
    expect((await search(agent, 'refund nothing')).items).toEqual([]);
  });

  it('finds conversations by the client’s name (typos and missing accents too), email and phone', async () => {
    expect(ids(await search(agent, 'Kovacs Arpad'))).toEqual([kovacs.id]);
    expect(ids(await search(agent, 'Kovcas'))).toEqual([kovacs.id]);
    expect(ids(await search(agent, 'Нурсултан'))).toEqual([nurs.id]);
    expect(ids(await search(agent, 'arpad.kovacs@firma.hu'))).toEqual([kovacs.id]);
    expect(ids(await search(agent, 'arpad.kovacs'))).toEqual([kovacs.id]);
    expect(ids(await search(agent, '+7 701 123 4567'))).toEqual([nurs.id]);
  });

  it('never shows another workspace’s conversations', async () => {
    for (const q of ['Kovacs', 'refund', 'arpad.kovacs@firma.hu', 'Invoice']) {
      const found = ids(await search(agent, q));
      expect(found, q).not.toContain(stranger.id);
    }
    // And the other workspace finds only its own.
    expect(ids(await search(other.admin, 'Kovacs'))).toEqual([stranger.id]);
    expect(ids(await search(other.admin, `#${stranger.number}`))).toEqual([stranger.id]);
  });

  it('combines with the view and the filters, and ignores a blank search', async () => {
    expect((await search(agent, 'refund', '&view=all&priority=urgent')).items).toEqual([]);
    expect((await search(agent, 'refund', '&view=unassigned')).items).toHaveLength(1);
    expect((await search(agent, 'refund', '&view=mine')).items).toEqual([]);
    expect((await search(agent, '   ')).items.length).toBeGreaterThanOrEqual(4);
    expect((await search(agent, '!!!')).items).toEqual([]);
  });

  it('pages over the keyset cursor in both sorts', async () => {
    const w = await newWorkspace(t);
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push((await open(w.admin, { name: `Zsófia Tóth ${i}` }, `Shipping ${i}`)).id);
    await open(w.admin, { name: 'Somebody Else' }, 'Other matter');
    for (const sort of ['last_activity', 'sla_due']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await w.admin.get(
          `/api/v1/conversations?view=all&q=shipping&limit=2&sort=${sort}` +
            (cursor ? `&cursor=${cursor}` : ''),
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { items: Item[]; next_cursor: string | null };
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen.sort(), sort).toEqual([...made].sort());
    }
  });

  it('refuses a search that is too long, naming q', async () => {
    const res = await agent.get(`/api/v1/conversations?q=${'a'.repeat(201)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('q');
  });
});
