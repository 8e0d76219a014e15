import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where scripts/build-widget.js writes widget.js (and its .gz and .br). */
export const WIDGET_ROOT = fileURLToPath(new URL('../../../../dist/widget/', import.meta.url));

/**
 * GET /widget.js: the chat widget, for any site to load (it is public by
 * nature): cross-origin allowed, cached briefly (its URL never changes), the
 * precompressed copy the browser accepts.
 */
export function registerWidgetAsset(app: FastifyInstance, root: string = WIDGET_ROOT) {
  app.get(
    '/widget.js',
    { schema: { hide: true }, config: { public: true } },
    async (req, reply) => {
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      const file = join(root, `widget.js${encoding === 'br' ? '.br' : encoding ? '.gz' : ''}`);
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return reply
          .status(404)
          .type('text/plain; charset=utf-8')
          .send(
            'The chat widget is not built: run `node scripts/build-widget.js` (npm start does).',
          );
      }
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .header('vary', 'accept-encoding')
        .header('cache-control', 'public, max-age=300')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*')
        .type('text/javascript; charset=utf-8')
        .send(body);
    },
  );
}
