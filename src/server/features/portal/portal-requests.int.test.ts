// A client's requests in the portal, on a real database through the real app:
// what they see (their own only, public messages only), answering with files,
// reopening, rating, opening a new request, and sharing a company's requests.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { multipartBody, newClient, PortalBrowser, signedIn, textOf } from './portal.testkit.ts';

let t: TestApp;
let ws: TestWorkspace;
let agent: Caller;

beforeAll(async () => {
  t = await startTestApp();
  ws = await newWorkspace(t, { name: 'Casa Verde' });
  agent = await ws.addUser('agent', 'Ana García');
});
afterAll(() => t?.close());

interface Opened {
  id: string;
  number: number;
}

async function openRequest(
  w: TestWorkspace,
  clientId: string,
  subject: string,
  body = `About ${subject}`,
): Promise<Opened> {
  const res = await w.admin.post('/api/v1/conversations', {
    client_id: clientId,
    subject,
    channel: 'email',
    direction: 'inbound',
    message: { body_text: body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function say(
  by: Caller,
  c: Opened,
  direction: 'outbound' | 'note',
  body: string,
  attachmentIds?: string[],
) {
  const res = await by.post(`/api/v1/conversations/${c.id}/messages`, {
    direction,
    body_text: body,
    ...(attachmentIds ? { attachment_ids: attachmentIds } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function setStatus(c: Opened, status: string) {
  const res = await agent.patch(`/api/v1/conversations/${c.id}`, { status });
  expect(res.statusCode, res.body).toBe(200);
}

async function upload(by: Caller, filename: string, content: Buffer) {
  const body = multipartBody([], [{ name: 'file', filename, type: 'application/pdf', content }]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { authorization: `Bearer ${by.token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function clientAndBrowser(w: TestWorkspace = ws, o: Parameters<typeof newClient>[1] = {}) {
  const client = await newClient(w, o);
  return { client, browser: await signedIn(t, w, client.id, client.email) };
}

const conversationRow = (c: Opened, w: TestWorkspace = ws) =>
  t.database.db
    .selectFrom('conversations')
    .select(['status', 'channel', 'client_id', 'subject'])
    .where('workspace_id', '=', w.workspaceId)
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();

describe('my requests', () => {
  it('lists only the client’s own, with status, the expected answer time, progress and last activity', async () => {
    const { client, browser } = await clientAndBrowser();
    const stranger = await newClient(ws, { name: 'Someone Else' });
    const waiting = await openRequest(ws, client.id, 'Broken kettle');
    const answered = await openRequest(ws, client.id, 'Invoice copy');
    await say(agent, answered, 'outbound', 'Here it is.');
    await setStatus(answered, 'pending');
    await openRequest(ws, stranger.id, 'Secret order of someone else');

    const res = await browser.get('requests');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = textOf(res.body);
    expect(text).toContain('Broken kettle');
    expect(text).toContain('Invoice copy');
    expect(text).not.toContain('Secret order');
    // Latest activity first.
    expect(text.indexOf('Invoice copy')).toBeLessThan(text.indexOf('Broken kettle'));
    expect(res.body).toContain(`href="${browser.base}/requests/${waiting.number}"`);

    // The waiting one: received, and answered by the first-response target.
    const due = await t.database.db
      .selectFrom('sla_targets')
      .select('due_at')
      .where('workspace_id', '=', ws.workspaceId)
      .where('conversation_id', '=', waiting.id)
      .where('kind', '=', 'first_response')
      .executeTakeFirstOrThrow();
    expect(due.due_at).not.toBeNull();
    expect(res.body).toContain(`datetime="${due.due_at!.toISOString()}"`);
    expect(text).toContain('We will answer you by');
    expect(res.body).toMatch(/class="current"[^>]*aria-current="step"[^>]*>\s*Received/);
    // The answered one waits for the client.
    expect(text).toContain('Waiting for your reply');
    expect(text).toContain('We are waiting for your reply.');
    expect(res.body).toMatch(/class="current waiting"/);
  });

  it('pages through many requests by keyset, newest activity first, without repeats', async () => {
    const { client, browser } = await clientAndBrowser();
    for (let i = 1; i <= 22; i++) await openRequest(ws, client.id, `Question number ${i}`);
    const first = await browser.get('requests');
    const numbers = (html: string) =>
      [...html.matchAll(/Question number (\d+)/g)].map((m) => Number(m[1]));
    const page1 = numbers(first.body);
    expect(page1).toEqual(Array.from({ length: 20 }, (_, i) => 22 - i));
    const older = /href="([^"]+\?cursor=[^"]+)"/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await browser.get(older!.replace(/&amp;/g, '&'));
    expect(numbers(second.body)).toEqual([2, 1]);
    expect(textOf(second.body)).not.toContain('Older requests');
    expect(textOf(second.body)).toContain('Back to the newest');
    expect((await browser.get('requests?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('one request', () => {
  it('shows its public messages oldest first, never internal notes, with files for this client only', async () => {
    const { client, browser } = await clientAndBrowser();
    const c = await openRequest(ws, client.id, 'Damaged parcel', 'The box arrived crushed.');
    const notePdf = Buffer.from(`%PDF internal ${randomUUID()}`);
    const noteFile = await upload(agent, 'internal-assessment.pdf', notePdf);
    await say(agent, c, 'note', 'INTERNAL: courier is at fault, do not say so', [noteFile]);
    const labelPdf = Buffer.from(`%PDF label ${randomUUID()}`);
    const label = await upload(agent, 'return-label.pdf', labelPdf);
    await say(agent, c, 'outbound', 'Sorry! Here is a return label.', [label]);

    const res = await browser.get(`requests/${c.number}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Damaged parcel');
    expect(text.indexOf('The box arrived crushed.')).toBeLessThan(text.indexOf('Sorry! Here is'));
    expect(text).not.toContain('INTERNAL');
    expect(text).not.toContain('courier is at fault');
    expect(res.body).not.toContain('internal-assessment.pdf');
    expect(text).toContain('Ana García');
    expect(text).toContain('You');

    const href = `requests/${c.number}/attachments/${label}`;
    expect(res.body).toContain(`href="${browser.base}/${href}"`);
    const file = await browser.get(href);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(labelPdf)).toBe(true);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="return-label.pdf"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    // The note's file is not reachable through the request, nor is the label by anyone else.
    expect((await browser.get(`requests/${c.number}/attachments/${noteFile}`)).statusCode).toBe(
      404,
    );
    const { browser: stranger } = await clientAndBrowser();
    expect((await stranger.get(href)).statusCode).toBe(404);
    expect((await new PortalBrowser(t, browser.base).get(href)).statusCode).toBe(303);
  });

  it('pages through a long conversation, oldest first, a hundred messages at a time', async () => {
    const { client, browser } = await clientAndBrowser();
    const c = await openRequest(ws, client.id, 'Long thread', 'Message 0');
    for (let i = 1; i <= 100; i++) await say(agent, c, 'outbound', `Message ${i}`);
    const numbers = (html: string) =>
      [...textOf(html).matchAll(/Message (\d+)/g)].map((m) => Number(m[1]));
    const first = await browser.get(`requests/${c.number}`);
    expect(numbers(first.body)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const later = /href="([^"]+\?after=\d+)"/.exec(first.body)?.[1];
    expect(later).toBeDefined();
    const second = await browser.get(later!);
    expect(numbers(second.body)).toEqual([100]);
    expect(textOf(second.body)).toContain('Back to the first messages');
    expect(second.body).not.toMatch(/href="[^"]+\?after=\d+"/);
  });

  it('is a 404 page for another client’s request and for a number only another workspace has', async () => {
    const { browser } = await clientAndBrowser();
    const stranger = await newClient(ws);
    const theirs = await openRequest(ws, stranger.id, 'Not yours');
    const res = await browser.get(`requests/${theirs.number}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(textOf(res.body)).not.toContain('Not yours');
    // Replying or rating there is a 404 too, and writes nothing.
    const reply = await browser.postMultipart(
      `requests/${theirs.number}/replies`,
      multipartBody([
        ['_csrf', browser.csrf],
        ['body', 'Let me in'],
      ]),
    );
    expect(reply.statusCode).toBe(404);
    expect(
      (await browser.post(`requests/${theirs.number}/rating`, { score: '1' })).statusCode,
    ).toBe(404);

    // Workspace X's client has request #1 only; workspace Y has #1 to #3.
    const x = await newWorkspace(t);
    const y = await newWorkspace(t);
    const mine = await newClient(x);
    await openRequest(x, mine.id, 'Mine in X');
    const far = await newClient(y);
    for (let i = 1; i <= 3; i++) await openRequest(y, far.id, `Remote ${i}`);
    const inX = await signedIn(t, x, mine.id, mine.email);
    expect((await inX.get('requests/1')).statusCode).toBe(200);
    expect((await inX.get('requests/3')).statusCode).toBe(404);
    // X's session opens nothing in Y's portal: it is a stranger there.
    const yBase = `/portal/${(await t.database.db.selectFrom('workspaces').select('slug').where('id', '=', y.workspaceId).executeTakeFirstOrThrow()).slug}`;
    const stray = new PortalBrowser(t, yBase);
    stray.cookie = inX.cookie;
    const there = await stray.get('requests/3');
    expect(there.statusCode).toBe(303);
    expect(textOf(there.body)).not.toContain('Remote 3');
    expect((await browser.get('requests/not-a-number')).statusCode).toBe(404);
  });

  it('shows a request an agent opened only once its first message, waiting for a discount approval, is sent', async () => {
    const { client, browser } = await clientAndBrowser();
    const offer = 'Hello Kata, I am Ana García from Casa Verde. You get 20% off your next order.';
    const opened = await agent.post('/api/v1/conversations', {
      client_id: client.id,
      subject: 'A thank-you offer',
      channel: 'email',
      direction: 'outbound',
      message: { body_text: offer, discount_request: { reason: 'Ten years a client' } },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { number, id } = opened.json() as Opened;
    expect(textOf((await browser.get('requests')).body)).not.toContain('A thank-you offer');
    expect((await browser.get(`requests/${number}`)).statusCode).toBe(404);

    const requests = await ws.admin.get(`/api/v1/discount-requests?conversation_id=${id}`);
    const approved = await ws.admin.post(
      `/api/v1/discount-requests/${requests.json().items[0].id}/approve`,
    );
    expect(approved.json().reply.status, approved.body).toBe('sent');
    expect(textOf((await browser.get('requests')).body)).toContain('A thank-you offer');
    const page = await browser.get(`requests/${number}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('You get 20% off your next order.');
  });
});

describe('replying', () => {
  it('stores the reply as the client’s inbound message with its files and reopens a resolved request', async () => {
    const { client, browser } = await clientAndBrowser();
    const c = await openRequest(ws, client.id, 'Wrong size');
    await say(agent, c, 'outbound', 'We sent the right one.');
    await setStatus(c, 'resolved');

    const photo = Buffer.from(`\x89PNG photo ${randomUUID()}`);
    const res = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody(
        [
          ['_csrf', browser.csrf],
          ['body', '  It is still the wrong size.  '],
        ],
        [
          { name: 'files', filename: 'photo.png', type: 'image/png', content: photo },
          {
            name: 'files',
            filename: '',
            type: 'application/octet-stream',
            content: Buffer.alloc(0),
          },
        ],
      ),
    );
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^${browser.base}/requests/${c.number}\\?notice=reopened#m\\d+$`),
    );
    expect(await conversationRow(c)).toMatchObject({ status: 'open' });

    const messages = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json().items as {
      direction: string;
      channel: string;
      body_text: string;
      author: { kind: string; id: string } | null;
      attachments: { filename: string }[];
    }[];
    expect(messages[0]).toMatchObject({
      direction: 'inbound',
      channel: 'web',
      body_text: 'It is still the wrong size.',
      author: { kind: 'client', id: client.id },
      attachments: [{ filename: 'photo.png' }],
    });
    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items as {
      type: string;
      actor: { kind: string };
      data: { after?: { status?: string } };
    }[];
    expect(events[0]).toMatchObject({
      type: 'conversation.status_changed',
      actor: { kind: 'client' },
      data: { after: { status: 'open' } },
    });

    const page = await browser.get(res.headers.location as string);
    expect(textOf(page.body)).toContain(
      'Your message has been sent and the request is open again.',
    );
    expect(textOf(page.body)).toContain('It is still the wrong size.');
    expect(textOf(page.body)).toContain('photo.png');
  });

  it('shows the form again with the error for an empty message, keeping nothing it uploaded', async () => {
    const { client, browser } = await clientAndBrowser(ws, { language: 'es' });
    const c = await openRequest(ws, client.id, 'Pregunta');
    const before = await t.database.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .where('message_id', 'is', null)
      .executeTakeFirstOrThrow();
    const res = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody(
        [
          ['_csrf', browser.csrf],
          ['body', '   '],
        ],
        [
          {
            name: 'files',
            filename: 'a.pdf',
            type: 'application/pdf',
            content: Buffer.from('%PDF'),
          },
        ],
      ),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<textarea id="reply-body"[^>]*aria-invalid="true"/);
    expect(textOf(res.body)).toContain('Escriba su mensaje antes de enviarlo.');
    const after = await t.database.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .where('message_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const tooMany = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody(
        [
          ['_csrf', browser.csrf],
          ['body', 'Seis fotos'],
        ],
        Array.from({ length: 6 }, (_, i) => ({
          name: 'files',
          filename: `f${i}.txt`,
          type: 'text/plain',
          content: Buffer.from(`file ${i}`),
        })),
      ),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(textOf(tooMany.body)).toContain('Adjunte como máximo 5 archivos');
    expect(tooMany.body).toContain('Seis fotos');

    await setStatus(c, 'closed');
    const closed = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody([
        ['_csrf', browser.csrf],
        ['body', 'Hola otra vez'],
      ]),
    );
    expect(closed.statusCode).toBe(409);
    expect(textOf(closed.body)).toContain('Esta solicitud está cerrada.');
    const page = await browser.get(`requests/${c.number}`);
    expect(page.body).not.toContain('id="reply-body"');
  });

  it('refuses a reply or a rating without the form’s CSRF token, storing nothing', async () => {
    const { client, browser } = await clientAndBrowser();
    const c = await openRequest(ws, client.id, 'Forged');
    await setStatus(c, 'resolved');
    const reply = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody(
        [['body', 'forged']],
        [{ name: 'files', filename: 'x.txt', type: 'text/plain', content: Buffer.from('x') }],
      ),
    );
    expect(reply.statusCode).toBe(403);
    const wrong = await browser.postMultipart(
      `requests/${c.number}/replies`,
      multipartBody([
        ['_csrf', 'not-the-token'],
        ['body', 'forged'],
      ]),
    );
    expect(wrong.statusCode).toBe(403);
    const rating = await browser.post(`requests/${c.number}/rating`, { _csrf: '', score: '1' });
    expect(rating.statusCode).toBe(403);
    const messages = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json().items;
    expect(messages).toHaveLength(1);
    const ratings = await t.database.db
      .selectFrom('conversation_ratings')
      .selectAll()
      .where('workspace_id', '=', ws.workspaceId)
      .where('conversation_id', '=', c.id)
      .execute();
    expect(ratings).toEqual([]);
    expect(await conversationRow(c)).toMatchObject({ status: 'resolved' });
  });
});

describe('rating a resolved request', () => {
  it('is offered once resolved, stored once, editable, and on the agents’ timeline', async () => {
    const { client, browser } = await clientAndBrowser();
    const c = await openRequest(ws, client.id, 'Delivery date');
    const open = await browser.get(`requests/${c.number}`);
    expect(open.body).not.toContain('name="score"');
    expect((await browser.post(`requests/${c.number}/rating`, { score: '5' })).statusCode).toBe(
      409,
    );

    await say(agent, c, 'outbound', 'It arrives on Friday.');
    await setStatus(c, 'resolved');
    const page = await browser.get(`requests/${c.number}`);
    expect(page.body).toContain('name="score"');

    const bad = await browser.post(`requests/${c.number}/rating`, { score: '7', comment: 'Great' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Choose a rating from 1 to 5.');
    expect(bad.body).toContain('Great');

    const rated = await browser.post(`requests/${c.number}/rating`, {
      score: '4',
      comment: 'Quick, thanks',
    });
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`${browser.base}/requests/${c.number}?notice=rated#rating`);
    const changed = await browser.post(`requests/${c.number}/rating`, {
      score: '5',
      comment: 'Even better on reflection',
    });
    expect(changed.statusCode).toBe(303);
    const rows = await t.database.db
      .selectFrom('conversation_ratings')
      .select(['score', 'comment', 'client_id', 'source'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('conversation_id', '=', c.id)
      .execute();
    expect(rows).toEqual([
      { score: 5, comment: 'Even better on reflection', client_id: client.id, source: 'portal' },
    ]);
    const shown = await browser.get(`requests/${c.number}`);
    expect(textOf(shown.body)).toContain('Your rating: 5 out of 5.');
    expect(shown.body).toMatch(/value="5"\s+checked/);

    const events = (await agent.get(`/api/v1/conversations/${c.id}/events`)).json().items as {
      type: string;
      actor: { kind: string };
      data: unknown;
    }[];
    expect(events.filter((e) => e.type === 'conversation.rated')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'client' }),
        data: {
          before: { score: 4, comment: 'Quick, thanks' },
          after: { score: 5, comment: 'Even better on reflection' },
          source: 'portal',
        },
      }),
      expect.objectContaining({
        data: { after: { score: 4, comment: 'Quick, thanks' }, source: 'portal' },
      }),
    ]);
  });
});

describe('a new request', () => {
  it('opens a web conversation for the client; missing fields re-show the form with the errors', async () => {
    const { client, browser } = await clientAndBrowser(ws, { language: 'ru' });
    const form = await browser.get('requests/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(
      /<script src="\/public\/portal\.js\?v=[0-9a-f]+" nonce="[^"]+" defer>/,
    );
    const nonce = /nonce="([^"]+)"/.exec(form.body)![1]!;
    expect(form.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);

    const missing = await browser.post('requests', {
      action: 'send',
      subject: '',
      body: 'Где мой заказ 1234?',
      view: 'v'.repeat(22),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toMatch(/<input\s[^>]*id="subject"[^>]*aria-invalid="true"/s);
    expect(textOf(missing.body)).toContain('Напишите короткую тему.');
    expect(missing.body).toContain('Где мой заказ 1234?');

    const created = await browser.post('requests', {
      action: 'send',
      subject: 'Заказ 1234',
      body: 'Где мой заказ 1234?',
      view: 'v'.repeat(22),
    });
    expect(created.statusCode).toBe(303);
    const number = Number(
      /\/requests\/(\d+)\?notice=created$/.exec(created.headers.location as string)?.[1],
    );
    const row = await t.database.db
      .selectFrom('conversations')
      .select(['id', 'status', 'channel', 'client_id', 'subject'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'new',
      channel: 'web',
      client_id: client.id,
      subject: 'Заказ 1234',
    });
    const page = await browser.get(created.headers.location as string);
    expect(textOf(page.body)).toContain(`Ваше обращение № ${number} получено.`);
    expect(textOf(page.body)).toContain('Где мой заказ 1234?');
  });
});

describe('a company’s requests', () => {
  it('stay private by default; shared when the workspace says so, rated by the requester only', async () => {
    const w = await newWorkspace(t);
    const company = await newClient(w, { name: 'Acme Kft.', kind: 'company' });
    const me = await newClient(w, { name: 'Kata', company_id: company.id });
    const colleague = await newClient(w, { name: 'Bence', company_id: company.id });
    const outsider = await newClient(w, { name: 'Outsider' });
    const theirs = await openRequest(w, colleague.id, 'Bence asks about invoices');
    const companyWide = await openRequest(w, company.id, 'Contract renewal');
    const outside = await openRequest(w, outsider.id, 'Unrelated');
    const browser = await signedIn(t, w, me.id, me.email);

    expect((await browser.get(`requests/${theirs.number}`)).statusCode).toBe(404);
    expect(textOf((await browser.get('requests')).body)).not.toContain('Bence asks');

    const on = await w.admin.put('/api/v1/portal/settings', { share_company_requests: true });
    expect(on.statusCode, on.body).toBe(200);
    const list = textOf((await browser.get('requests')).body);
    expect(list).toContain('Bence asks about invoices');
    expect(list).toContain('Contract renewal');
    expect(list).toContain('Asked by Bence');
    expect(list).not.toContain('Unrelated');
    expect((await browser.get(`requests/${companyWide.number}`)).statusCode).toBe(200);
    expect((await browser.get(`requests/${outside.number}`)).statusCode).toBe(404);

    // Kata may add to Bence's request (as herself) but not rate it.
    const reply = await browser.postMultipart(
      `requests/${theirs.number}/replies`,
      multipartBody([
        ['_csrf', browser.csrf],
        ['body', 'Kata here: I have the invoice numbers.'],
      ]),
    );
    expect(reply.statusCode).toBe(303);
    const authors = await t.database.db
      .selectFrom('messages')
      .select('author_client_id')
      .where('workspace_id', '=', w.workspaceId)
      .where('conversation_id', '=', theirs.id)
      .orderBy('id')
      .execute();
    expect(authors.map((a) => a.author_client_id)).toEqual([colleague.id, me.id]);
    const resolved = await w.admin.patch(`/api/v1/conversations/${theirs.id}`, {
      status: 'resolved',
    });
    expect(resolved.statusCode).toBe(200);
    expect((await browser.get(`requests/${theirs.number}`)).body).not.toContain('name="score"');
    expect(
      (await browser.post(`requests/${theirs.number}/rating`, { score: '3' })).statusCode,
    ).toBe(403);

    const off = await w.admin.put('/api/v1/portal/settings', { share_company_requests: false });
    expect(off.statusCode).toBe(200);
    expect((await browser.get(`requests/${theirs.number}`)).statusCode).toBe(404);
  });
});
