// The stylesheet and scripts of the pages clients read, served by this server
// from ./assets at /public/<name>. Each URL carries the file's content hash
// (?v=…), so browsers keep it for a year and a new version is a new URL.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

interface Asset {
  body: Buffer;
  hash: string;
  type: string;
}

const ASSET_NAMES = ['site.css', 'portal.js', 'faq.css'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

function load(name: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return {
    body,
    hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
    type: TYPES[name.split('.').pop()!] ?? 'application/octet-stream',
  };
}

const ASSETS = new Map<string, Asset>(ASSET_NAMES.map((n) => [n, load(n)]));

/** The versioned URL of an asset, for a page's <link> or <script>. */
export function assetUrl(name: string): string {
  const asset = ASSETS.get(name);
  if (!asset) throw new Error(`no public asset ${name}`);
  return `/public/${name}?v=${asset.hash}`;
}

/** GET /public/<name>: the assets, public and cached for a year when asked by their versioned URL. */
export function registerPublicAssets(app: FastifyInstance) {
  app.get<{ Params: { name: string }; Querystring: { v?: string } }>(
    '/public/:name',
    { schema: { hide: true } },
    async (req, reply) => {
      const asset = ASSETS.get(req.params.name);
      if (!asset) {
        return reply
          .status(404)
          .send({ error: { code: 'not_found', message: `no asset ${req.params.name}` } });
      }
      return reply
        .header(
          'cache-control',
          req.query.v === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
        .header('etag', `"${asset.hash}"`)
        .type(asset.type)
        .send(asset.body);
    },
  );
}
