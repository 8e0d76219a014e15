// The window-by-window match on a real database: small windows find exactly
// what one query over every id finds, with filters and a conversation's number.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import {
  MATCH_CAP,
  inConfigIndex,
  matchConversations,
  matchMessages,
} from './search-matches.repo.ts';
import { CONFIG_LANGUAGES, SEARCH_CONFIGS, buildConfigQueries } from './search-query.ts';
import { SEARCH_RANGE_SIZE } from './search-ranges.ts';

const CONFIG_CODES = Object.fromEntries(
  Object.entries(CONFIG_LANGUAGES).map(([config, codes]) => [config, codes[0]]),
);
import { stemWords } from './search.repo.ts';

let t: TestApp;
let ws: TestWorkspace;
let conversationIds: string[];
const WHOLE = 1e12;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  const agent = await ws.addUser('agent', 'Ana Agent');
  conversationIds = [];
  for (let k = 0; k < 12; k++) {
    const res = await agent.post('/api/v1/conversations', {
      client: { name: `Client ${k}`, email: `client${k}@example.test` },
      subject: k % 3 === 0 ? `Rendelés ${k} nem érkezett meg` : `Kérdés a számláról ${k}`,
      channel: 'email',
      direction: 'inbound',
      message: { body_text: 'Jó napot! Kérdésem van, köszönöm.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    conversationIds.push(res.json().id);
  }
  // 1,800 more messages in turn over the conversations, a third of them
  // holding the word: more than MATCH_CAP, spread over many windows.
  await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text, language)
    select ${ws.workspaceId}, (${sql.val(conversationIds)}::bigint[])[1 + k % 12], 'inbound', 'email',
      case when k % 3 = 0 then 'A rendelésemet még nem kaptam meg, kérem segítsenek.'
           else 'Köszönöm a gyors választ, minden rendben van.' end, 'hu'
    from generate_series(1, 1800) k`.execute(t.database.db);
  await sql`update conversations set status = 'open' where workspace_id = ${ws.workspaceId}
    and id = any(${sql.val(conversationIds.slice(0, 4))}::bigint[])`.execute(t.database.db);
});
afterAll(() => t.close());

async function queriesFor(text: string) {
  return buildConfigQueries(await stemWords(t.database.db, text.split(' ')));
}

describe('matching window by window', () => {
  it('finds the newest messages holding the words, whatever the windows', async () => {
    const queries = await queriesFor('rendelés');
    const truth = await sql<{ id: string }>`select id from messages
      where workspace_id = ${ws.workspaceId} and body_text like '%rendelés%'
      order by id desc limit ${MATCH_CAP}`.execute(t.database.db);
    expect(truth.rows).toHaveLength(MATCH_CAP);
    for (const [firstWindowIds, rangeSize] of [
      [1, undefined],
      [7, undefined],
      [60, undefined],
      [WHOLE, undefined],
      // Ranges of the word indexes smaller than the data: windows stop at each range's start.
      [WHOLE, 97],
      [60, 113],
    ] as const) {
      const ids = await matchMessages(t.database.db, ws.workspaceId, {
        queries,
        filters: {},
        firstWindowIds,
        rangeSize,
      });
      expect(ids, `first window ${firstWindowIds}, ranges ${rangeSize}`).toEqual(
        truth.rows.map((r) => r.id),
      );
    }
  });

  it('finds a rare word with a common one over whole ranges, as one query over every id does', async () => {
    // A rare word in a few old messages, with the common word in some of them only:
    // over several ranges the index is asked the rarer word, the other checked on its rows.
    await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text, language)
      select ${ws.workspaceId}, ${conversationIds[0]}, 'inbound', 'email',
        case when k % 2 = 0 then 'A zöldalma rendelésemet még nem kaptam meg.'
             else 'Zöldalma? Köszönöm, minden rendben van.' end, 'hu'
      from generate_series(1, 6) k`.execute(t.database.db);
    await sql`insert into messages (workspace_id, conversation_id, direction, channel, body_text, language)
      select ${ws.workspaceId}, ${conversationIds[1]}, 'inbound', 'email',
        'A rendelésemet még nem kaptam meg, kérem segítsenek.', 'hu'
      from generate_series(1, 400) k`.execute(t.database.db);
    const truth = await sql<{ id: string }>`select id from messages
      where workspace_id = ${ws.workspaceId} and body_text ilike '%zöldalma%'
        and body_text like '%rendelés%'
      order by id desc`.execute(t.database.db);
    expect(truth.rows).toHaveLength(3);
    for (const text of ['zöldalma rendelés', 'rendelés zöldalma']) {
      const queries = await queriesFor(text);
      for (const [firstWindowIds, rangeSize] of [
        [1, 50],
        [60, 113],
        [WHOLE, undefined],
      ] as const) {
        const ids = await matchMessages(t.database.db, ws.workspaceId, {
          queries,
          filters: {},
          firstWindowIds,
          rangeSize,
        });
        expect(ids, `${text}: first window ${firstWindowIds}, ranges ${rangeSize}`).toEqual(
          truth.rows.map((r) => r.id),
        );
      }
    }
  });

  it('applies the filters in every window', async () => {
    const queries = await queriesFor('rendelésemet');
    const open = conversationIds.slice(0, 4);
    const truth = await sql<{ id: string }>`select id from messages
      where workspace_id = ${ws.workspaceId} and body_text like '%rendelés%'
        and conversation_id = any(${sql.val(open)}::bigint[])
      order by id desc limit ${MATCH_CAP}`.execute(t.database.db);
    expect(truth.rows.length).toBeGreaterThan(100);
    for (const firstWindowIds of [5, WHOLE]) {
      const ids = await matchMessages(t.database.db, ws.workspaceId, {
        queries,
        filters: { statuses: ['open'] },
        firstWindowIds,
      });
      expect(ids).toEqual(truth.rows.map((r) => r.id));
    }
  });

  it('finds conversations by subject and by number in small windows', async () => {
    const queries = await queriesFor('rendelés');
    const bySubject = conversationIds.filter((_, k) => k % 3 === 0).reverse();
    const number = await sql<{ number: number }>`select number from conversations
      where workspace_id = ${ws.workspaceId} and id = ${conversationIds[1]}`.execute(t.database.db);
    for (const [firstWindowIds, rangeSize] of [
      [1, undefined],
      [2, undefined],
      [WHOLE, undefined],
      [WHOLE, 3],
    ] as const) {
      expect(
        await matchConversations(t.database.db, ws.workspaceId, {
          queries,
          filters: {},
          firstWindowIds,
          rangeSize,
        }),
      ).toEqual(bySubject);
      const withNumber = await matchConversations(t.database.db, ws.workspaceId, {
        queries,
        filters: {},
        number: number.rows[0]!.number,
        firstWindowIds,
        rangeSize,
      });
      expect(withNumber).toEqual(
        [...bySubject, conversationIds[1]!].sort((a, b) => Number(b) - Number(a)),
      );
    }
  });
});

describe('the word indexes by ranges of ids', () => {
  it('are what a window’s condition asks (the expressions match), for every configuration', async () => {
    const queries = await queriesFor('rendelés');
    expect(queries.map((q) => q.config)).toEqual([...SEARCH_CONFIGS]);
    for (const [table, alias, column, size] of [
      ['messages', 'm', 'body_text', SEARCH_RANGE_SIZE.messages],
      ['conversations', 'c', 'subject', SEARCH_RANGE_SIZE.conversations],
    ] as const) {
      for (const q of queries) {
        // Told to avoid other plans, the planner still has to find the index usable.
        const plan = await t.database.db.transaction().execute(async (tx) => {
          await sql`set local enable_seqscan = off`.execute(tx);
          const r =
            await sql`explain select ${sql.ref(`${alias}.id`)} from ${sql.table(table)} ${sql.raw(alias)}
            where ${inConfigIndex(alias, column, q, { from: 0, to: 2, size })}`.execute(tx);
          return r.rows.map((row) => Object.values(row as object)[0]).join('\n');
        });
        const suffix = q.config === 'simple' ? 'simple' : CONFIG_CODES[q.config];
        expect(plan, `${table} ${q.config}`).toContain(`${table}_search_${suffix}_idx`);
      }
    }
  });
});
