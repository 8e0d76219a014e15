// npm run bench:browser -- [--conversations N] [--messages N] [--clients N] [--runs N] [--out FILE]
//                          [--data DIR] [--app DIR] [--versus DIR] [--trace FILE]
//                          [--only links] [--link-runs N] [--depths 300,2000]
// The agent app in headless Chromium on the embedded database: how long until
// the inbox's first page is on screen, and until an opened conversation shows
// its messages; and how much JavaScript the inbox route loads (gzip).
// --only links measures instead how long a link to a message deep in the
// data set's 5,000-message conversation (a search result, a notification)
// takes to show it, beside a link to the same conversation's newest messages.
// --data DIR keeps the data set in DIR and reuses it on the next run; --app DIR
// measures another checkout (its server and its built app) on the same data, so
// runs before and after a change can alternate; --versus DIR runs a second server
// from another checkout on a copy of the data and alternates load by load between
// the two, so the machine's noise hits both alike; --trace FILE records a Chromium
// performance trace (DevTools' Performance panel) of one more cold load and two openings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
    data: { type: 'string' },
    app: { type: 'string' },
    versus: { type: 'string' },
    trace: { type: 'string' },
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
/** The checkout whose server and built app are measured. */
const APP = values.app ? path.resolve(values.app) : ROOT;
const PASSWORD = 'bench-password-1';
/** Beside the database in a --data directory: what it holds and who signs in. */
const DATA_SET_FILE = 'bench-browser.json';

interface KeptDataSet {
  size: { clients: number; conversations: number; messages: number };
  email: string;
  generateSeconds: number;
}

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
  const dist = path.join(APP, 'dist/web');
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

/** Waits until the inbox shows its first row; returns the milliseconds since `start`. */
async function firstRowOnScreen(page: Page, start: number): Promise<number> {
  await page.locator('.row').first().waitFor({ state: 'visible' });
  return performance.now() - start;
}

/**
 * Generates the data set in `dir` with an agent who can sign in; in a --data
 * directory, once: a later run of the same sizes reuses it.
 */
async function prepareDataSet(dir: string, size: KeptDataSet['size']): Promise<KeptDataSet> {
  const file = path.join(dir, DATA_SET_FILE);
  if (fs.existsSync(file)) {
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as KeptDataSet;
    if (JSON.stringify(kept.size) !== JSON.stringify(size))
      throw new Error(
        `${dir} holds another data set (${JSON.stringify(kept.size)}): use another --data`,
      );
    log(`reusing the data set in ${dir}`);
    return kept;
  }
  if (fs.existsSync(path.join(dir, 'pgdata')))
    throw new Error(
      `${dir} holds a database but no ${DATA_SET_FILE} (an interrupted run?): use another --data`,
    );
  const started = performance.now();
  const database = await openEmbedded(dir);
  try {
    await migrate(database);
    log(`generating ${size.conversations} conversations, ${size.messages} messages`);
    const ds = await generateDataSet(database, size, (line) =>
      log(`  ${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    );
    const agent = await database.query<{ email: string }>(
      `update users set password_hash = $3 where workspace_id = $1 and id = $2 returning email`,
      [ds.workspaceId, ds.agentIds[0], await hashPassword(PASSWORD)],
    );
    const kept: KeptDataSet = {
      size,
      email: agent.rows[0]!.email,
      generateSeconds: (performance.now() - started) / 1000,
    };
    // Written last: a directory without it was never finished.
    fs.writeFileSync(file, JSON.stringify(kept));
    return kept;
  } finally {
    await database.close();
  }
}

/** The long conversation of the data set, and messages of it `depths` back from its newest. */
interface LinkTargets {
  conversationId: string;
  deep: { depth: number; id: string }[];
}

/**
 * Finds the link targets in the data set (before any server opens it): the
 * generator's 5,000-message conversation is the workspace's longest.
 */
async function findLinkTargets(dir: string, email: string): Promise<LinkTargets> {
  const database = await openEmbedded(dir);
  try {
    const long = await database.query<{ id: string; workspace_id: string }>(
      `select c.id::text as id, c.workspace_id::text as workspace_id
       from conversations c join users u on u.workspace_id = c.workspace_id
       where u.email = $1 order by c.message_count desc, c.id limit 1`,
      [email],
    );
    const { id: conversationId, workspace_id: workspaceId } = long.rows[0]!;
    const deep = [];
    for (const depth of depths) {
      const message = await database.query<{ id: string }>(
        `select id::text as id from messages where workspace_id = $1 and conversation_id = $2
         order by id desc offset $3 limit 1`,
        [workspaceId, conversationId, depth],
      );
      if (!message.rows[0]) throw new Error(`the long conversation has no message ${depth} back`);
      deep.push({ depth, id: message.rows[0].id });
    }
    return { conversationId, deep };
  } finally {
    await database.close();
  }
}

/**
 * Opens links to the long conversation on each side (scripts cached, a new page
 * load each time, as a link from a notification or another tab does): to its
 * newest messages, and to a message `depth` back, until that message is on
 * screen and highlighted. With two sides, each load alternates between them.
 */
/** A page per side in a context of its own, on the inbox with its first row on screen. */
async function openInboxes(sides: Side[]): Promise<Page[]> {
  const pages: Page[] = [];
  for (const side of sides) {
    const context = await side.newContext();
    const page = await context.newPage();
    await page.goto(`${side.url}/inbox/all`);
    await firstRowOnScreen(page, performance.now());
    pages.push(page);
  }
  return pages;
}

async function measureLinks(
  sides: Side[],
  targets: LinkTargets,
  versusRoot?: string,
): Promise<string> {
  const pages = await openInboxes(sides);
  const links = [
    {
      label: 'a link to the conversation: its newest messages on screen',
      path: `/inbox/all/${targets.conversationId}`,
      shown: '.conversation-pane .bubble',
    },
    ...targets.deep.map(({ depth, id }) => ({
      label: `a link to the message ${depth.toLocaleString('en')} back: it on screen, highlighted`,
      path: `/inbox/all/${targets.conversationId}?message=${id}`,
      shown: `#message-${id}.linked`,
    })),
  ];
  const rows: string[] = [];
  const versusRows: string[] = [];
  const requestRows: string[] = [];
  for (const { label, path: linkPath, shown } of links) {
    log(label);
    const times = sides.map(() => [] as number[]);
    const requests = sides.map(() => new RequestLog());
    for (const [n, page] of pages.entries()) requests[n]!.watch(page);
    // One untimed run first (the database's caches).
    for (let i = -1; i < linkRuns; i++) {
      for (const [n, side] of sides.entries()) {
        const page = pages[n]!;
        requests[n]!.clear();
        const start = performance.now();
        await page.goto(`${side.url}${linkPath}`);
        await page.locator(shown).first().waitFor({ state: 'visible', timeout: 300_000 });
        if (i < 0) continue;
        times[n]!.push(performance.now() - start);
        requests[n]!.keep();
      }
    }
    for (const page of pages) page.removeAllListeners('requestfinished');
    const [ours, theirs] = times.map((t) => summarise(t, 1));
    rows.push(
      `| ${label} | ${ours!.p50.toFixed(0)} | ${ours!.p95.toFixed(0)} | ${ours!.p99.toFixed(0)} |`,
    );
    if (theirs)
      versusRows.push(
        `| ${label} | ${ours!.p50.toFixed(0)} | ${theirs.p50.toFixed(0)} | ${(ours!.p50 / theirs.p50).toFixed(2)} |`,
      );
    const messages = requests[0]!.table(linkRuns, '/messages').split('\n').slice(2);
    requestRows.push(...messages.map((r) => r.replace(/^\| /, `| ${label}: `)));
  }
  for (const page of pages) await page.context().close();
  return [
    '| workload (page load, scripts cached) | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|',
    ...rows,
    ...(versusRows.length
      ? [
          '',
          `Against ${versusRoot}, alternating load by load (p50 of each, and this checkout over the other):`,
          '',
          '| workload | this p50 ms | versus p50 ms | ratio |',
          '|---|---:|---:|---:|',
          ...versusRows,
        ]
      : []),
    '',
    'Requests for messages per run (from request start to response end):',
    '',
    '| link: request | per run | p50 ms | p95 ms |',
    '|---|---:|---:|---:|',
    ...requestRows,
  ].join('\n');
}

async function main() {
  if (!fs.existsSync(path.join(APP, 'dist/web/index.html')))
    throw new Error(`${APP} has no built app: run \`node scripts/build-web.js\` there first`);
  const dir = values.data
    ? path.resolve(values.data)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-browser-'));
  fs.mkdirSync(dir, { recursive: true });
  const size = {
    clients: Number(values.clients),
    conversations: Number(values.conversations),
    messages: Number(values.messages),
  };
  const { email, generateSeconds } = await prepareDataSet(dir, size);
  const linkTargets = values.only === 'links' ? await findLinkTargets(dir, email) : undefined;
  const loadBefore = os.loadavg();

  // With --versus, a second server runs the other checkout on a copy of the data,
  // and each load and opening alternates between the two.
  const versusRoot = values.versus ? path.resolve(values.versus) : undefined;
  if (versusRoot && !fs.existsSync(path.join(versusRoot, 'dist/web/index.html')))
    throw new Error(
      `${versusRoot} has no built app: run \`node scripts/build-web.js\` there first`,
    );
  const versusDir = `${dir}-versus`;
  if (versusRoot && !fs.existsSync(path.join(versusDir, DATA_SET_FILE))) {
    log(`copying the data set to ${versusDir}`);
    fs.rmSync(versusDir, { recursive: true, force: true });
    fs.cpSync(dir, versusDir, { recursive: true });
  }
  const server = await startRapport({ dataDir: dir, env: { RAPPORT_DEMO: '0' }, root: APP });
  const versusServer = versusRoot
    ? await startRapport({ dataDir: versusDir, env: { RAPPORT_DEMO: '0' }, root: versusRoot })
    : undefined;
  const browser = await launchChromium();
  try {
    const sides = [await openSide(browser, server.url, email)];
    if (versusServer) sides.push(await openSide(browser, versusServer.url, email));
    const { newContext } = sides[0]!;

    if (linkTargets) {
      const table = await measureLinks(sides, linkTargets, versusRoot);
      const text = [
        `### Links to a message deep in the 5,000-message conversation — PGlite, ` +
          `${size.conversations.toLocaleString('en')} conversations, ${size.messages.toLocaleString('en')} messages`,
        '',
        `${machineLine(browser.version(), generateSeconds, loadBefore)}; ${linkRuns} runs each` +
          `${versusRoot ? `; versus ${versusRoot}` : ''}.`,
        '',
        table,
      ].join('\n');
      console.log(text);
      if (values.out) fs.appendFileSync(values.out, `\n${text}\n`);
      return;
    }

    log('inbox, cold (new browser context each time: nothing cached)');
    for (let i = 0; i < runs; i++) {
      for (const side of sides) {
        const context = await side.newContext();
        const page = await context.newPage();
        side.coldRequests.watch(page);
        const start = performance.now();
        await page.goto(`${side.url}/inbox/all`);
        side.cold.push(await firstRowOnScreen(page, start));
        side.coldSteps.push(await loadSteps(page));
        await context.close();
      }
    }

    log('inbox, reload (scripts cached)');
    const pages = await openInboxes(sides);
    for (let i = 0; i < runs; i++) {
      for (const [n, side] of sides.entries()) {
        const start = performance.now();
        await pages[n]!.reload();
        side.warm.push(await firstRowOnScreen(pages[n]!, start));
      }
    }

    log('open a conversation from the list');
    for (const [n, side] of sides.entries()) side.openRequests.watch(pages[n]!);
    for (let i = 0; i < runs; i++) {
      for (const [n, side] of sides.entries()) {
        const page = pages[n]!;
        const previous = await page.$('.conversation-pane');
        side.openRequests.clear();
        const start = performance.now();
        await page
          .locator('.row')
          .nth((i % 20) + 1)
          .click();
        if (previous) await page.waitForFunction((el) => !el.isConnected, previous);
        await page.locator('.conversation-pane .bubble').first().waitFor({ state: 'visible' });
        side.open.push(performance.now() - start);
        side.openRequests.keep();
      }
    }
    for (const page of pages) await page.context().close();
    const { cold, warm, open, coldSteps, coldRequests, openRequests } = sides[0]!;
    const versus = sides[1];

    if (values.trace) await recordTrace(browser, newContext, server.url, values.trace);

    const js = initialJavaScript();
    const fmt = (s: Stats) => `${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.p99.toFixed(0)}`;
    const table = [
      `### Agent app in headless Chromium — PGlite, ${size.conversations.toLocaleString('en')} conversations, ` +
        `${size.messages.toLocaleString('en')} messages`,
      '',
      `${machineLine(browser.version(), generateSeconds, loadBefore)}; ${runs} runs each.`,
      '',
      '| workload | p50 ms | p95 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| inbox first page on screen, cold (new context, nothing cached) | ${fmt(summarise(cold, 1))} |`,
      `| inbox first page on screen, reload | ${fmt(summarise(warm, 1))} |`,
      `| open a conversation: click to messages on screen | ${fmt(summarise(open, 1))} |`,
      ...(versus
        ? [
            '',
            `Against ${versusRoot}, alternating load by load on a copy of the same data ` +
              '(p50 of each, and this checkout over the other):',
            '',
            '| workload | this p50 ms | versus p50 ms | ratio |',
            '|---|---:|---:|---:|',
            ...(
              [
                ['inbox first page on screen, cold', cold, versus.cold],
                ['inbox first page on screen, reload', warm, versus.warm],
                ['open a conversation', open, versus.open],
              ] as const
            ).map(([name, ours, theirs]) => {
              const a = summarise(ours, 1).p50;
              const b = summarise(theirs, 1).p50;
              return `| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)} |`;
            }),
          ]
        : []),
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
    ].join('\n');
    console.log(table);
    if (values.out) fs.appendFileSync(values.out, `\n${table}\n`);
  } finally {
    await browser.close();
    await server.stop();
    await versusServer?.stop();
    if (!values.data) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The machine, the browser, the data set and the load average before and now. */
function machineLine(chromium: string, generateSeconds: number, loadBefore: number[]): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  return (
    `${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; Chromium ${chromium}; ` +
    `1280×720; data set generated in ${generateSeconds.toFixed(0)} s; ` +
    `load average (1, 5, 15 min) ${load(loadBefore)} before, ${load(os.loadavg())} after` +
    `${values.app ? `; app from ${APP}` : ''}`
  );
}

interface Side {
  url: string;
  newContext: () => Promise<BrowserContext>;
  cold: number[];
  warm: number[];
  open: number[];
  coldSteps: Record<string, number>[];
  coldRequests: RequestLog;
  openRequests: RequestLog;
}

/** Signs in once on a server; every measured page starts from that session's cookie. */
async function openSide(browser: Browser, url: string, email: string): Promise<Side> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = /rapport_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  return {
    url,
    newContext: async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      // A loaded machine's first load of a copied data set can take longer than the default 30 s.
      context.setDefaultTimeout(300_000);
      await context.addCookies([{ name: 'rapport_session', value: cookie, url }]);
      return context;
    },
    cold: [],
    warm: [],
    open: [],
    coldSteps: [],
    coldRequests: new RequestLog(),
    openRequests: new RequestLog(),
  };
}

/**
 * One more cold inbox load and two openings, recorded as a Chromium trace with
 * screenshots and JavaScript samples: open it in DevTools' Performance panel.
 */
async function recordTrace(
  browser: Browser,
  newContext: () => Promise<BrowserContext>,
  url: string,
  file: string,
) {
  const context = await newContext();
  const page = await context.newPage();
  await browser.startTracing(page, {
    path: file,
    screenshots: true,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'disabled-by-default-v8.cpu_profiler',
      'v8.execute',
      'blink.user_timing',
      'loading',
      'netlog',
    ],
  });
  await page.goto(`${url}/inbox/all`);
  await firstRowOnScreen(page, performance.now());
  // The first opening loads what every later one reuses (people, teams, the composer);
  // the second is what opening usually costs. Marks in the trace show where each starts.
  for (const row of [1, 2]) {
    const previous = await page.$('.conversation-pane');
    await page.evaluate((name) => performance.mark(name), `bench: open row ${row}`);
    await page.locator('.row').nth(row).click();
    if (previous) await page.waitForFunction((el) => !el.isConnected, previous);
    await page.locator('.conversation-pane .bubble').first().waitFor({ state: 'visible' });
    await page.evaluate((name) => performance.mark(name), `bench: row ${row} messages on screen`);
    await page.waitForTimeout(1500);
  }
  await browser.stopTracing();
  await context.close();
  log(`trace written to ${file}`);
}

await main();
