import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Raised when another live process already holds the data directory. */
export class DataDirLockedError extends Error {}

// Directories this process holds: a pid file cannot tell this process's
// second opener from a previous process that had the same pid (pid 1 in a
// container restarts with pid 1), so the process remembers its own.
const heldHere = new Set<string>();

interface Holder {
  pid?: number;
  host?: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { raw: string; holder: Holder } | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { raw, holder: JSON.parse(raw) as Holder };
  } catch {
    // A lock file cut short by a crash holds no live owner.
    return { raw, holder: {} };
  }
}

/**
 * Whether the pid file names a live process other than this one. A lock
 * written on another host is taken as stale: a container recreated on the same
 * volume gets a new host name, and its predecessor is gone.
 */
function isHeldByOther(holder: Holder): boolean {
  if (!holder.pid || holder.pid === process.pid) return false;
  if (holder.host && holder.host !== os.hostname()) return false;
  return isAlive(holder.pid);
}

function sleepSync(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes an exclusive lock on the embedded database's directory with a pid file.
 * PGlite does not lock its files and two processes writing one directory
 * corrupt it, so a second opener must fail at once. A lock left by a killed
 * process (its pid is gone) is taken over, so a kill -9 never blocks a restart.
 */
export function lockDataDir(dir: string): () => void {
  const resolved = path.resolve(dir);
  const lockedError = (pid: number | string) =>
    new DataDirLockedError(
      `the data directory ${resolved} is in use by another Rapport process (pid ${pid}); ` +
        `stop it first or set RAPPORT_DATA_DIR to another directory`,
    );
  if (heldHere.has(resolved)) {
    throw new DataDirLockedError(`the data directory ${resolved} is already open in this process`);
  }
  fs.mkdirSync(resolved, { recursive: true });
  const file = path.join(resolved, 'rapport.lock');
  const me = JSON.stringify({
    pid: process.pid,
    host: os.hostname(),
    at: new Date().toISOString(),
  });

  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx' });
      heldHere.add(resolved);
      return () => {
        heldHere.delete(resolved);
        if (readHolder(file)?.raw === me) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = readHolder(file);
    if (!current) continue;
    if (isHeldByOther(current.holder)) throw lockedError(current.holder.pid!);
    removeStaleLock(file, current.raw);
  }
  throw new DataDirLockedError(`could not lock the data directory ${resolved}; try again`);
}

/**
 * Removes a stale lock file, but only the one that was judged stale: two
 * processes starting at once after a crash must not both remove it (the
 * second would delete the lock the first just took). A short-lived
 * takeover file, created exclusively, lets one of them do it.
 */
function removeStaleLock(file: string, staleRaw: string) {
  const takeover = `${file}.takeover`;
  try {
    fs.writeFileSync(takeover, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readHolder(takeover)?.raw);
    // Its owner died in the middle of a takeover: clear it and retry.
    if (!pid || pid === process.pid || !isAlive(pid)) fs.rmSync(takeover, { force: true });
    else sleepSync(20);
    return;
  }
  try {
    if (readHolder(file)?.raw === staleRaw) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}
