// Helpers of the email ingestion tests that run the real command line: a `rapport serve`
// receiving over SMTP (and `rapport ingest-worker`s beside it) on a data directory and, with
// PostgreSQL, a database of the test's own, with a workspace, an API token and a mailbox.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { openServer } from '../../db/database.ts';
import {
  findFreePort,
  makeTempDir,
  runCli,
  type Server,
  type Worker,
} from '../../../../test/ops/rapport-process.ts';

/**
 * A test file's processes, directories and database, killed and removed after its tests;
 * `name` (letters and _) names its temp directory and its PostgreSQL database.
 */
export function ingestProcessContext(name: string) {
  const databaseUrl = inject('databaseUrl');
  const roots: string[] = [];
  const running = new Set<Server | Worker>();
  let dropDatabase: (() => Promise<void>) | undefined;

  afterAll(async () => {
    for (const s of running) await s.stop('SIGKILL');
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
    await dropDatabase?.();
  });

  /** A PostgreSQL database of this test's own (its processes run every job of the app). */
  async function ownPostgresDatabase(): Promise<string> {
    const admin = await openServer(databaseUrl, 1);
    const database = `rapport_${name}_${randomUUID().slice(0, 8)}`;
    await admin.exec(`create database ${database}`);
    await admin.close();
    dropDatabase = async () => {
      const again = await openServer(databaseUrl, 1);
      await again.exec(`drop database if exists ${database} with (force)`);
      await again.close();
    };
    const url = new URL(databaseUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  return {
    /** The test run's PostgreSQL server, when there is one. */
    databaseUrl,
    /**
     * The environment of the processes: a data directory of their own, no demo, SMTP received
     * on a free loopback port, and a database of their own when the run has PostgreSQL.
     */
    async env(extra: Record<string, string> = {}): Promise<Record<string, string>> {
      const root = makeTempDir(`rapport-${name.replaceAll('_', '-')}-`);
      roots.push(root);
      return {
        ...(databaseUrl ? { DATABASE_URL: await ownPostgresDatabase() } : {}),
        RAPPORT_DATA_DIR: path.join(root, 'data'),
        RAPPORT_DEMO: '0',
        RAPPORT_SMTP_PORT: String(await findFreePort()),
        RAPPORT_SMTP_HOST: '127.0.0.1',
        ...extra,
      };
    },
    /** Kills the process after the tests if it is still running then. */
    track<P extends Server | Worker>(process: P): P {
      running.add(process);
      void process.exited.then(() => running.delete(process));
      return process;
    },
  };
}

/** A new workspace with an admin, made by the command line; an API token of that admin. */
export async function createWorkspaceToken(
  env: Record<string, string>,
  workspace: { name: string; adminEmail: string },
): Promise<string> {
  const created = await runCli(
    [
      'create-workspace',
      '--name',
      workspace.name,
      '--admin-email',
      workspace.adminEmail,
      '--admin-password',
      'correct horse',
    ],
    env,
    180_000,
  );
  expect(created.code, created.stderr).toBe(0);
  const { workspace_id: workspaceId } = JSON.parse(created.stdout) as { workspace_id: string };
  const made = await runCli(
    ['create-token', '--workspace', workspaceId, '--email', workspace.adminEmail, '--name', 'ops'],
    env,
    180_000,
  );
  expect(made.code, made.stderr).toBe(0);
  return (JSON.parse(made.stdout) as { token: string }).token;
}

/** Adds the mailbox that receives mail for `address`, through the API. */
export async function addMailbox(server: Server, token: string, address: string) {
  const box = await server.api('POST', '/api/v1/mailboxes', {
    token,
    body: { name: 'Help', address },
  });
  expect(box.status, await box.clone().text()).toBe(201);
}
