// npm run bench:faq -- [--connections N] [--seconds N] [--warmup N] [--articles N]
//
// The public FAQ's hot path: one article page (/help/<workspace>/<lang>/articles/<slug>),
// served by one Rapport process (this one: the real app, listening on
// loopback) on PostgreSQL (DATABASE_URL, a database of its own) or, without
// it, a fresh embedded PGlite. The target: at least 1,000 requests/s.
//
// The load comes from N keep-alive HTTP clients in a worker thread (its own
// event loop, so the clients do not slow the server's; on a 2-core machine
// they still share the CPU with it). Each client sends the next request when
// the previous answer arrived; every answer must be a 200 with the article.
// Four workloads, one after the other:
//   page         the page as readers ask for it (no validator sent); the FAQ
//                keeps a rendered page a few seconds (faq-cache.ts), so most
//                are served from memory
//   uncached     every request a URL of its own (?n=1, ?n=2…), so none is in
//                the page cache: the database work, rendering and hashing each time
//   revalidate   the page with If-None-Match: a repeat visit, answered 304
//   raw          the reads of an uncached page straight from the services, no
//                HTTP and no rendering: the database doing the same work, for the ratio
// A help centre of --articles articles in six languages is created first, so
// the queries run against more than one row.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/server/app.ts';
import type { Ctx } from '../src/server/context.ts';
import { openMemory, openServer } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { findFaqWorkspace, getFaqArticle } from '../src/server/features/faq/faq.service.ts';
import { createWorkspace } from '../src/server/features/workspaces/workspace.service.ts';
import { secretsWithKey } from '../src/server/security/secrets.ts';
import { Language } from '../src/shared/api/common.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    articles: { type: 'string', default: '60' },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const ARTICLES = Number(values.articles);
const TARGET = 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);

const url = process.env.DATABASE_URL;
const database = url ? await openServer(url, 10) : await openMemory();
await migrate(database);
const app = await buildApp({
  database,
  config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
  logger: false,
  secrets: secretsWithKey(randomBytes(32)),
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });

// A help centre: categories, and articles published in every language, through the agents' API.
const base = { db: database.db, log: app.log, now: () => new Date() };
const suffix = randomBytes(4).toString('hex');
const { workspace, admin } = await createWorkspace(base, {
  name: `FAQ bench ${suffix}`,
  adminEmail: `admin-${suffix}@bench.test`,
  adminPassword: 'bench password',
  timeZone: 'UTC',
});
const systemCtx: Ctx = { ...base, workspaceId: workspace.id, actor: { kind: 'system' } };
const { token } = await createApiToken(systemCtx, { userId: admin.id, name: 'bench' });
async function api(method: 'POST' | 'PUT', path: string, body: object) {
  const res = await app.inject({
    method,
    url: `/api/v1${path}`,
    headers: { authorization: `Bearer ${token}` },
    payload: body,
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string };
}

const PARAGRAPH =
  'Your order leaves our warehouse within one business day. The courier calls an hour before arriving; if nobody is at home, the parcel waits for you at the nearest pick-up point for seven days. ';
const bodyOf = (n: number, language: string) =>
  `## ${language} ${n}\n\n${PARAGRAPH.repeat(6)}\n\n- step one\n- step two\n- step three\n\n**Still unsure?** Write to us.`;
const categories: string[] = [];
for (let c = 0; c < 5; c++) {
  const names = Object.fromEntries(Language.options.map((l) => [l, { name: `Topic ${c} ${l}` }]));
  categories.push((await api('POST', '/knowledge/categories', { translations: names })).id);
}
for (let n = 0; n < ARTICLES; n++) {
  const [first = 'en', ...rest] = Language.options;
  const version = (l: string) => ({
    title: `How does delivery work, part ${n} (${l})?`,
    body_markdown: bodyOf(n, l),
    state: 'published',
  });
  const { id } = await api('POST', '/knowledge/articles', {
    category_id: categories[n % categories.length],
    visibility: 'public',
    slug: `delivery-${n}`,
    version: { language: first, ...version(first) },
  });
  for (const l of rest) await api('PUT', `/knowledge/articles/${id}/versions/${l}`, version(l));
}
const slug = `delivery-${Math.floor(ARTICLES / 2)}`;
const pagePath = `/help/${workspace.slug}/es/articles/${slug}`;
const first = await fetch(`${address}${pagePath}`);
const firstBody = await first.text();
if (first.status !== 200) throw new Error(`${pagePath}: ${first.status}\n${firstBody}`);
const etag = first.headers.get('etag')!;

// The load generator: plain JavaScript, so the worker needs no TypeScript loader.
const LOAD = `
const http = require('node:http');
const { parentPort, workerData: w } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: w.connections });
let measuring = false, done = false, ok = 0, bad = 0, n = 0;
const latencies = [];
function one() {
  if (done) return;
  const start = performance.now();
  const url = w.unique ? w.url + '?n=' + n++ : w.url;
  const req = http.request(url, { agent, headers: w.headers }, (res) => {
    let bytes = 0;
    res.on('data', (c) => (bytes += c.length));
    res.on('end', () => {
      if (measuring) {
        if (res.statusCode === w.status && (w.status === 304 || bytes > 1000)) ok++;
        else bad++;
        latencies.push(performance.now() - start);
      }
      one();
    });
  });
  req.on('error', () => { bad++; setTimeout(one, 10); });
  req.end();
}
for (let i = 0; i < w.connections; i++) one();
setTimeout(() => {
  measuring = true;
  const started = performance.now();
  setTimeout(() => {
    done = true;
    const wallMs = performance.now() - started;
    agent.destroy();
    parentPort.postMessage({ ok, bad, wallMs, latencies });
  }, w.seconds * 1000);
}, w.warmup * 1000);
`;

interface LoadResult {
  ok: number;
  bad: number;
  wallMs: number;
  latencies: number[];
}

function load(
  headers: Record<string, string>,
  status: number,
  unique = false,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, {
      eval: true,
      workerData: {
        url: `${address}${pagePath}`,
        headers,
        status,
        unique,
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmup: WARMUP,
      },
    });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * The same reads as an uncached page, straight from the services, with as
 * many callers as clients. The phases end by the clock read in the loop, not
 * by timers: PGlite answers through microtasks, so a timer might never run.
 */
async function raw(): Promise<LoadResult> {
  const measureFrom = performance.now() + WARMUP * 1000;
  const measureTo = measureFrom + SECONDS * 1000;
  let ok = 0;
  const latencies: number[] = [];
  async function caller() {
    for (;;) {
      const start = performance.now();
      if (start >= measureTo) return;
      const w = await findFaqWorkspace(database.db, workspace.slug);
      const a = await getFaqArticle({ ...systemCtx, workspaceId: w!.id }, { language: 'es', slug });
      const end = performance.now();
      if (start >= measureFrom && end <= measureTo && a.kind === 'found') {
        ok++;
        latencies.push(end - start);
      }
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, () => caller()));
  return { ok, bad: 0, wallMs: SECONDS * 1000, latencies };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function row(name: string, r: LoadResult) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const perSecond = (r.ok / r.wallMs) * 1000;
  log(
    `| ${name.padEnd(10)} | ${perSecond.toFixed(0).padStart(7)} | ${percentile(sorted, 50).toFixed(2).padStart(6)} | ${percentile(sorted, 99).toFixed(2).padStart(6)} | ${String(r.bad).padStart(6)} |`,
  );
  return perSecond;
}

log(
  `FAQ article page ${pagePath} (${firstBody.length} bytes) on ${url ? 'PostgreSQL' : 'PGlite'}; ` +
    `${ARTICLES} articles × 6 languages; ${CONNECTIONS} keep-alive connections; ` +
    `${WARMUP} s warm-up, ${SECONDS} s measured per workload.`,
);
log('');
log('| workload   |  req/s  | p50 ms | p99 ms | errors |');
log('| ---------- | ------- | ------ | ------ | ------ |');
const page = row('page', await load({}, 200));
const uncached = row('uncached', await load({}, 200, true));
row('revalidate', await load({ 'if-none-match': etag }, 304));
const direct = row('raw', await raw());
log('');
log(
  `Pages served at ${(page / direct).toFixed(2)}× (uncached: ${(uncached / direct).toFixed(2)}×) ` +
    `the rate of the same reads straight from the database. ` +
    `Target ≥ ${TARGET} pages/s: ${page >= TARGET ? 'met' : 'NOT met'}.`,
);

await app.close();
await database.close();
