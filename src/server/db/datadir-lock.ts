import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Raised when another live process already holds the data directory. */
export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on the embedded database's directory with a pid file.
 * PGlite does not lock its files and two processes writing one directory
 * corrupt it, so a second opener must fail at once. A lock left by a killed
 * process (its pid is gone) is taken over, so a kill -9 never blocks a restart.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'rapport.lock');
  const me = JSON.stringify({
    pid: process.pid,
    host: os.hostname(),
    at: new Date().toISOString(),
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      // a lock file cut short by a crash holds no live owner
    }
    const sameHost = !holder.host || holder.host === os.hostname();
    if (holder.pid && holder.pid !== process.pid && sameHost && isAlive(holder.pid)) {
      throw new DataDirLockedError(
        `the data directory ${dir} is in use by another Rapport process (pid ${holder.pid}); ` +
          `stop it first or set RAPPORT_DATA_DIR to another directory`,
      );
    }
    // Stale: its owner died. Remove it and race for it again with O_EXCL.
    fs.rmSync(file, { force: true });
  }
  throw new DataDirLockedError(`could not lock the data directory ${dir}`);
}
