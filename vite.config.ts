import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const apiPort = process.env.PORT ?? '3000';

/** The agent app: built into dist/web (served by the Rapport server), or served with hot reload by `npm run dev`. */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The libraries in one chunk (about 725 kB, 230 kB gzip): a cold load was 36
    // requests, six at a time over HTTP/1.1, and now is 11 (docs/benchmarks.md).
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|@mantine|@tanstack|i18next|react-i18next|i18next-icu|intl-messageformat|@formatjs)[\\/]/,
            },
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
