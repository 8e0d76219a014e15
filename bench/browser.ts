// npm run bench:browser -- [--conversations N] [--messages N] [--clients N] [--runs N] [--out FILE]
//   [--only links] [--link-runs N] [--depths 300,2000]
// The agent app in headless Chromium on the embedded database: how long until
// the inbox's first page is on screen, and until an opened conversation shows
// its messages; how much JavaScript the inbox route loads (gzip); and how long
// a link to a message deep in the 5,000-message conversation (a search result,
// a notification) takes to show it (`--only links` measures just that).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, startRapport } from '../e2e/browser.ts';
import { openEmbedded } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/security.ts';
import { generateDataSet } from './generate.ts';
import { summarise, type Stats } from './stats.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    conversations: { type: 'string', default: '200000' },
    messages: { type: 'string', default: '2000000' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string' },
    only: { type: 'string' },
    'link-runs': { type: 'string', default: '10' },
    depths: { type: 'string', default: '300,2000' },
  },
});
const runs = Number(values.runs);
const linkRuns = Number(values['link-runs']);
const depths = values.depths.split(',').map(Number);
if (values.only !== undefined && values.only !== 'links') throw new Error('--only takes "links"');
const log = (line: string) => process.stderr.write(`${line}\n`);
const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'bench-password-1';

/**
 * The requests a page makes, by endpoint (ids folded to :id), with how long each took
 * from request start to response end, so a slow step shows which call to look at.
 */
class RequestLog {
  private current: { key: string; ms: number; start: number }[] = [];
  private kept: { key: string; ms: number; start: number }[][] = [];
  watch(page: Page) {
    page.on('requestfinished', (request) => {
      const t = request.timing();
      const url = new URL(request.url());
      const key = `${request.method()} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/-[\w-]{8}\.(js|css)$/, '.$1')}`;
      this.current.push({ key, ms: t.responseEnd, start: t.startTime });
    });
  }
  clear() {
    this.current = [];
  }
  keep() {
    this.kept.push(this.current);
    this.current = [];
  }
  table(runs: number, only = '') {
    if (this.current.length) this.keep();
    const byKey = new Map<string, number[]>();
    for (const run of this.kept)
      for (const r of run)
        if (r.key.includes(only)) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.ms]);
    const rows = [...byKey].map(([key, ms]) => ({
      key,
      n: ms.length / runs,
      stats: summarise(ms, 1),
    }));
    rows.sort((a, b) => b.stats.p50 - a.stats.p50);
    return [
      '| request | per run | p50 ms | p95 ms |',
      '|---|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| \`${r.key}\` | ${r.n.toFixed(1)} | ${r.stats.p50.toFixed(0)} | ${r.stats.p95.toFixed(0)} |`,
      ),
    ].join('\n');
  }
}

/** The gzip size of the JavaScript the inbox page loads before anything else is asked for. */
function initialJavaScript(): { files: string[]; gzipBytes: number } {
  const dist = path.join(ROOT, 'dist/web');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let gzipBytes = 0;
  for (const f of files) {
    const content = fs.readFileSync(path.join(dist, f.replace(/^\//, '')));
    gzipBytes += zlib.gzipSync(content, { level: 6 }).length;
  }
  return { files, gzipBytes };
}

/** Waits until the inbox shows its first row; returns the milliseconds since `start`. */
/** When each step of a page load ended, from the page's own performance timeline. */
async function loadSteps(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    // Runs in the page (the DOM's Performance, not Node's).
    const perf = performance as unknown as { getEntriesByType(type: string): unknown[] };
    const nav = perf.getEntriesByType('navigation')[0] as {
      responseEnd: number;
      domContentLoadedEventEnd: number;
    };
    const resources = perf.getEntriesByType('resource') as {
      name: string;
      startTime: number;
      responseEnd: number;
    }[];
    const js = resources.filter((r) => /\.js$/.test(new URL(r.name).pathname));
    const steps: Record<string, number> = {
      'HTML received': nav.responseEnd,
      'last script received': Math.max(0, ...js.map((r) => r.responseEnd)),
      DOMContentLoaded: nav.domContentLoadedEventEnd,
    };
    // Scripts the page found only by running others (lazy chunks): each one on the critical path.
    const late = nav.responseEnd + 50;
    for (const r of js.filter((r) => r.startTime > late)) {
      const file = new URL(r.name).pathname.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js');
      steps[`script ${file} asked`] = r.startTime;
      steps[`script ${file} received`] = r.responseEnd;
    }
    for (const r of resources) {
      const url = new URL(r.name);
      if (!url.pathname.startsWith('/api/') && !url.pathname.endsWith('.json')) continue;
      const name = url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id');
      steps[`${name} asked`] = r.startTime;
      steps[`${name} answered`] = r.responseEnd;
    }
    steps['first row on screen'] = performance.now();
    return steps;
  });
}

function stepsTable(runs: Record<string, number>[]): string {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const rows = names
    .map((name) => ({ name, ms: median(runs.map((r) => r[name]).filter((x) => x !== undefined)) }))
    .sort((a, b) => a.ms - b.ms);
  return [
    '| step | ms |',
    '|---|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} |`),
  ].join('\n');
}

async function firstRowOnScreen(page: Page, start: number): Promise<number> {
  await page.locator('.row').first().waitFor({ state: 'visible' });
  return performance.now() - start;
}

/**
 * Opens links to the long conversation (scripts cached, a new page load each
 * time, as a link from a notification or another tab does): to its newest
 * messages, and to a message `depth` back, until that message is on screen.
 */
async function measureLinks(
  url: string,
  newContext: () => Promise<BrowserContext>,
  conversationId: string,
  deep: { depth: number; id: string }[],
): Promise<string> {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${url}/inbox/all`);
  await firstRowOnScreen(page, performance.now());
  const rows: string[] = [];
  const requestRows: string[] = [];
  const measure = async (label: string, path: string, shown: string) => {
    log(label);
    const times: number[] = [];
    const requests = new RequestLog();
    requests.watch(page);
    // One untimed run first (the database's caches).
    for (let i = -1; i < linkRuns; i++) {
      requests.clear();
      const start = performance.now();
      await page.goto(`${url}${path}`);
      await page.locator(shown).first().waitFor({ state: 'visible', timeout: 300_000 });
      if (i < 0) continue;
      times.push(performance.now() - start);
      requests.keep();
    }
    page.removeAllListeners('requestfinished');
    const s = summarise(times, 1);
    rows.push(`| ${label} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.p99.toFixed(0)} |`);
    const messages = requests.table(linkRuns, '/messages').split('\n').slice(2);
    requestRows.push(...messages.map((r) => r.replace(/^\| /, `| ${label}: `)));
  };
  await measure(
    'a link to the conversation: its newest messages on screen',
    `/inbox/all/${conversationId}`,
    '.conversation-pane .bubble',
  );
  for (const { depth, id } of deep)
    await measure(
      `a link to the message ${depth.toLocaleString('en')} back: it on screen, highlighted`,
      `/inbox/all/${conversationId}?message=${id}`,
      `#message-${id}.linked`,
    );
  await context.close();
  return [
    '| workload (page load, scripts cached) | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    'Requests for messages per run (from request start to response end):',
    '',
    '| link: request | per run | p50 ms | p95 ms |',
    '|---|---:|---:|---:|',
    ...requestRows,
  ].join('\n');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-browser-'));
  const started = performance.now();
  const size = {
    clients: Number(values.clients),
    conversations: Number(values.conversations),
    messages: Number(values.messages),
  };
  let email: string;
  let longConversationId: string;
  /** Messages of the long conversation this many back from its newest (0: the newest). */
  const deepMessages: { depth: number; id: string }[] = [];
  {
    const database = await openEmbedded(dir);
    await migrate(database);
    log(`generating ${size.conversations} conversations, ${size.messages} messages`);
    const ds = await generateDataSet(database, size, (line) =>
      log(`  ${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    );
    const agent = await database.query<{ email: string }>(
      `update users set password_hash = $3 where workspace_id = $1 and id = $2 returning email`,
      [ds.workspaceId, ds.agentIds[0], await hashPassword(PASSWORD)],
    );
    email = agent.rows[0]!.email;
    longConversationId = ds.longConversationId;
    for (const depth of depths) {
      const deep = await database.query<{ id: string }>(
        `select id::text as id from messages where workspace_id = $1 and conversation_id = $2
         order by messages.id desc offset $3 limit 1`,
        [ds.workspaceId, ds.longConversationId, depth],
      );
      deepMessages.push({ depth, id: deep.rows[0]!.id });
    }
    await database.close();
  }
  const generateSeconds = (performance.now() - started) / 1000;

  const server = await startRapport({ dataDir: dir, env: { RAPPORT_DEMO: '0' } });
  const browser = await launchChromium();
  try {
    // Sign in once; every measured page starts from that session's cookie.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = /rapport_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const newContext = async (): Promise<BrowserContext> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addCookies([{ name: 'rapport_session', value: cookie, url: server.url }]);
      return context;
    };

    if (values.only === 'links') {
      const table = await measureLinks(server.url, newContext, longConversationId, deepMessages);
      const heading = `### Links to a message deep in the 5,000-message conversation — PGlite, ${size.conversations.toLocaleString('en')} conversations, ${size.messages.toLocaleString('en')} messages`;
      const machine = `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; Chromium ${browser.version()}; 1280×720; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${linkRuns} runs each.`;
      const text = [heading, '', machine, '', table].join('\n');
      console.log(text);
      if (values.out) fs.appendFileSync(values.out, `\n${text}\n`);
      return;
    }

    log('inbox, cold (new browser context each time: nothing cached)');
    const cold: number[] = [];
    const coldRequests = new RequestLog();
    const coldSteps: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await newContext();
      const page = await context.newPage();
      coldRequests.watch(page);
      const start = performance.now();
      await page.goto(`${server.url}/inbox/all`);
      cold.push(await firstRowOnScreen(page, start));
      coldSteps.push(await loadSteps(page));
      await context.close();
    }

    log('inbox, reload (scripts cached)');
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/inbox/all`);
    await firstRowOnScreen(page, performance.now());
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await page.reload();
      warm.push(await firstRowOnScreen(page, start));
    }

    log('open a conversation from the list');
    const open: number[] = [];
    const openRequests = new RequestLog();
    openRequests.watch(page);
    const rows = page.locator('.row');
    for (let i = 0; i < runs; i++) {
      const previous = await page.$('.conversation-pane');
      openRequests.clear();
      const start = performance.now();
      await rows.nth((i % 20) + 1).click();
      if (previous) await page.waitForFunction((el) => !el.isConnected, previous);
      await page.locator('.conversation-pane .bubble').first().waitFor({ state: 'visible' });
      open.push(performance.now() - start);
      openRequests.keep();
    }
    await context.close();

    const js = initialJavaScript();
    const fmt = (s: Stats) => `${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.p99.toFixed(0)}`;
    const table = [
      `### Agent app in headless Chromium — PGlite, ${size.conversations.toLocaleString('en')} conversations, ` +
        `${size.messages.toLocaleString('en')} messages`,
      '',
      `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
        `${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; Chromium ${browser.version()}; ` +
        `1280×720; data set generated in ${generateSeconds.toFixed(0)} s; ${runs} runs each.`,
      '',
      '| workload | p50 ms | p95 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| inbox first page on screen, cold (new context, nothing cached) | ${fmt(summarise(cold, 1))} |`,
      `| inbox first page on screen, reload | ${fmt(summarise(warm, 1))} |`,
      `| open a conversation: click to messages on screen | ${fmt(summarise(open, 1))} |`,
      '',
      `Initial JavaScript of the inbox route: ${(js.gzipBytes / 1024).toFixed(1)} kB gzip ` +
        `(${js.files.length} file${js.files.length === 1 ? '' : 's'}: ${js.files.map((f) => path.basename(f)).join(', ')}).`,
      '',
      'Requests while opening a conversation (median per run, from request start to response end):',
      '',
      openRequests.table(runs),
      '',
      'A cold inbox load step by step (ms since navigation start, median of the runs):',
      '',
      stepsTable(coldSteps),
      '',
      'API requests of a cold inbox load:',
      '',
      coldRequests.table(runs, '/api/'),
      '',
      await measureLinks(server.url, newContext, longConversationId, deepMessages),
    ].join('\n');
    console.log(table);
    if (values.out) fs.appendFileSync(values.out, `\n${table}\n`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
