import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BackupError, backupDatabase, restoreDatabase } from '../../src/server/db/backup.ts';
import { openEmbedded, openServer, type Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { createWorkspace } from '../../src/server/features/workspaces/workspace.service.ts';
import { makeTempDir } from './rapport-process.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as never;

async function addWorkspace(database: Database, name: string) {
  const { workspace } = await createWorkspace(
    { db: database.db, log: quiet, now: () => new Date() },
    { name, adminEmail: 'owner@backup.test', adminPassword: 'correct horse battery' },
  );
  return workspace;
}

async function listWorkspaceNames(database: Database) {
  const rows = await database.db.selectFrom('workspaces').select('name').orderBy('id').execute();
  return rows.map((r) => r.name);
}

describe('backup and restore of the embedded database', { timeout: 120_000 }, () => {
  const root = makeTempDir();
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('restores a backup with its data into an empty directory', async () => {
    const source = { databaseUrl: undefined, dataDir: path.join(root, 'source') };
    const db = await openEmbedded(source.dataDir);
    await migrate(db);
    await addWorkspace(db, 'Ferretería Núñez');
    await db.close();

    const file = path.join(root, 'embedded.backup');
    await backupDatabase(source, file);

    const target = { databaseUrl: undefined, dataDir: path.join(root, 'target') };
    await restoreDatabase(target, file);
    const restored = await openEmbedded(target.dataDir);
    try {
      expect(await listWorkspaceNames(restored)).toEqual(['Ferretería Núñez']);
      // Migrations see the restored database as up to date.
      expect(await migrate(restored)).toEqual([]);
    } finally {
      await restored.close();
    }
    // The source is untouched and not left locked.
    const again = await openEmbedded(source.dataDir);
    await again.close();
  });

  it('refuses to back up while the directory is open', async () => {
    const dataDir = path.join(root, 'busy');
    const db = await openEmbedded(dataDir);
    try {
      await expect(
        backupDatabase({ databaseUrl: undefined, dataDir }, path.join(root, 'busy.backup')),
      ).rejects.toThrow(/is already open in this process/);
    } finally {
      await db.close();
    }
  });

  it('refuses a PostgreSQL backup without DATABASE_URL', async () => {
    const file = path.join(root, 'fake.dump');
    fs.writeFileSync(file, 'PGDMP....');
    await expect(
      restoreDatabase({ databaseUrl: undefined, dataDir: path.join(root, 'x') }, file),
    ).rejects.toThrow(BackupError);
  });
});

const serverUrl = inject('databaseUrl');

describe.runIf(serverUrl)(
  'backup and restore of a PostgreSQL database',
  { timeout: 120_000 },
  () => {
    const root = makeTempDir();
    const suffix = randomUUID().slice(0, 8);
    const names = [`rapport_backup_src_${suffix}`, `rapport_backup_dst_${suffix}`];
    const urlOf = (name: string) => {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    };

    async function admin(statement: string) {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    }

    afterAll(async () => {
      for (const name of names) await admin(`drop database if exists ${name} with (force)`);
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('restores a pg_dump backup with its data into an empty database', async () => {
      for (const name of names) await admin(`create database ${name}`);
      const source = { databaseUrl: urlOf(names[0]!), dataDir: root };
      const db = await openServer(source.databaseUrl, 1);
      await migrate(db);
      await addWorkspace(db, 'Kazakh Tea House');
      await db.close();

      const file = path.join(root, 'server.backup');
      await backupDatabase(source, file);
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');

      const target = { databaseUrl: urlOf(names[1]!), dataDir: root };
      await restoreDatabase(target, file);
      const restored = await openServer(target.databaseUrl, 1);
      try {
        expect(await listWorkspaceNames(restored)).toEqual(['Kazakh Tea House']);
        expect(await migrate(restored)).toEqual([]);
      } finally {
        await restored.close();
      }

      // A second restore would mix two databases: refused.
      await expect(restoreDatabase(target, file)).rejects.toThrow(
        /the database in DATABASE_URL is not empty/,
      );
    });
  },
);
