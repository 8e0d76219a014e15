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

const URL = '/api/v1/knowledge/preview';

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t);
  agent = await ws.addUser('agent');
  supervisor = await ws.addUser('supervisor');
});
afterAll(() => t.close());

describe('the editor’s live preview', () => {
  it('renders Markdown exactly as a save stores it, and saves nothing', async () => {
    const markdown = '# Returns\n\nSend it **back** within [30 days](https://example.com/returns).';
    const count = async () =>
      (await ws.admin.get('/api/v1/knowledge/articles?limit=100')).json().items.length;
    const before = await count();
    const res = await supervisor.post(URL, { body_markdown: markdown });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json().body_html as string;
    expect(preview).toBe(
      '<h2>Returns</h2>\n<p>Send it <strong>back</strong> within ' +
        '<a href="https://example.com/returns" rel="noopener noreferrer">30 days</a>.</p>\n',
    );
    expect(await count()).toBe(before);

    // The same text saved: the stored HTML is the preview's.
    const category = await ws.admin.post('/api/v1/knowledge/categories', {
      translations: { en: { name: 'Orders' } },
    });
    const saved = await ws.admin.post('/api/v1/knowledge/articles', {
      category_id: category.json().id,
      version: { language: 'en', title: 'Returns', body_markdown: markdown },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().versions[0].body_html).toBe(preview);
  });

  it('shows raw HTML as text and drops dangerous links, as the FAQ would', async () => {
    const res = await ws.admin.post(URL, {
      body_markdown:
        '<script>alert(1)</script>\n\n[click](javascript:alert(1)) ![x](data:image/png;base64,AAAA)',
    });
    expect(res.statusCode, res.body).toBe(200);
    const html = res.json().body_html as string;
    // The script is text, the javascript: link stays unlinked text, the data: image is gone.
    expect(html).not.toMatch(/<script|<a |href=|<img|data:image/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers an empty text with empty HTML', async () => {
    const res = await ws.admin.post(URL, { body_markdown: '   ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ body_html: '' });
  });

  it('is for the people who may edit: an agent gets 403, nobody signed in 401', async () => {
    const res = await agent.post(URL, { body_markdown: 'Hello' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: URL,
      payload: { body_markdown: 'Hello' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'body_markdown'],
      [{ body_markdown: 42 }, 'body_markdown'],
      [{ body_markdown: 'x'.repeat(100_001) }, 'body_markdown'],
      [{ body_markdown: 'x', title: 'T' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await ws.admin.post(URL, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      if (field) expect(Object.keys(res.json().error.fields)).toContain(field);
    }
  });
});
