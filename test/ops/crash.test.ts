import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  DB_SHUTDOWNED,
  makeTempDir,
  readClusterState,
  runCli,
  startServe,
  waitUntil,
  type Server,
} from './rapport-process.ts';

/**
 * kill -9 at many moments must leave a data directory that starts again with
 * everything committed before the kill. The moments are chosen by what the
 * process is doing (observed on disk and on stdout), not by guessed sleeps,
 * plus a few fixed offsets into the work.
 */
const onPostgres = Boolean(inject('databaseUrl'));
const DEMO_LOGIN = { email: 'admin@demo.rapport.test', password: 'rapport-demo' };

const roots: string[] = [];
const running = new Set<Server>();

afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

async function serve(env: Record<string, string>) {
  const s = await startServe(env);
  running.add(s);
  void s.exited.then(() => running.delete(s));
  return s;
}

function hasEntry(dir: string, prefix: string) {
  try {
    return fs.readdirSync(dir).some((e) => e.startsWith(prefix));
  } catch {
    return false;
  }
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts again after a kill and checks the directory serves the demo workspace. */
async function expectStartsAgainWithDemo(dataDir: string) {
  const s = await serve({ RAPPORT_DATA_DIR: dataDir });
  await s.waitHealthy(90_000);
  const login = await s.api('POST', '/api/v1/auth/login', { body: DEMO_LOGIN });
  expect(login.status, await login.clone().text()).toBe(200);
  expect(await s.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  expect(readClusterState(dataDir)).toBe(DB_SHUTDOWNED);
  // The database and the key that seals stored secrets, and nothing left over (no lock).
  expect(fs.readdirSync(dataDir).sort()).toEqual(['pgdata', 'secret.key']);
}

describe.skipIf(onPostgres)('kill -9 during the very first start', { timeout: 120_000 }, () => {
  // Each moment gets a fresh directory; the kill lands while that work runs.
  const moments: [string, (s: Server, dataDir: string) => Promise<void>][] = [
    ['while Node loads, before the data directory exists', () => pause(30)],
    [
      'as initdb begins writing the temporary directory',
      (_s, dir) => waitUntil('pgdata.init-*', () => hasEntry(dir, 'pgdata.init-'), 60_000),
    ],
    [
      'in the middle of initdb',
      async (_s, dir) => {
        await waitUntil('pgdata.init-*', () => hasEntry(dir, 'pgdata.init-'), 60_000);
        await pause(400);
      },
    ],
    [
      'as migrations begin (pgdata just renamed into place)',
      (_s, dir) =>
        waitUntil(
          'pgdata/PG_VERSION',
          () => fs.existsSync(path.join(dir, 'pgdata', 'PG_VERSION')),
          60_000,
          1,
        ),
    ],
    [
      'during migrations',
      async (_s, dir) => {
        await waitUntil(
          'pgdata/PG_VERSION',
          () => fs.existsSync(path.join(dir, 'pgdata', 'PG_VERSION')),
          60_000,
        );
        await pause(250);
      },
    ],
    [
      'right after the demo seed committed',
      (s) => waitUntil('the demo banner', () => s.stdout().includes('Demo workspace'), 60_000, 1),
    ],
  ];

  it.each(moments)('%s', { timeout: 180_000 }, async (_name, moment) => {
    const root = makeTempDir();
    roots.push(root);
    const dataDir = path.join(root, 'data');
    const s = await serve({ RAPPORT_DATA_DIR: dataDir });
    await moment(s, dataDir);
    s.child.kill('SIGKILL');
    expect((await s.exited).signal).toBe('SIGKILL');
    // The kill landed inside the first start, before the server listened.
    expect(s.stdout()).not.toContain('listening');
    await expectStartsAgainWithDemo(dataDir);
  });
});

describe.skipIf(onPostgres)('a kill as PostgreSQL creates its lock file', () => {
  it('leaves it empty, and the next start goes on', { timeout: 180_000 }, async () => {
    const root = makeTempDir();
    roots.push(root);
    const dataDir = path.join(root, 'data');
    const first = await serve({ RAPPORT_DATA_DIR: dataDir });
    await first.waitHealthy(90_000);
    first.child.kill('SIGKILL');
    await first.exited;
    // What a kill between PostgreSQL's open(O_CREAT | O_EXCL) and its write
    // leaves: the moment is too short to hit on purpose, so it is made here.
    const lockFile = path.join(dataDir, 'pgdata', 'postmaster.pid');
    expect(fs.existsSync(lockFile)).toBe(true);
    fs.writeFileSync(lockFile, '');
    await expectStartsAgainWithDemo(dataDir);
  });
});

describe.skipIf(onPostgres)('kill -9 while requests write data', { timeout: 120_000 }, () => {
  it('keeps every acknowledged write across repeated kills', { timeout: 180_000 }, async () => {
    const root = makeTempDir();
    roots.push(root);
    const env = { RAPPORT_DATA_DIR: path.join(root, 'data'), RAPPORT_DEMO: '0' };
    const created = await runCli(
      [
        'create-workspace',
        '--name',
        'Crash',
        '--admin-email',
        'c@crash.test',
        '--admin-password',
        'correct horse',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const made = await runCli(
      ['create-token', '--workspace', 'crash', '--email', 'c@crash.test', '--name', 'ops'],
      env,
    );
    const { token } = JSON.parse(made.stdout) as { token: string };

    const acknowledged: string[] = [];
    // Offsets after the first write was acknowledged: early, mid-stream, and
    // during the shutdown checkpoint that a SIGTERM starts.
    const kills: { afterMs: number; duringShutdown?: boolean }[] = [
      { afterMs: 0 },
      { afterMs: 37 },
      { afterMs: 180 },
      { afterMs: 450 },
      { afterMs: 120, duringShutdown: true },
    ];
    for (const [round, kill] of kills.entries()) {
      const s = await serve(env);
      await s.waitHealthy(90_000);
      // Two writers at once, so a kill can land with a request queued behind a transaction.
      let stop = false;
      let firstAck!: () => void;
      const acked = new Promise<void>((r) => (firstAck = r));
      const writer = async (w: number) => {
        for (let n = 0; !stop; n++) {
          const name = `r${round}-w${w}-${n}`;
          try {
            const res = await s.api('POST', '/api/v1/api-tokens', { token, body: { name } });
            if (res.status !== 201) throw new Error(`write answered ${res.status}`);
            acknowledged.push(name);
            firstAck();
          } catch (err) {
            if (stop) return;
            throw err;
          }
        }
      };
      const writers = [writer(1), writer(2)];
      await acked;
      await pause(kill.afterMs);
      if (kill.duringShutdown) {
        stop = true;
        s.child.kill('SIGTERM');
        await pause(kill.afterMs);
      }
      stop = true;
      s.child.kill('SIGKILL');
      await s.exited;
      await Promise.all(writers);
    }

    const s = await serve(env);
    await s.waitHealthy(90_000);
    const res = await s.api('GET', '/api/v1/api-tokens', { token });
    expect(res.status).toBe(200);
    const stored = new Set(
      ((await res.json()) as { items: { name: string }[] }).items.map((t) => t.name),
    );
    expect(acknowledged.length).toBeGreaterThan(kills.length);
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    expect(await s.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
