import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { createWorkspace } from '../features/workspaces/workspace.service.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.rapport.test';
export const DEMO_ADMIN_PASSWORD = 'rapport-demo';

const quietLog = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child() {
    return quietLog;
  },
  level: 'silent',
  silent() {},
} as never;

/**
 * Creates the demo workspace on the first start; does nothing when it exists.
 * Everything happens in one transaction, so an interrupted seed leaves no
 * half-made workspace and runs again next start.
 */
export async function seedDemo(database: Database) {
  const exists = await sql<{
    id: string;
  }>`select id from workspaces where slug = ${DEMO_SLUG}`.execute(database.db);
  if (exists.rows.length > 0) return undefined;
  const { workspace } = await createWorkspace(
    { db: database.db, log: quietLog, now: () => new Date() },
    {
      name: 'Casa Jardín',
      slug: DEMO_SLUG,
      adminEmail: DEMO_ADMIN_EMAIL,
      adminName: 'Ana García',
      adminPassword: DEMO_ADMIN_PASSWORD,
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
    },
  );
  return {
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    adminEmail: DEMO_ADMIN_EMAIL,
    adminPassword: DEMO_ADMIN_PASSWORD,
  };
}
