import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppOptions } from '../src/server/app.ts';
import type { Ctx } from '../src/server/context.ts';
import { openMemory, openServer, type Database } from '../src/server/db/database.ts';
import type { Role } from '../src/server/db/schema.ts';
import { createApiToken } from '../src/server/features/auth/auth.service.ts';
import { insertUser } from '../src/server/features/users/user.repo.ts';
import { createWorkspace } from '../src/server/features/workspaces/workspace.service.ts';
import {
  startJobRunner,
  type JobDefinition,
  type JobRunner,
} from '../src/server/jobs/job-runner.ts';
import { secretsWithKey, type Secrets } from '../src/server/security/secrets.ts';

/** Opens the test database: a fresh PGlite from the migrated snapshot, or the shared PostgreSQL. */
export async function openTestDatabase(): Promise<Database> {
  const url = inject('databaseUrl');
  if (url) return openServer(url, 4);
  return openMemory(new Blob([fs.readFileSync(inject('snapshotPath'))]));
}

export interface TestApp {
  app: App;
  database: Database;
  /** The clock the app reads; tests move it. */
  clock: { now: Date };
  /** The app's secrets (a random key per test app). */
  secrets: Secrets;
  /** The real pg-boss runner, when started with { jobs }. */
  jobs?: JobRunner;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: Date;
  config?: Partial<AppOptions['config']>;
  /**
   * Runs real pg-boss workers (polling every 0.5 s) in a schema of this app's
   * own: true for every job of the app, or the list of jobs to run.
   */
  jobs?: boolean | readonly JobDefinition[];
  /** Listens on a loopback port (for peers that call back over real HTTP). */
  listen?: boolean;
}

/** Builds the real app on a real database; call close() in afterAll. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = { now: options.now ?? new Date() };
  const useRealTime = !options.now;
  const now = () => (useRealTime ? new Date() : new Date(clock.now));
  const secrets = secretsWithKey(randomBytes(32));
  let runner: JobRunner | undefined;
  const schema = `pgboss_t_${randomUUID().slice(0, 8)}`;
  const app = await buildApp({
    database,
    config: { sessionTtlHours: 12, bodyLimitBytes: 1024 * 1024, ...options.config },
    now,
    logger: false,
    secrets,
    jobs: options.jobs
      ? {
          sendWith(db, name, data) {
            if (!runner) throw new Error('the test job runner is not started yet');
            return runner.sendWith(db, name, data);
          },
        }
      : undefined,
  });
  await app.ready();
  if (options.jobs) {
    runner = await startJobRunner({
      database,
      log: app.log,
      now,
      files: app.files.storage,
      secrets,
      schema,
      pollingIntervalSeconds: 0.5,
      cronWorkerIntervalSeconds: 1,
      definitions: options.jobs === true ? undefined : options.jobs,
    });
  }
  if (options.listen) await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    database,
    clock,
    secrets,
    jobs: runner,
    async close() {
      await runner?.stop();
      await app.close();
      if (runner && database.kind === 'postgres') {
        await database.exec(`drop schema if exists ${schema} cascade`);
      }
      await database.close();
    },
  };
}

/** The base URL of a test app started with { listen: true }. */
export function baseUrl(t: TestApp): string {
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** Waits until probe returns a value (polling every 100 ms); fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the API as one user (by API token). */
export interface Caller {
  userId: string;
  workspaceId: string;
  role: Role;
  email: string;
  token: string;
  request(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function caller(
  app: App,
  info: Omit<Caller, 'request' | 'get' | 'post' | 'patch' | 'put' | 'delete'>,
): Caller {
  const request = (method: Method, url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${info.token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    ...info,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export interface TestWorkspace {
  workspaceId: string;
  admin: Caller;
  /** A system ctx in this workspace, to call services directly. */
  ctx: Ctx;
  /** Adds a user with the role and returns a caller acting as them. */
  addUser(role: Role, name?: string): Promise<Caller>;
}

/** Creates a workspace of its own for a test (nothing is shared between tests). */
export async function newWorkspace(
  t: TestApp,
  options: { timeZone?: string; name?: string } = {},
): Promise<TestWorkspace> {
  const base = { db: t.database.db, log: t.app.log, now: () => new Date(t.clock.now) };
  const suffix = randomUUID().slice(0, 8);
  const { workspace, admin } = await createWorkspace(base, {
    name: options.name ?? `Test ${suffix}`,
    adminEmail: `admin-${suffix}@example.test`,
    adminPassword: 'correct horse battery',
    timeZone: options.timeZone ?? 'Europe/Madrid',
  });
  const ctx: Ctx = {
    ...base,
    now: () => new Date(),
    workspaceId: workspace.id,
    actor: { kind: 'system' },
  };
  const tokenFor = async (userId: string) =>
    (await createApiToken(ctx, { userId, name: 'test' })).token;
  const addUser = async (role: Role, name?: string) => {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const user = await insertUser(t.database.db, workspace.id, {
      email,
      name: name ?? `${role} ${email.slice(0, 12)}`,
      role,
      password_hash: null,
    });
    return caller(t.app, {
      userId: user.id,
      workspaceId: workspace.id,
      role,
      email,
      token: await tokenFor(user.id),
    });
  };
  return {
    workspaceId: workspace.id,
    ctx,
    addUser,
    admin: caller(t.app, {
      userId: admin.id,
      workspaceId: workspace.id,
      role: 'admin',
      email: admin.email,
      token: await tokenFor(admin.id),
    }),
  };
}
