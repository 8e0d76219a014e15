import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const apiPort = process.env.PORT ?? '3000';

/**
 * Puts the early script (src/web/early.ts, an entry of its own) first in the
 * built index.html, as an async module: it runs as soon as it has arrived,
 * while the app's scripts still download. In development the app alone asks
 * for the same things, a little later.
 */
function earlyScript(): Plugin {
  return {
    name: 'rapport-early-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const early = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isEntry && c.name === 'early',
        );
        if (early?.type !== 'chunk') throw new Error('the early script was not built');
        // What it imports (the boot chunk) is asked for first too, not behind the libraries.
        let page = html;
        for (const file of early.imports)
          page = page.replace(`<link rel="modulepreload" crossorigin href="/${file}">`, '');
        return {
          html: page,
          tags: [
            {
              tag: 'script',
              attrs: { type: 'module', async: true, crossorigin: true, src: `/${early.fileName}` },
              injectTo: 'head-prepend',
            },
            ...early.imports.map((file) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
              injectTo: 'head-prepend' as const,
            })),
          ],
        };
      },
    },
  };
}

const mainEntry = fileURLToPath(new URL('./src/web/main.tsx', import.meta.url));

/**
 * The app's own modules that the inbox loads before anything else (those the
 * app's entry reaches by static imports), in one chunk named `app`. Left to
 * itself the bundler cuts every module a lazy page shares with the inbox into
 * a chunk of its own: 22 files, six at a time over HTTP/1.1, and the language
 * chunk (asked for by the early script) queued behind them (docs/benchmarks.md).
 * The entry itself stays its own chunk, as does what the early script needs (boot).
 */
function appChunk(): (id: string, ctx: Rolldown.ChunkingContext) => string | null {
  const initial = new Map<string, boolean>();
  const reaches = (id: string, ctx: Rolldown.ChunkingContext, seen: Set<string>): boolean => {
    const known = initial.get(id);
    if (known !== undefined) return known;
    if (id === mainEntry) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const found = (ctx.getModuleInfo(id)?.importers ?? []).some((i) => reaches(i, ctx, seen));
    return found;
  };
  return (id, ctx) => {
    if (id === mainEntry) return null;
    if (!initial.has(id)) initial.set(id, reaches(id, ctx, new Set()));
    return initial.get(id) ? 'app' : null;
  };
}

/** The agent app: built into dist/web (served by the Rapport server), or served with hot reload by `npm run dev`. */
export default defineConfig({
  root,
  plugins: [react(), earlyScript()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The libraries in one chunk (about 725 kB, 230 kB gzip): a cold load was 36
    // requests, six at a time over HTTP/1.1, and now is 11 (docs/benchmarks.md).
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        early: fileURLToPath(new URL('./src/web/early.ts', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              priority: 3,
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|@mantine|@tanstack|i18next|react-i18next|i18next-icu|intl-messageformat|@formatjs)[\\/]/,
            },
            // What the early script (src/web/early.ts) needs, in one small chunk of its own.
            {
              name: 'boot',
              test: /src[\\/]web[\\/](urls|inbox[\\/]views|inbox[\\/]filterParams|i18n[\\/]messages)\.ts$/,
              priority: 2,
            },
            { name: appChunk(), debugName: 'app', test: /src[\\/](web|shared)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false, ws: true } },
  },
});
