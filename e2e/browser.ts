import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `rapport serve` on its own port and a new data directory with the demo
 * workspace, or on a given data directory (kept when it stops) with extra settings;
 * `root` runs another checkout of Rapport (a benchmark's "before").
 */
export async function startRapport(
  options: { dataDir?: string; env?: Record<string, string>; root?: string } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'rapport-e2e-')));
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    RAPPORT_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['bin/rapport.js', 'serve'], {
    cwd: options.root ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  // Wait for the line the server prints once it listens, or for it to die.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server within 180 s\n${out}`)), 180_000);
    const check = () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`rapport serve exited\n${out}`));
    });
  });
  return { url, output: () => out, stop };
}

/** Debian's Chromium, headless, quiet (no network calls of its own). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-window screenshot under test-results/ (a CI artifact). */
export async function saveScreenshot(page: Page, name: string) {
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`) });
}

/** A screenshot (saveScreenshot) once the dialogs opened have finished fading in. */
export async function saveSettledScreenshot(page: Page, name: string) {
  await page.waitForFunction(
    "[...document.querySelectorAll('.mantine-Modal-content')]" +
      ".every((el) => getComputedStyle(el).opacity === '1')",
  );
  await saveScreenshot(page, name);
}

/**
 * Pages of their own browser contexts (each its own session), in English, with axe
 * allowed in (bypassCSP; the app's own scripts are unchanged); `problems` keeps what
 * each page's console complains about, by the page's name.
 */
export function browserSessions() {
  const contexts: BrowserContext[] = [];
  const problems: Record<string, string[]> = {};
  return {
    problems,
    async open(browser: Browser, name: string, viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, locale: 'en-US', bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      problems[name] = watchConsole(page);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
    },
  };
}

/** Collects what the page complains about (CSP violations, script errors) for an assertion. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    // The sign-in screen asks for the session first; a 401 there is the expected answer.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: {
    html: string;
    target: string[];
    any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }[];
  }[];
}

/** The serious and critical violations on the page now, the mouse moved out of the way. */
export async function seriousViolationsNow(page: Page): Promise<string[]> {
  // The mouse leaves the last button clicked: a hovered button is a shade lighter.
  await page.mouse.move(1, 1);
  return seriousViolations(await axeViolations(page));
}

/** The serious and critical violations, one line each (contrast with its colours and ratio). */
export function seriousViolations(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => {
        const c = n.any[0]?.data;
        const detail = c?.contrastRatio
          ? `${c.fgColor} on ${c.bgColor} is ${c.contrastRatio}:1`
          : n.html.slice(0, 160);
        return `${v.id} (${v.impact}): ${detail} at ${n.target.join(' ')}`;
      }),
    );
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now (injecting
 * axe; the page's context must allow the script, e.g. bypassCSP).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return result.violations;
  });
}
