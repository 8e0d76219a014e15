#!/usr/bin/env node
// Builds the chat widget (src/widget) into dist/widget/widget.js: one minified
// file, no framework, with .gz and .br copies the server sends as they are.
// With --if-stale (what `npm start` runs first), only when it is missing or
// older than its sources.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/widget');
const outFile = join(outDir, 'widget.js');

/** The newest modification time of a file or of any file under a folder. */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

const sources = ['src/widget', 'src/shared/api/chat.ts', 'package-lock.json'].map((p) =>
  join(root, p),
);
const stale =
  !existsSync(outFile) ||
  sources.some((p) => existsSync(p) && newestChange(p) > statSync(outFile).mtimeMs);

if (process.argv.includes('--if-stale') && !stale) process.exit(0);
console.log('Building the chat widget into dist/widget …');
const { build } = await import('esbuild');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: [join(root, 'src/widget/widget.ts')],
  outfile: outFile,
  bundle: true,
  minify: true,
  format: 'iife',
  // Browsers with constructed stylesheets in shadow roots (Chrome 73, Firefox 101, Safari 16.4).
  target: ['es2020'],
  legalComments: 'none',
  // Served as UTF-8: the six languages' texts as they are, not \u escapes.
  charset: 'utf8',
  logLevel: 'warning',
});
const content = readFileSync(outFile);
writeFileSync(`${outFile}.gz`, gzipSync(content, { level: 9 }));
writeFileSync(
  `${outFile}.br`,
  brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
);
console.log(`widget.js: ${content.length} bytes, ${gzipSync(content, { level: 9 }).length} gzip`);
