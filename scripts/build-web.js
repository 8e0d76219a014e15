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

// Compressed copies beside each text asset: the server sends them as they are
// (brotli or gzip, as the browser accepts) instead of compressing per request.
const { brotliCompressSync, gzipSync, constants } = await import('node:zlib');
const { readFileSync, writeFileSync } = await import('node:fs');
function compressUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) compressUnder(file);
    else if (/\.(js|css|html|svg|json|txt)$/.test(entry.name)) {
      const content = readFileSync(file);
      writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      writeFileSync(
        `${file}.br`,
        brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  }
}
compressUnder(join(root, 'dist/web'));
