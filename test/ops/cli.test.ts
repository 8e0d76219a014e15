import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTempDir, runCli, startServe, type Server } from './rapport-process.ts';

// The command line against the embedded database, as a user runs it. These
// run on PGlite only: the PostgreSQL run covers the same code in-process.
const onPostgres = Boolean(inject('databaseUrl'));

const scratch: string[] = [];
/** A temp directory removed after the file's tests. */
function tempDir() {
  const dir = makeTempDir();
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe(
  'invalid configuration stops the process with one line naming the variable',
  { timeout: 120_000 },
  () => {
    const cases: [string, Record<string, string>][] = [
      ['PORT', { PORT: 'abc' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
      ['RAPPORT_DEMO', { RAPPORT_DEMO: 'maybe' }],
      ['RAPPORT_INGEST_WORKERS', { RAPPORT_INGEST_WORKERS: 'maybe' }],
      // No second process beside the embedded database to ingest the email.
      ['RAPPORT_INGEST_WORKERS', { RAPPORT_INGEST_WORKERS: '0' }],
    ];
    it.each(cases)('%s', async (variable, env) => {
      const dataDir = path.join(tempDir(), 'data');
      const r = await runCli(['serve'], { ...env, RAPPORT_DATA_DIR: dataDir });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^rapport: invalid configuration: ${variable}: `));
      // It stopped before touching anything.
      expect(fs.existsSync(dataDir)).toBe(false);
    });
  },
);

describe('ingest-worker', { timeout: 120_000 }, () => {
  it('needs PostgreSQL: without DATABASE_URL it exits 1 naming it, touching nothing', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const r = await runCli(['ingest-worker'], { RAPPORT_DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'rapport: invalid configuration: DATABASE_URL: is required by ingest-worker: the embedded database takes one process',
    ]);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe('usage errors', { timeout: 120_000 }, () => {
  it('an unknown command exits 1 with the usage', async () => {
    const r = await runCli(['frobnicate'], { RAPPORT_DATA_DIR: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage: rapport <command>');
  });

  it('a missing --flag exits 1 with the usage and names the flag', async () => {
    const r = await runCli(['create-workspace', '--name', 'Acme'], {
      RAPPORT_DATA_DIR: tempDir(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--admin-email is required');
    expect(r.stderr).toContain('Usage: rapport <command>');
  });

  it('an unknown --flag exits 1 with the usage', async () => {
    const r = await runCli(['migrate', '--bogus'], { RAPPORT_DATA_DIR: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--bogus');
    expect(r.stderr).toContain('Usage: rapport <command>');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await runCli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('create-workspace --name N');
  });
});

describe.skipIf(onPostgres)('commands on one data directory', { timeout: 120_000 }, () => {
  const dataDir = tempDir();
  const env = { RAPPORT_DATA_DIR: dataDir, RAPPORT_DEMO: '0' };
  let server: Server | undefined;

  afterAll(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrate twice is fine', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied 0001_core/);
    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('the database is up to date');
  });

  it('seed-demo twice creates one demo workspace', async () => {
    const first = await runCli(['seed-demo'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ adminEmail: 'admin@demo.rapport.test' });
    const second = await runCli(['seed-demo'], env);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('the demo workspace exists already');
  });

  let workspaceId = '';
  let token = '';

  it('create-workspace prints the workspace and user ids as JSON', async () => {
    const r = await runCli(
      [
        'create-workspace',
        '--name',
        'Acme Ltd',
        '--admin-email',
        'boss@acme.test',
        '--admin-password',
        'correct horse battery',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { workspace_id: string; user_id: string };
    expect(out).toEqual({
      workspace_id: expect.stringMatching(/^\d+$/),
      user_id: expect.stringMatching(/^\d+$/),
    });
    workspaceId = out.workspace_id;
  });

  it('create-workspace with bad input exits 1 naming the field', async () => {
    const r = await runCli(
      ['create-workspace', '--name', 'X', '--admin-email', 'not-an-email', '--admin-password', 'p'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('admin_email');
    expect(r.stderr).toContain('admin_password');
  });

  it('create-token prints a token, by workspace id or slug', async () => {
    const byId = await runCli(
      ['create-token', '--workspace', workspaceId, '--email', 'boss@acme.test', '--name', 'ci'],
      env,
    );
    expect(byId.code).toBe(0);
    token = (JSON.parse(byId.stdout) as { token: string }).token;
    expect(token).toMatch(/^rpt_/);
    const bySlug = await runCli(
      ['create-token', '--workspace', 'acme-ltd', '--email', 'boss@acme.test', '--name', 'ci2'],
      env,
    );
    expect(bySlug.code).toBe(0);
    const unknown = await runCli(
      ['create-token', '--workspace', 'nope', '--email', 'boss@acme.test', '--name', 'x'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no workspace nope');
  });

  it('the token works against a running server', async () => {
    server = await startServe(env);
    await server.waitHealthy();
    const res = await server.api('GET', '/api/v1/workspace', { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: workspaceId, name: 'Acme Ltd' });
    const bad = await server.api('GET', '/api/v1/workspace', { token: `${token}x` });
    expect(bad.status).toBe(401);
  });

  it('commands refuse the directory while the server holds it', async () => {
    const r = await runCli(['migrate'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`is in use by another Rapport process (pid ${server!.child.pid})`);
    const stopped = await server!.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    server = undefined;
  });
});

describe.skipIf(onPostgres)(
  'backup and restore through the command line',
  { timeout: 120_000 },
  () => {
    const root = tempDir();
    beforeAll(() => fs.mkdirSync(path.join(root, 'empty')));
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it('backs up a data directory and restores it into an empty one', async () => {
      const source = { RAPPORT_DATA_DIR: path.join(root, 'source'), RAPPORT_DEMO: '0' };
      const created = await runCli(
        [
          'create-workspace',
          '--name',
          'Backed Up',
          '--admin-email',
          'b@backup.test',
          '--admin-password',
          'correct horse battery',
        ],
        source,
      );
      expect(created.code).toBe(0);
      const file = path.join(root, 'rapport.backup');
      const backup = await runCli(['backup', '--to', file], source);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(fs.readdirSync(root).filter((f) => f.includes('.partial-'))).toEqual([]);

      const target = { RAPPORT_DATA_DIR: path.join(root, 'empty'), RAPPORT_DEMO: '0' };
      const restore = await runCli(['restore', '--from', file], target);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(fs.readdirSync(target.RAPPORT_DATA_DIR).sort()).toEqual(['pgdata']);

      const token = await runCli(
        ['create-token', '--workspace', 'backed-up', '--email', 'b@backup.test', '--name', 'x'],
        target,
      );
      expect(token.stderr).toBe('');
      expect(token.code).toBe(0);

      const again = await runCli(['restore', '--from', file], target);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe(
        `rapport: ${target.RAPPORT_DATA_DIR} already holds a database; restore into an empty ` +
          `RAPPORT_DATA_DIR (or move ${target.RAPPORT_DATA_DIR}/pgdata away first)`,
      );
    });

    it('refuses to back up a directory without a database', async () => {
      const r = await runCli(['backup', '--to', path.join(root, 'x.backup')], {
        RAPPORT_DATA_DIR: path.join(root, 'nothing-here'),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('there is no database in');
      expect(fs.existsSync(path.join(root, 'x.backup'))).toBe(false);
    });

    it('refuses a file that is not a backup', async () => {
      const file = path.join(root, 'not-a-backup.txt');
      fs.writeFileSync(file, 'hello');
      const r = await runCli(['restore', '--from', file], {
        RAPPORT_DATA_DIR: path.join(root, 'other'),
      });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`rapport: ${file} is not a Rapport backup`);
    });
  },
);
