import type { Config } from './config.ts';
import { buildApp, type App } from './app.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo/seed.ts';
import { startJobRunner, type JobRunner } from './jobs/job-runner.ts';

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
    app = await buildApp({ database, config });
    jobs = await startJobRunner({ database, log: app.log, now: () => new Date() });
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
