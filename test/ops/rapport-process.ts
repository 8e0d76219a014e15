import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers that run the real command line (`node bin/rapport.js`) as child processes. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/rapport.js');

/** A fresh directory under the system temp dir, removed by the returned cleanup. */
export function makeTempDir(prefix = 'rapport-ops-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Asks the kernel for a port nobody listens on. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a child: the embedded database unless DATABASE_URL is
 * passed explicitly, quiet logs, loopback only, and nothing of the test
 * runner's own Node options.
 */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'NODE_OPTIONS', 'PORT', 'RAPPORT_DATA_DIR', 'RAPPORT_DEMO']) {
    delete env[name];
  }
  Object.assign(env, { HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one command to its end (bounded by timeoutMs) and returns its output. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rapport ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A running `rapport serve`. */
export interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls /api/v1/health until it answers 200; throws with the output at the deadline. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Calls the API with an optional bearer token. */
  api(method: string, url: string, options?: { token?: string; body?: unknown }): Promise<Response>;
}

/** A `rapport` command started with its output gathered; `gone` once it exited. */
function spawnRapport(command: string, env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [BIN, command], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { out: '', err: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output.out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output.err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  return { child, output, exited, gone: () => ended };
}

/** Starts `rapport serve` on a free port; does not wait for it. */
export async function startServe(env: Record<string, string | undefined>): Promise<Server> {
  const port = await findFreePort();
  const { child, output, exited, gone } = spawnRapport('serve', { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const server: Server = {
    child,
    port,
    url,
    stdout: () => output.out,
    stderr: () => output.err,
    exited,
    async waitHealthy(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (gone()) {
          throw new Error(
            `rapport serve exited before it was healthy\n${output.out}\n${output.err}`,
          );
        }
        try {
          const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          throw new Error(
            `rapport serve was not healthy within ${timeoutMs} ms\n${output.out}\n${output.err}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!gone()) child.kill(signal);
      return exited;
    },
    api(method, path, options = {}) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(10_000),
      });
    },
  };
  return server;
}

/** Polls until check() is true; throws with what at the deadline. */
export async function waitUntil(
  what: string,
  check: () => boolean,
  timeoutMs: number,
  intervalMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The cluster state recorded in pg_control: 1 is "shut down" (a clean close
 * with a checkpoint), 6 is "in production" (open, or killed while open).
 */
export function readClusterState(dataDir: string): number {
  const control = fs.readFileSync(path.join(dataDir, 'pgdata', 'global', 'pg_control'));
  // ControlFileData: system_identifier (8 bytes), two uint32 versions, then state.
  return control.readUInt32LE(16);
}

export const DB_SHUTDOWNED = 1;

/** A running `rapport ingest-worker`. */
export interface Worker {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until it says it is ingesting; throws with its output at the deadline. */
  waitReady(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `rapport ingest-worker`; does not wait for it. */
export function startIngestWorker(env: Record<string, string | undefined>): Worker {
  const { child, output, exited, gone } = spawnRapport('ingest-worker', env);
  return {
    child,
    stdout: () => output.out,
    stderr: () => output.err,
    exited,
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.out.includes('ingesting stored email')) {
        if (gone()) throw new Error(`rapport ingest-worker exited\n${output.out}\n${output.err}`);
        if (Date.now() > deadline) {
          throw new Error(
            `rapport ingest-worker not ready within ${timeoutMs} ms\n${output.out}\n${output.err}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!gone()) child.kill(signal);
      return exited;
    },
  };
}
