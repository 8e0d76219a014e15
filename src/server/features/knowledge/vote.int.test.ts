import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { castPublicVote } from './vote.service.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let agent: Caller;
let supervisor: Caller;
let categoryId: string;

const ARTICLES = '/api/v1/knowledge/articles';

async function publishedArticle(
  w: TestWorkspace,
  category: string,
  visibility: 'public' | 'internal' = 'public',
) {
  const res = await w.admin.post(ARTICLES, {
    category_id: category,
    visibility,
    version: {
      language: 'en',
      title: 'Returns',
      body_markdown: 'Within 30 days.',
      state: 'published',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const hu = await w.admin.put(`${ARTICLES}/${id}/versions/hu`, {
    title: 'Visszaküldés',
    body_markdown: '30 napon belül.',
    state: 'published',
  });
  expect(hu.statusCode).toBe(201);
  return id;
}

async function newClient(caller: Caller, name: string) {
  const res = await caller.post('/api/v1/clients', { name, kind: 'person' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function newCategory(w: TestWorkspace) {
  const res = await w.admin.post('/api/v1/knowledge/categories', {
    translations: { en: { name: 'Help' } },
  });
  return res.json().id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor');
  categoryId = await newCategory(ws);
});
afterAll(() => t.close());

describe('"was this helpful?" votes', () => {
  it('one vote per voter and language: voting again changes it; the summary counts per language', async () => {
    const id = await publishedArticle(ws, categoryId);
    const client = await newClient(ws.admin, 'Nagy Eszter');
    const url = `${ARTICLES}/${id}/votes`;

    const first = await supervisor.post(url, { language: 'hu', helpful: false, client_id: client });
    expect(first.statusCode, first.body).toBe(201);
    const again = await supervisor.post(url, {
      language: 'hu',
      helpful: false,
      client_id: client,
      comment: 'Nem derül ki, ki fizeti a postát.',
    });
    expect(again.statusCode).toBe(200);
    // The client changes their mind; the comment stays when none is sent.
    const changed = await ws.admin.post(url, { language: 'hu', helpful: true, client_id: client });
    expect(changed.statusCode).toBe(200);

    // Anonymous readers: one per fingerprint.
    await ws.admin.post(url, { language: 'hu', helpful: false, fingerprint: 'cookie-aaaaaaaa' });
    await ws.admin.post(url, { language: 'hu', helpful: false, fingerprint: 'cookie-aaaaaaaa' });
    await ws.admin.post(url, { language: 'hu', helpful: true, fingerprint: 'cookie-bbbbbbbb' });
    // The same client voting on the English version is another vote.
    const en = await ws.admin.post(url, {
      language: 'en',
      helpful: false,
      client_id: client,
      comment: 'Too short',
    });
    expect(en.statusCode).toBe(201);

    const summary = en.json();
    expect(summary).toEqual({
      article_id: id,
      languages: [
        {
          language: 'en',
          helpful: 0,
          not_helpful: 1,
          comment_count: 1,
          latest_comments: [
            expect.objectContaining({ helpful: false, comment: 'Too short', client_id: client }),
          ],
        },
        {
          language: 'hu',
          helpful: 2,
          not_helpful: 1,
          comment_count: 1,
          latest_comments: [
            expect.objectContaining({
              helpful: true,
              comment: 'Nem derül ki, ki fizeti a postát.',
              client_id: client,
            }),
          ],
        },
      ],
    });
    expect((await agent.get(`${url}/summary`)).json()).toEqual(summary);
    const rows = await t.database.db
      .selectFrom('knowledge_votes')
      .select(['voter_key', 'client_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('article_id', '=', id)
      .execute();
    expect(rows).toHaveLength(4);
    // Fingerprints are stored only as a hash.
    expect(rows.map((r) => r.voter_key).join(' ')).not.toContain('cookie');

    // "" removes a comment.
    await ws.admin.post(url, { language: 'en', helpful: true, client_id: client, comment: '' });
    const after = (await agent.get(`${url}/summary`)).json();
    expect(after.languages[0]).toMatchObject({ helpful: 1, not_helpful: 0, comment_count: 0 });
  });

  it('lists the votes, newest first, filtered by language and comment', async () => {
    const id = await publishedArticle(ws, categoryId);
    const url = `${ARTICLES}/${id}/votes`;
    for (const [n, language, comment] of [
      [1, 'en', 'Clear'],
      [2, 'hu', undefined],
      [3, 'hu', 'Világos'],
      [4, 'en', undefined],
    ] as const) {
      const res = await ws.admin.post(url, {
        language,
        helpful: n % 2 === 1,
        fingerprint: `reader-${n}-xxxxxxxx`,
        ...(comment ? { comment } : {}),
      });
      expect(res.statusCode).toBe(201);
    }
    const page = (await agent.get(`${url}?limit=3`)).json();
    expect(page.items.map((v: { comment: string | null }) => v.comment)).toEqual([
      null,
      'Világos',
      null,
    ]);
    expect(page.items[0]).toMatchObject({ client_id: null, language: 'en' });
    const rest = (await agent.get(`${url}?limit=3&cursor=${page.next_cursor}`)).json();
    expect(rest.items.map((v: { comment: string }) => v.comment)).toEqual(['Clear']);
    expect(rest.next_cursor).toBeNull();
    const withComment = (await agent.get(`${url}?with_comment=true&language=hu`)).json();
    expect(withComment.items.map((v: { comment: string }) => v.comment)).toEqual(['Világos']);
  });

  it('takes votes on published versions only', async () => {
    const id = await publishedArticle(ws, categoryId);
    await ws.admin.put(`${ARTICLES}/${id}/versions/ro`, {
      title: 'Retur',
      body_markdown: 'Ciornă',
      state: 'draft',
    });
    const url = `${ARTICLES}/${id}/votes`;
    const draft = await ws.admin.post(url, {
      language: 'ro',
      helpful: true,
      fingerprint: 'someone-xxxxxxxx',
    });
    expect(draft.statusCode).toBe(404);
    const missing = await ws.admin.post(url, {
      language: 'kk',
      helpful: true,
      fingerprint: 'someone-xxxxxxxx',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('the public FAQ and portal vote as the system, on public published versions only', async () => {
    const id = await publishedArticle(ws, categoryId);
    const internal = await publishedArticle(ws, categoryId, 'internal');
    const client = await newClient(ws.admin, 'Olga Ivanova');
    const anonymous = { kind: 'anonymous' as const, fingerprint: 'faq-cookie-12345678' };

    const first = await castPublicVote(ws.ctx, {
      articleId: id,
      language: 'en',
      helpful: false,
      comment: 'Which address do I send it to?',
      voter: anonymous,
    });
    expect(first).toMatchObject({ inserted: true, helpful: false });
    const second = await castPublicVote(ws.ctx, {
      articleId: id,
      language: 'en',
      helpful: true,
      voter: anonymous,
    });
    expect(second).toMatchObject({
      id: first.id,
      inserted: false,
      helpful: true,
      comment: 'Which address do I send it to?',
    });
    await castPublicVote(ws.ctx, {
      articleId: id,
      language: 'en',
      helpful: true,
      voter: { kind: 'client', clientId: client },
    });
    const summary = (await agent.get(`${ARTICLES}/${id}/votes/summary`)).json();
    expect(summary.languages[0]).toMatchObject({ language: 'en', helpful: 2, not_helpful: 0 });

    // An internal article does not exist for the public.
    await expect(
      castPublicVote(ws.ctx, {
        articleId: internal,
        language: 'en',
        helpful: true,
        voter: anonymous,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    // Another workspace's article or client: not found.
    await expect(
      castPublicVote(other.ctx, { articleId: id, language: 'en', helpful: true, voter: anonymous }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const theirClient = await newClient(other.admin, 'Someone else');
    await expect(
      castPublicVote(ws.ctx, {
        articleId: id,
        language: 'en',
        helpful: true,
        voter: { kind: 'client', clientId: theirClient },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      castPublicVote(ws.ctx, {
        articleId: id,
        language: 'en',
        helpful: true,
        voter: { kind: 'anonymous', fingerprint: 'short' },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { fingerprint: expect.any(String) },
    });
  });

  it('refuses agents to record votes through the API (403)', async () => {
    const id = await publishedArticle(ws, categoryId);
    const res = await agent.post(`${ARTICLES}/${id}/votes`, {
      language: 'en',
      helpful: true,
      fingerprint: 'agent-inflating',
    });
    expect(res.statusCode).toBe(403);
    expect((await agent.get(`${ARTICLES}/${id}/votes`)).json().items).toEqual([]);
  });

  it("answers 404 for another workspace's article or client", async () => {
    const theirs = await publishedArticle(other, await newCategory(other));
    const url = `${ARTICLES}/${theirs}/votes`;
    const vote = { language: 'en', helpful: true, fingerprint: 'reader-xxxxxxxx' };
    expect((await ws.admin.post(url, vote)).statusCode).toBe(404);
    expect((await ws.admin.get(url)).statusCode).toBe(404);
    expect((await ws.admin.get(`${url}/summary`)).statusCode).toBe(404);

    const mine = await publishedArticle(ws, categoryId);
    const theirClient = await newClient(other.admin, 'Not yours');
    const res = await ws.admin.post(`${ARTICLES}/${mine}/votes`, {
      language: 'en',
      helpful: true,
      client_id: theirClient,
    });
    expect(res.statusCode).toBe(404);
    expect((await other.admin.get(`${url}/summary`)).json().languages[0].helpful).toBe(0);
  });

  it('answers bad input with 400 naming the field', async () => {
    const id = await publishedArticle(ws, categoryId);
    const url = `${ARTICLES}/${id}/votes`;
    const cases: [Record<string, unknown>, string][] = [
      [{ helpful: true, fingerprint: 'reader-xxxxxxxx' }, 'language'],
      [{ language: 'en', fingerprint: 'reader-xxxxxxxx' }, 'helpful'],
      [{ language: 'en', helpful: 'yes', fingerprint: 'reader-xxxxxxxx' }, 'helpful'],
      [{ language: 'en', helpful: true }, 'client_id'],
      [
        { language: 'en', helpful: true, client_id: '1', fingerprint: 'reader-xxxxxxxx' },
        'client_id',
      ],
      [{ language: 'en', helpful: true, fingerprint: 'short' }, 'fingerprint'],
      [
        {
          language: 'en',
          helpful: true,
          fingerprint: 'reader-xxxxxxxx',
          comment: 'x'.repeat(2001),
        },
        'comment',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(url, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(body).slice(0, 100)).toContain(
        field,
      );
    }
    const list = await ws.admin.get(`${url}?with_comment=maybe`);
    expect(list.statusCode).toBe(400);
    expect(list.json().error.fields).toHaveProperty('with_comment');
  });
});
