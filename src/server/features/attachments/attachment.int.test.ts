import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newWorkspace,
  startTestApp,
  type Caller,
  type TestApp,
  type TestWorkspace,
} from '../../../../test/harness.ts';
import { DiskFileStorage } from '../../storage/disk-storage.ts';
import { sweepUnsentAttachments, UNSENT_TTL_HOURS } from './attachment.service.ts';

// Above the 1 MB JSON body limit: uploads are bounded by their own limit only.
const LIMIT = 2 * 1024 * 1024;

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let agent: Caller;

beforeAll(async () => {
  t = await startTestApp({ config: { uploadLimitBytes: LIMIT } });
  ws = await newWorkspace(t);
  other = await newWorkspace(t);
  agent = await ws.addUser('agent', 'Ana Agent');
});
afterAll(() => t.close());

function multipart(filename: string, type: string, content: Buffer, field = 'file') {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(caller: Caller, filename: string, type: string, content: Buffer, field?: string) {
  const body = multipart(filename, type, content, field);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { authorization: `Bearer ${caller.token}`, ...body.headers },
    payload: body.payload,
  });
}

async function uploaded(caller: Caller, filename = 'invoice.pdf', type = 'application/pdf') {
  const res = await upload(caller, filename, type, Buffer.from(`%PDF-1.4 ${Math.random()}`));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function openConversation(caller: Caller) {
  const res = await caller.post('/api/v1/conversations', {
    client: { email: `c-${Math.random()}@example.test`, name: 'Kairat' },
    subject: 'Photos',
    channel: 'email',
    direction: 'inbound',
    message: { body_text: 'See attached' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const storedFiles = async () => {
  const root = (t.app.files.storage as DiskFileStorage).root;
  const all = await readdir(root, { recursive: true });
  return all.filter((f) => !f.endsWith('.part') && path.basename(f).includes('-'));
};

describe('uploading attachments', () => {
  it('stores the file with its size, type and checksum, unsent until a message takes it', async () => {
    const content = Buffer.from('hello, world\n');
    const res = await upload(agent, '../../etc/notes final.txt', 'text/plain', content);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      filename: 'notes final.txt',
      content_type: 'text/plain',
      size_bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      message_id: null,
      uploaded_by: agent.userId,
      url: `/api/v1/attachments/${a.id}/content`,
    });
  });

  it('answers 413 naming the limit for a file over it, and keeps nothing of it', async () => {
    const before = await storedFiles();
    const res = await upload(agent, 'big.bin', 'application/octet-stream', Buffer.alloc(LIMIT + 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining(`${LIMIT} bytes`),
    });
    expect(await storedFiles()).toEqual(before);
    const rows = await t.database.db
      .selectFrom('attachments')
      .select('id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('filename', '=', 'big.bin')
      .execute();
    expect(rows).toEqual([]);
    // Exactly at the limit is fine.
    const ok = await upload(agent, 'edge.bin', 'application/octet-stream', Buffer.alloc(LIMIT));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('answers 400 naming "file" when there is no file, 415 for a JSON body', async () => {
    const boundary = '----empty';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: {
        authorization: `Bearer ${agent.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields).toEqual({ file: 'is required' });
    const json = await agent.post('/api/v1/attachments', { file: 'abc' });
    expect(json.statusCode).toBe(415);
  });

  it('needs a signed-in user', async () => {
    const body = multipart('a.txt', 'text/plain', Buffer.from('x'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: body.headers,
      payload: body.payload,
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('serving attachments', () => {
  it('serves a document as a download, nosniff, sandboxed; a PNG inline', async () => {
    const doc = await upload(
      agent,
      'página 1.html',
      'text/html',
      Buffer.from('<script>1</script>'),
    );
    const res = await agent.get(`/api/v1/attachments/${doc.json().id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<script>1</script>');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="p_gina 1.html"; filename*=UTF-8''p%C3%A1gina%201.html`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain('sandbox');

    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const image = await upload(agent, 'photo.png', 'image/png', png);
    const shown = await agent.get(`/api/v1/attachments/${image.json().id}/content`);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(shown.headers['content-disposition']).toMatch(/^inline; /);
    expect(shown.rawPayload.equals(png)).toBe(true);

    const svg = await upload(agent, 'logo.svg', 'image/svg+xml', Buffer.from('<svg/>'));
    const svgRes = await agent.get(`/api/v1/attachments/${svg.json().id}/content`);
    expect(svgRes.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('never serves a file to another workspace (404), even to its admin', async () => {
    const secret = await uploaded(agent, 'secret.pdf');
    const res = await other.admin.get(`/api/v1/attachments/${secret.id}/content`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('PDF');
    expect((await other.admin.delete(`/api/v1/attachments/${secret.id}`)).statusCode).toBe(404);
    expect((await agent.get(`/api/v1/attachments/${secret.id}/content`)).statusCode).toBe(200);
    expect((await agent.get('/api/v1/attachments/999999999/content')).statusCode).toBe(404);
  });
});

describe('sending attachments with a message', () => {
  it('a reply carries its attachments; the message list shows them', async () => {
    const c = await openConversation(agent);
    const a1 = await uploaded(agent, 'invoice.pdf');
    const a2 = await uploaded(agent, 'photo.png', 'image/png');
    const res = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Here are the documents.',
      attachment_ids: [a1.id, a2.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const ref = (a: {
      id: string;
      filename: string;
      content_type: string;
      size_bytes: number;
    }) => ({
      id: a.id,
      filename: a.filename,
      content_type: a.content_type,
      size_bytes: a.size_bytes,
      // An agent's upload is no email's inline image.
      content_id: null,
      url: `/api/v1/attachments/${a.id}/content`,
    });
    expect(res.json().attachments).toEqual([ref(a1), ref(a2)]);
    const list = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json();
    expect(list.items[0].attachments).toEqual([ref(a1), ref(a2)]);
    expect(list.items[1].attachments).toEqual([]);

    // Sent once: it cannot ride on a second message, nor be discarded.
    const again = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'again',
      attachment_ids: [a1.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields).toEqual({
      'attachment_ids.0': 'was already sent with a message',
    });
    expect((await agent.delete(`/api/v1/attachments/${a1.id}`)).statusCode).toBe(409);
  });

  it("refuses another workspace's attachment id, and stores no message", async () => {
    const c = await openConversation(agent);
    const mine = await uploaded(agent);
    const theirs = await uploaded(other.admin);
    const res = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Sneaky',
      attachment_ids: [mine.id, theirs.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      'attachment_ids.1': 'is not an attachment of this workspace',
    });
    const list = (await agent.get(`/api/v1/conversations/${c.id}/messages`)).json();
    expect(list.items.map((m: { body_text: string }) => m.body_text)).not.toContain('Sneaky');
    // The rollback left my upload unsent, ready for the next try.
    const retry = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Now',
      attachment_ids: [mine.id],
    });
    expect(retry.statusCode, retry.body).toBe(201);
    // The other workspace's file is still theirs and still unsent.
    const row = await t.database.db
      .selectFrom('attachments')
      .select(['message_id', 'workspace_id'])
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ message_id: null, workspace_id: other.workspaceId });
  });

  it("refuses a colleague's unsent upload and a malformed id (400 naming the field)", async () => {
    const c = await openConversation(agent);
    const colleague = await ws.addUser('agent');
    const theirs = await uploaded(colleague);
    const res = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'x',
      attachment_ids: [theirs.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ 'attachment_ids.0': 'was uploaded by someone else' });
    const bad = await agent.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'note',
      body_text: 'x',
      attachment_ids: ['nope'],
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['attachment_ids.0']);
  });
});

describe('discarding an unsent upload', () => {
  it('its uploader or an admin discards it, the bytes go too; another agent may not (403)', async () => {
    const a = await uploaded(agent);
    const colleague = await ws.addUser('agent');
    expect((await colleague.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(403);
    const before = (await storedFiles()).length;
    expect((await agent.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(204);
    expect((await agent.get(`/api/v1/attachments/${a.id}/content`)).statusCode).toBe(404);
    expect((await storedFiles()).length).toBe(before - 1);
    const b = await uploaded(agent);
    expect((await ws.admin.delete(`/api/v1/attachments/${b.id}`)).statusCode).toBe(204);
  });
});

describe('the sweep of uploads never sent', () => {
  it('removes uploads older than a day that no message took (row and file), keeps the rest', async () => {
    const w = await newWorkspace(t);
    const c = await openConversation(w.admin);
    const stale = await uploaded(w.admin, 'forgotten.pdf');
    const sent = await uploaded(w.admin, 'sent.pdf');
    const fresh = await uploaded(w.admin, 'fresh.pdf');
    const reply = await w.admin.post(`/api/v1/conversations/${c.id}/messages`, {
      direction: 'outbound',
      body_text: 'Attached',
      attachment_ids: [sent.id],
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const longAgo = new Date(Date.now() - (UNSENT_TTL_HOURS + 1) * 3600_000);
    // created_at is never updated by the app: age the rows behind its back.
    await t.database.query(
      `update attachments set created_at = $1 where workspace_id = $2 and id = any($3::bigint[])`,
      [longAgo, w.workspaceId, [stale.id, sent.id]],
    );

    const storage = t.app.files.storage;
    // Other test files share the database on PostgreSQL: sweep until this one is gone.
    let removed = 0;
    do removed = await sweepUnsentAttachments(t.database.db, storage, new Date());
    while (
      removed > 0 &&
      (await w.admin.get(`/api/v1/attachments/${stale.id}/content`)).statusCode !== 404
    );
    expect((await w.admin.get(`/api/v1/attachments/${stale.id}/content`)).statusCode).toBe(404);
    expect((await w.admin.get(`/api/v1/attachments/${sent.id}/content`)).statusCode).toBe(200);
    expect((await w.admin.get(`/api/v1/attachments/${fresh.id}/content`)).statusCode).toBe(200);
    expect(await sweepUnsentAttachments(t.database.db, storage, new Date())).toBe(0);
  });
});
