import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  DB_SHUTDOWNED,
  makeTempDir,
  readClusterState,
  runCli,
  startServe,
  type Server,
} from './rapport-process.ts';

// The embedded database's directory: one process at a time, closed cleanly on SIGTERM.
describe.skipIf(Boolean(inject('databaseUrl')))(
  'the embedded data directory',
  { timeout: 120_000 },
  () => {
    const dataDir = makeTempDir();
    const env = { RAPPORT_DATA_DIR: dataDir, RAPPORT_DEMO: '0' };
    const servers: Server[] = [];
    let token = '';

    afterAll(async () => {
      for (const s of servers) await s.stop('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('a second process on the same directory fails at once while the first keeps serving', async () => {
      const created = await runCli(
        [
          'create-workspace',
          '--name',
          'Lock',
          '--admin-email',
          'l@lock.test',
          '--admin-password',
          'correct horse',
        ],
        env,
      );
      expect(created.code).toBe(0);
      const made = await runCli(
        ['create-token', '--workspace', 'lock', '--email', 'l@lock.test', '--name', 'ops'],
        env,
      );
      token = (JSON.parse(made.stdout) as { token: string }).token;

      const first = await startServe(env);
      servers.push(first);
      await first.waitHealthy();

      const second = await startServe(env);
      servers.push(second);
      const exit = await Promise.race([
        second.exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
      ]);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(second.stderr().trim().split('\n')).toEqual([
        `rapport: the data directory ${dataDir} is in use by another Rapport process ` +
          `(pid ${first.child.pid}); stop it first or set RAPPORT_DATA_DIR to another directory`,
      ]);

      const health = await first.api('GET', '/api/v1/health');
      expect(health.status).toBe(200);
      const write = await first.api('POST', '/api/v1/api-tokens', {
        token,
        body: { name: 'written while a second process tried' },
      });
      expect(write.status).toBe(201);
    });

    it('SIGTERM checkpoints and closes; the next start needs no recovery and sees the data', async () => {
      const first = servers[0]!;
      const exit = await first.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(readClusterState(dataDir)).toBe(DB_SHUTDOWNED);
      expect(fs.existsSync(path.join(dataDir, 'rapport.lock'))).toBe(false);

      // Shut down cleanly (above), so the next start has no WAL to replay.
      const next = await startServe(env);
      servers.push(next);
      await next.waitHealthy();
      const res = await next.api('GET', '/api/v1/api-tokens', { token });
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { name: string }[] };
      expect(items.map((t) => t.name)).toContain('written while a second process tried');

      expect(await next.stop('SIGINT')).toEqual({ code: 0, signal: null });
      expect(readClusterState(dataDir)).toBe(DB_SHUTDOWNED);
    });

    it('a lock left by a killed process does not block the next start', async () => {
      const victim = await startServe(env);
      servers.push(victim);
      await victim.waitHealthy();
      await victim.stop('SIGKILL');
      expect(fs.existsSync(path.join(dataDir, 'rapport.lock'))).toBe(true);
      const next = await startServe(env);
      servers.push(next);
      await next.waitHealthy();
      expect(await next.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    });
  },
);
