import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  eventually,
  newWorkspace,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from '../../../test/harness.ts';

let t: TestApp;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  ws = await newWorkspace(t);
});
afterAll(() => t.close());

async function createClient(name: string) {
  const res = await ws.admin.post('/api/v1/clients', { name });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** Holds the database's connections busy (PGlite has one) until release() is called. */
function holdDatabase() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = t.database.db.transaction().execute(() => released);
  return { release: () => (release(), held) };
}

/** The URLs the HTTP server has received (their headers read), and those whose connection closed. */
function receivedUrls() {
  const urls: string[] = [];
  const closed: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    urls.push(req.url ?? '');
    res.once('close', () => closed.push(req.url ?? ''));
  };
  t.app.server.on('request', listener);
  return { urls, closed, stop: () => t.app.server.off('request', listener) };
}

/** Every parameter list the embedded database was asked to run, until stop(). */
function recordStatements() {
  const pglite = t.database.pglite!;
  const original = pglite.query.bind(pglite);
  const params: unknown[][] = [];
  pglite.query = ((text: string, values?: unknown[], options?: never) => {
    params.push(values ?? []);
    return original(text, values, options);
  }) as typeof pglite.query;
  return { params, stop: () => (pglite.query = original) };
}

function get(url: string, signal?: AbortSignal) {
  return fetch(`${baseUrl(t)}${url}`, {
    headers: { authorization: `Bearer ${ws.admin.token}` },
    signal,
  });
}

describe('a read whose client has gone', () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'gives its turn on the embedded database to the reads still wanted',
    async () => {
      const wanted = await createClient('Dossier the agent opened next');
      // A search only the abandoned request asks for: its term marks its statements.
      const forgotten = `Zyxwvut${Date.now()}`;
      const received = receivedUrls();
      const statements = recordStatements();
      const hold = holdDatabase();
      try {
        // The agent searches, then opens a client before the search has answered.
        const leaving = new AbortController();
        const left = get(`/api/v1/clients?q=${forgotten}`, leaving.signal).catch(
          (err: Error) => err.name,
        );
        await eventually('the server to receive it', async () =>
          received.urls.includes(`/api/v1/clients?q=${forgotten}`) ? true : undefined,
        );
        const next = get(`/api/v1/clients/${wanted}/timeline`);
        leaving.abort();
        expect(await left).toBe('AbortError');
        await eventually('the server to see the browser go', async () =>
          received.closed.length > 0 ? true : undefined,
        );
        await hold.release();

        const answered = await next;
        expect(answered.status).toBe(200);
        // The search never reached the database.
        const asked = (term: string) =>
          statements.params.some((p) => p.some((v) => typeof v === 'string' && v.includes(term)));
        expect(asked(forgotten)).toBe(false);
      } finally {
        statements.stop();
        received.stop();
        await hold.release();
      }
    },
  );

  it('is still answered when its client stays', async () => {
    const id = await createClient('Olga Petrova');
    const res = await get(`/api/v1/clients/${id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Olga Petrova');
  });
});
