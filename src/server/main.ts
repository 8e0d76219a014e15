import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { buildApp, type App } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import { startJobRunner, type JobRunner } from './jobs/job-runner.ts';

/** Where `vite build` puts the agent app (see vite.config.ts). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface Running {
  app: App;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Rapport: opens the database, applies migrations, seeds the demo
 * workspace on a first start, serves HTTP, and returns a stop() that closes
 * everything in order (HTTP first, then the database with a checkpoint).
 */
export async function startServer(
  config: Config,
  print: (line: string) => void = console.log,
): Promise<Running> {
  const database = await openDatabase(config);
  let app: App | undefined;
  let jobs: JobRunner | undefined;
  try {
    await migrate(database);
    if (config.demo) {
      const seeded = await seedDemo(database);
      if (seeded) {
        print(`Demo workspace "${seeded.workspaceName}" created.`);
        print(`  Sign in as ${seeded.adminEmail} with the password ${seeded.adminPassword}`);
      }
    }
    const webRoot = existsSync(`${WEB_ROOT}index.html`) ? WEB_ROOT : undefined;
    if (!webRoot) print('The agent app is not built (npm run build:web): serving the API only.');
    app = await buildApp({ database, config, webRoot });
    jobs = await startJobRunner({
      database,
      log: app.log,
      now: () => new Date(),
      files: app.files.storage,
    });
    const url = await app.listen({ port: config.port, host: config.host });
    let stopping: Promise<void> | undefined;
    const running: Running = {
      app,
      database,
      url,
      stop() {
        stopping ??= (async () => {
          await app!.close();
          await jobs!.stop();
          await database.close();
        })();
        return stopping;
      },
    };
    return running;
  } catch (err) {
    await app?.close().catch(() => {});
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
