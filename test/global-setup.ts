import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openMemory, openServer } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    snapshotPath: string;
    databaseUrl: string;
  }
}

/**
 * Migrates one database per run. On PGlite the migrated database is dumped
 * once and every test file starts from that snapshot; on PostgreSQL
 * (DATABASE_URL set) all files share the migrated database, each in
 * workspaces of its own.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL ?? '';
  project.provide('databaseUrl', url);
  if (url) {
    const db = await openServer(url, 1);
    await migrate(db);
    await db.close();
    project.provide('snapshotPath', '');
    return;
  }
  const db = await openMemory();
  await migrate(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  await db.close();
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-')),
    'migrated.tar.gz',
  );
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('snapshotPath', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
