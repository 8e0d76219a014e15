import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { ConfigError, loadConfig, type Config } from './server/config.ts';
import { BackupError, backupDatabase, restoreDatabase } from './server/db/backup.ts';
import { openDatabase, type Database } from './server/db/database.ts';
import { DataDirLockedError } from './server/db/datadir-lock.ts';
import { migrate } from './server/db/migrate.ts';
import { seedDemo } from './server/demo/seed.ts';
import { AppError } from './server/errors.ts';
import { createApiToken } from './server/features/auth/auth.service.ts';
import { findUserForCli, createWorkspace } from './server/features/workspaces/workspace.service.ts';
import {
  unscopedFindWorkspaceBySlug,
  findWorkspace,
} from './server/features/workspaces/workspace.repo.ts';
import { startIngestWorker, startServer } from './server/main.ts';

const USAGE = `Usage: rapport <command> [options]

Commands:
  serve                          run the server (the default)
  ingest-worker                  only ingest stored email, beside the servers (PostgreSQL)
  migrate                        apply database migrations and exit
  seed-demo                      create the demo workspace if missing
  create-workspace --name N --admin-email E --admin-password P [--time-zone TZ] [--language L]
  create-token --workspace W --email E --name N
  backup --to FILE               write a backup of the database
  restore --from FILE            restore a backup into an empty database

Configuration (environment): PORT, HOST, DATABASE_URL, RAPPORT_DATA_DIR, RAPPORT_DEMO=0,
RAPPORT_INGEST_WORKERS=0 (serve leaves email ingestion to ingest-worker processes)`;

class UsageError extends Error {}

const log = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => log,
  level: 'silent',
  silent() {},
} as never;

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required`);
  return v;
}

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function run(argv: string[]) {
  const [command = 'serve', ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      'time-zone': { type: 'string' },
      language: { type: 'string' },
      workspace: { type: 'string' },
      email: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const running = await startServer(config);
      console.log(`Rapport is listening on ${running.url.replace('0.0.0.0', 'localhost')}`);
      let signals = 0;
      const shutdown = (signal: string) => {
        if (++signals > 1) process.exit(1);
        running.app.log.info(`${signal}: shutting down`);
        running.stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return;
    }
    case 'ingest-worker': {
      // Fastify's logger (pino) for the job handlers, as the server's: JSON lines.
      const logger = Fastify({ logger: { level: config.logLevel } }).log;
      const worker = await startIngestWorker(config, logger);
      console.log('Rapport ingest worker: ingesting stored email (email.ingest jobs)');
      let signals = 0;
      const shutdown = () => {
        if (++signals > 1) process.exit(1);
        worker.stop().then(
          () => {
            console.log(`Rapport ingest worker: stopped after ${worker.jobsHandled} emails`);
            process.exit(0);
          },
          (err) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      return;
    }
    case 'migrate': {
      const database = await openDatabase(config);
      try {
        const applied = await migrate(database);
        console.log(
          applied.length ? `applied ${applied.join(', ')}` : 'the database is up to date',
        );
      } finally {
        await database.close();
      }
      return;
    }
    case 'seed-demo': {
      await withDatabase(config, async (database) => {
        const seeded = await seedDemo(database);
        console.log(seeded ? JSON.stringify(seeded) : 'the demo workspace exists already');
      });
      return;
    }
    case 'create-workspace': {
      const name = required(values, 'name');
      const adminEmail = required(values, 'admin-email');
      const adminPassword = required(values, 'admin-password');
      await withDatabase(config, async (database) => {
        const { workspace, admin } = await createWorkspace(
          { db: database.db, log, now: () => new Date() },
          {
            name,
            adminEmail,
            adminPassword,
            timeZone: values['time-zone'],
            defaultLanguage: values.language,
          },
        );
        console.log(JSON.stringify({ workspace_id: workspace.id, user_id: admin.id }));
      });
      return;
    }
    case 'create-token': {
      const ws = required(values, 'workspace');
      const email = required(values, 'email');
      const name = required(values, 'name');
      await withDatabase(config, async (database) => {
        const workspace = /^\d+$/.test(ws)
          ? await findWorkspace(database.db, ws)
          : await unscopedFindWorkspaceBySlug(database.db, ws);
        if (!workspace) throw new UsageError(`no workspace ${ws}`);
        const user = await findUserForCli(database.db, workspace.id, email);
        if (!user) throw new UsageError(`no user ${email} in workspace ${ws}`);
        const ctx = {
          db: database.db,
          log,
          now: () => new Date(),
          workspaceId: workspace.id,
          actor: { kind: 'system' as const },
        };
        const { token } = await createApiToken(ctx, { userId: user.id, name });
        console.log(JSON.stringify({ token }));
      });
      return;
    }
    case 'backup':
    case 'restore': {
      if (command === 'backup') {
        const file = required(values, 'to');
        await backupDatabase(config, file);
        console.log(`backup written to ${file}`);
      } else {
        const file = required(values, 'from');
        await restoreDatabase(config, file);
        console.log(
          `restored ${file} into ${config.databaseUrl ? 'the database in DATABASE_URL' : config.dataDir}`,
        );
      }
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`rapport: invalid configuration: ${err.message}`);
  } else if (
    err instanceof UsageError ||
    (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`rapport: ${(err as Error).message}\n\n${USAGE}`);
  } else if (err instanceof DataDirLockedError || err instanceof BackupError) {
    console.error(`rapport: ${err.message}`);
  } else if (err instanceof AppError) {
    const fields = err.fields
      ? ' (' +
        Object.entries(err.fields)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ') +
        ')'
      : '';
    console.error(`rapport: ${err.message}${fields}`);
  } else {
    console.error('rapport: failed:', err);
  }
  process.exit(1);
});
