#!/usr/bin/env node
// Builds the agent app into dist/web. With --if-stale (what `npm start` runs first), only when
// it is missing or older than its sources, so a fresh clone or a `git pull` just works.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const index = join(root, 'dist/web/index.html');

/** The newest modification time of a file or of any file under a folder. */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

const sources = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].map((p) =>
  join(root, p),
);
const stale =
  !existsSync(index) ||
  sources.some((p) => existsSync(p) && newestChange(p) > statSync(index).mtimeMs);

if (process.argv.includes('--if-stale') && !stale) process.exit(0);
console.log('Building the agent app into dist/web …');
const { build } = await import('vite');
await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
