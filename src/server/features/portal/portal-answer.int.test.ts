// "An answer is waiting": when an agent answers a request made in the portal,
// the client gets an email in their language at an SMTP server on loopback,
// with a link to the request that opens it in the portal; quick further
// answers are paced into that one email.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { startSmtpCapture, type SmtpCapture } from '../../../../test/smtp-capture.ts';
import { ANSWER_NOTICE_PACE_MINUTES, sendAnswerNotice } from './portal-answer.service.ts';
import { portalAnswerNoticeJob } from './portal.jobs.ts';
import {
  mailboxOnCapture,
  newClient,
  SMTP_AUTH,
  signedIn,
  slugOf,
  textOf,
} from './portal.testkit.ts';

let t: TestApp;
let capture: SmtpCapture;
let w: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp({ jobs: [{ ...portalAnswerNoticeJob, retryDelaySeconds: 1 }] });
  capture = await startSmtpCapture({ auth: SMTP_AUTH });
  w = await newWorkspace(t, { name: `Kávézó ${randomUUID().slice(0, 4)}` });
  await mailboxOnCapture(w, capture);
});
afterAll(async () => {
  await t?.close();
  await capture?.close();
});

/** A Hungarian client opens a request in the portal; returns it and their portal browser. */
async function portalRequest(subject: string) {
  const client = await newClient(w, { name: 'Kovács Kata', language: 'hu' });
  const browser = await signedIn(t, w, client.id, client.email);
  const created = await browser.post('requests', {
    action: 'send',
    subject,
    body: 'Mikor érkezik a rendelésem?',
    view: 'v'.repeat(22),
  });
  expect(created.statusCode, created.body).toBe(303);
  const number = Number(/\/requests\/(\d+)/.exec(created.headers.location as string)?.[1]);
  const row = await t.database.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return { client, browser, number, id: row.id };
}

async function reply(conversationId: string, body: string, direction = 'outbound') {
  const res = await w.admin.post(`/api/v1/conversations/${conversationId}/messages`, {
    direction,
    body_text: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

describe('answer waiting in the portal', () => {
  it('emails the client in their language with a link that opens the answer in the portal', async () => {
    const before = capture.messages.length;
    const r = await portalRequest('Rendelés 1234');
    await reply(r.id, 'Kedves Kata, a csomag holnap délelőtt érkezik.');
    const mail = (await capture.waitFor(before + 1)).at(-1)!;
    expect(mail.envelope.to).toEqual([r.client.email]);
    expect(mail.parsed.subject).toBe(`Új válasz a kérésére: Rendelés 1234 [#${r.number}]`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const text = mail.parsed.text ?? '';
    expect(text).toContain('Kedves Kovács Kata!');
    expect(text).toContain(`„Rendelés 1234”`);
    expect(text).toContain('a csomag holnap délelőtt érkezik');
    const link = /(http:\/\/\S+\/requests\/\d+)/.exec(text)?.[1];
    const slug = await slugOf(t, w.workspaceId);
    expect(new URL(link!).pathname).toBe(`/portal/${slug}/requests/${r.number}`);
    // The link opens the request, answer included, for the signed-in client.
    const page = await r.browser.get(new URL(link!).pathname);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('a csomag holnap délelőtt érkezik');
    // The timeline records it (just after the send).
    const notices = await eventually('the notice event', async () => {
      const res = await w.admin.get(`/api/v1/conversations/${r.id}/events?limit=50`);
      const items = (res.json().items as { type: string; data: { to?: string } }[]).filter(
        (e) => e.type === 'portal.answer_notice',
      );
      return items.length ? items : undefined;
    });
    expect(notices).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ to: r.client.email }) }),
    ]);
  });

  it('paces quick answers into one email; a later answer gets its own', async () => {
    const r = await portalRequest('Számla');
    await reply(r.id, 'Első válasz.');
    const first = await capture.waitFor(capture.messages.length + 1);
    const count = first.length;
    const second = await reply(r.id, 'Második válasz, rögtön utána.');
    const deps = { db: t.database.db, secrets: t.secrets, now: () => new Date(), log: t.app.log };
    const data = {
      workspaceId: w.workspaceId,
      conversationId: r.id,
      messageId: second.id,
      origin: 'http://localhost',
    };
    expect(await sendAnswerNotice(deps, data)).toBe('paced');
    const later = () => new Date(Date.now() + (ANSWER_NOTICE_PACE_MINUTES + 1) * 60_000);
    expect(await sendAnswerNotice({ ...deps, now: later }, data)).toBe('sent');
    const all = await capture.waitFor(count + 1);
    expect(all.at(-1)!.parsed.text).toContain('Második válasz');

    // Two answers' jobs at once, past the pace: one email between them.
    const third = await reply(r.id, 'Harmadik válasz.');
    const muchLater = () => new Date(Date.now() + 3 * (ANSWER_NOTICE_PACE_MINUTES + 1) * 60_000);
    const outcomes = await Promise.all(
      [second.id, third.id].map((messageId) =>
        sendAnswerNotice({ ...deps, now: muchLater }, { ...data, messageId }),
      ),
    );
    expect(outcomes.sort()).toEqual(['paced', 'sent']);
    await capture.waitFor(count + 2);
    expect(capture.messages.length).toBe(count + 2);
  });

  it('sends nothing for a note, or for a message of another workspace', async () => {
    const r = await portalRequest('Csak jegyzet');
    const note = await reply(r.id, 'Belső megjegyzés.', 'note');
    const deps = { db: t.database.db, secrets: t.secrets, now: () => new Date(), log: t.app.log };
    const data = { conversationId: r.id, messageId: note.id, origin: 'http://localhost' };
    expect(await sendAnswerNotice(deps, { ...data, workspaceId: w.workspaceId })).toBe('gone');
    const other = await newWorkspace(t);
    const answer = await reply(r.id, 'Válasz.');
    expect(
      await sendAnswerNotice(deps, {
        ...data,
        messageId: answer.id,
        workspaceId: other.workspaceId,
      }),
    ).toBe('gone');
  });
});
