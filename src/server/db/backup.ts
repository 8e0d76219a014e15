import type { Config } from '../config.ts';

/** Writes a backup of the database to a file. */
export async function backupDatabase(_config: Config, _file: string): Promise<void> {
  throw new Error('backup is not implemented yet (issue #2)');
}

/** Restores a backup file into an empty database. */
export async function restoreDatabase(_config: Config, _file: string): Promise<void> {
  throw new Error('restore is not implemented yet (issue #2)');
}
