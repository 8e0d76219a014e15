import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/harness.ts';
import { buildApp, type App } from '../app.ts';
import type { Database } from '../db/database.ts';

describe('serving the agent app', () => {
  let app: App;
  let database: Database;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = await mkdtemp(path.join(tmpdir(), 'rapport-web-'));
    await mkdir(path.join(webRoot, 'assets'));
    await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>Rapport</title>');
    await writeFile(path.join(webRoot, 'assets/index-abc123.js'), 'console.log(1)');
    database = await openTestDatabase();
    app = await buildApp({
      database,
      config: { sessionTtlHours: 12, bodyLimitBytes: 1024 * 1024 },
      logger: false,
      webRoot,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('serves index.html at / and for every page of the app, never cached', async () => {
    for (const url of ['/', '/login', '/inbox/mine/42?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>Rapport</title>');
    }
  });

  it('serves hashed assets cacheable forever', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps JSON 404s for the API, missing files and other methods', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['GET', '/api'],
      ['GET', '/favicon.ico'],
      ['POST', '/inbox/mine'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('lets the page run only its own scripts and reach only its own server', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    // Plain-http installs must still load their scripts.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
