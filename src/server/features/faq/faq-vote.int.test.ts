// "Was this helpful?" on the public FAQ: a plain form post from an anonymous
// reader, recorded once per reader (their cookie) and changed when they vote
// again; refused from another site, for articles a reader cannot see, with a
// bad answer, and past the per-address rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { VOTER_COOKIE } from './faq-http.ts';
import { VOTES_PER_IP } from './faq.routes.ts';
import { FORM, formBody, newArticle, newCategory, slugOf, squash } from './faq.testkit.ts';

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let base: string;
let otherBase: string;
const ids = { returns: '', internal: '', draft: '', foreign: '' };

function vote(
  url: string,
  fields: Record<string, string>,
  o: { cookie?: string; headers?: Record<string, string>; ip?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: formBody(fields),
    remoteAddress: o.ip,
    headers: {
      ...FORM,
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
      ...(o.cookie ? { cookie: `${VOTER_COOKIE}=${o.cookie}` } : {}),
      ...o.headers,
    },
  });
}

function votesOn(articleId: string) {
  return t.database.db
    .selectFrom('knowledge_votes')
    .select(['language', 'helpful', 'comment', 'voter_key', 'client_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
}

function cookieOf(res: { cookies: { name: string; value: string }[] }) {
  return res.cookies.find((c) => c.name === VOTER_COOKIE);
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  base = `/help/${await slugOf(t, ws.workspaceId)}`;
  otherBase = `/help/${await slugOf(t, other.workspaceId)}`;
  const topic = await newCategory(ws, { en: { name: 'Returns' } });
  ids.returns = await newArticle(
    ws,
    { category_id: topic.id, visibility: 'public', slug: 'returns' },
    {
      en: {
        title: 'Returning an item',
        body_markdown: 'Return it within 30 days.',
        state: 'published',
      },
      es: {
        title: 'Devolver un artículo',
        body_markdown: 'Devuélvalo en 30 días.',
        state: 'published',
      },
      hu: { title: 'Visszaküldés', body_markdown: 'Piszkozat.', state: 'draft' },
    },
  );
  ids.internal = await newArticle(
    ws,
    { category_id: topic.id, visibility: 'internal', slug: 'refund-rules' },
    { en: { title: 'Refund rules', body_markdown: 'Agents only.', state: 'published' } },
  );
  ids.draft = await newArticle(
    ws,
    { category_id: topic.id, visibility: 'public', slug: 'returns-draft' },
    { en: { title: 'Returns (new)', body_markdown: 'Soon.', state: 'draft' } },
  );
  const elsewhere = await newCategory(other, { en: { name: 'Elsewhere' } });
  ids.foreign = await newArticle(
    other,
    { category_id: elsewhere.id, visibility: 'public', slug: 'returns' },
    { en: { title: 'Their returns', body_markdown: 'Theirs.', state: 'published' } },
  );
});
afterAll(() => t.close());

describe('voting on an article', () => {
  let voter: string;

  it('records an anonymous vote with its comment, sets the voter cookie and thanks the reader', async () => {
    const res = await vote(`${base}/en/articles/returns/vote`, {
      helpful: 'no',
      comment: '  Which address do I send it to?  ',
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${base}/en/articles/returns?voted=no#helpful`);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = cookieOf(res)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: `${base}/` });
    voter = cookie.value;
    expect(await votesOn(ids.returns)).toEqual([
      {
        language: 'en',
        helpful: false,
        comment: 'Which address do I send it to?',
        voter_key: expect.stringMatching(/^a:[0-9a-f]{64}$/),
        client_id: null,
      },
    ]);
    // The reader's id is stored only hashed.
    expect((await votesOn(ids.returns))[0]!.voter_key).not.toContain(voter);

    const thanks = await t.app.inject({ url: `${base}/en/articles/returns?voted=no` });
    const page = squash(thanks.body);
    expect(page).toContain(
      'Thank you for telling us. We will use your answer to make this article better.',
    );
    expect(page).toContain('<meta name="robots" content="noindex, follow" />');
    expect(page).toContain(
      `<link rel="canonical" href="http://localhost${base}/en/articles/returns" />`,
    );
  });

  it('the same reader voting again changes their vote instead of adding one', async () => {
    const res = await vote(
      `${base}/en/articles/returns/vote`,
      { helpful: 'yes' },
      { cookie: voter },
    );
    expect(res.statusCode).toBe(303);
    expect(cookieOf(res)).toBeUndefined();
    const votes = await votesOn(ids.returns);
    expect(votes).toHaveLength(1);
    // Helpful now; an empty box keeps the earlier comment.
    expect(votes[0]).toMatchObject({ helpful: true, comment: 'Which address do I send it to?' });
    const page = squash(
      (await t.app.inject({ url: `${base}/en/articles/returns?voted=yes` })).body,
    );
    expect(page).toContain('Thank you! We are glad this article helped.');

    // Each language version has its own votes; another reader is another vote.
    await vote(`${base}/es/articles/returns/vote`, { helpful: 'yes' }, { cookie: voter });
    await vote(`${base}/en/articles/returns/vote`, { helpful: 'no' });
    const all = await votesOn(ids.returns);
    expect(all.map((v) => [v.language, v.helpful])).toEqual([
      ['en', true],
      ['es', true],
      ['en', false],
    ]);
    expect(new Set(all.map((v) => v.voter_key)).size).toBe(2);
  });

  it('the agents see the votes in the article’s summary', async () => {
    const res = await ws.admin.get(`/api/v1/knowledge/articles/${ids.returns}/votes/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const en = res.json().languages.find((l: { language: string }) => l.language === 'en');
    expect(en).toMatchObject({ helpful: 1, not_helpful: 1, comment_count: 1 });
  });

  it('asks again, keeping the comment escaped, when the answer is missing or the comment too long', async () => {
    const before = (await votesOn(ids.returns)).length;
    const missing = await vote(`${base}/en/articles/returns/vote`, {
      comment: '<script>alert(1)</script>',
    });
    expect(missing.statusCode).toBe(400);
    const page = squash(missing.body);
    expect(page).toContain('Choose one of the two answers to send it.');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(page).not.toMatch(/<script/i);
    const long = await vote(`${base}/en/articles/returns/vote`, {
      helpful: 'yes',
      comment: 'x'.repeat(1001),
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Your comment is too long: at most 1,000 characters.');
    expect(await votesOn(ids.returns)).toHaveLength(before);
  });

  it('refuses a vote posted from another site', async () => {
    const before = (await votesOn(ids.returns)).length;
    const crossSite = await vote(
      `${base}/en/articles/returns/vote`,
      { helpful: 'yes' },
      { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } },
    );
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.body).toContain('This form was sent from another website.');
    const byOrigin = await t.app.inject({
      method: 'POST',
      url: `${base}/en/articles/returns/vote`,
      payload: formBody({ helpful: 'yes' }),
      headers: { ...FORM, origin: 'https://evil.example' },
    });
    expect(byOrigin.statusCode).toBe(403);
    expect(await votesOn(ids.returns)).toHaveLength(before);
  });

  it('internal articles, drafts, unpublished languages and another workspace’s articles take no vote (404)', async () => {
    for (const url of [
      `${base}/en/articles/refund-rules/vote`,
      `${base}/en/articles/returns-draft/vote`,
      `${base}/hu/articles/returns/vote`,
      `${base}/de/articles/returns/vote`,
      `${otherBase}/en/articles/refund-rules/vote`,
    ]) {
      const res = await vote(url, { helpful: 'yes' });
      expect(res.statusCode, url).toBe(404);
    }
    const counts = await t.database.db
      .selectFrom('knowledge_votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('article_id', 'in', [ids.internal, ids.draft, ids.foreign])
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(0);
    // The other workspace's own article takes the vote in its own help centre.
    expect(
      (await vote(`${otherBase}/en/articles/returns/vote`, { helpful: 'yes' })).statusCode,
    ).toBe(303);
  });

  it('limits votes per address', async () => {
    const ip = '10.20.30.40';
    for (let i = 0; i < VOTES_PER_IP; i++) {
      const res = await vote(`${base}/en/articles/returns/vote`, { helpful: 'yes' }, { ip });
      expect(res.statusCode).toBe(303);
    }
    const refused = await vote(`${base}/en/articles/returns/vote`, { helpful: 'yes' }, { ip });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many answers in a short time.');
    // Another address still votes.
    expect(
      (await vote(`${base}/en/articles/returns/vote`, { helpful: 'yes' }, { ip: '10.20.30.41' }))
        .statusCode,
    ).toBe(303);
  });
});
