import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { JobQueue } from './context.ts';
import type { Database } from './db/database.ts';
import type { BaseCtx } from './features/auth/auth.service.ts';
import { registerWidgetAsset } from './channels/chat/widget.route.ts';
import { registerFaq } from './features/faq/faq.routes.ts';
import { registerPortal } from './features/portal/portal.routes.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerRequestGone } from './http/request-gone.ts';
import { registerWebSocketSupport } from './realtime/realtime.routes.ts';
import { routeModules } from './routes.ts';
import type { Secrets } from './security/secrets.ts';
import { openFiles, type AppFiles } from './storage/app-files.ts';
import { createInboundCommitter } from './features/conversations/ingest-many.service.ts';

export interface AppOptions {
  database: Database;
  config: Pick<Config, 'sessionTtlHours' | 'bodyLimitBytes'> &
    Partial<Pick<Config, 'filesDir' | 'uploadLimitBytes' | 'publicUrl' | 'trustProxy'>> & {
      logLevel?: string;
    };
  /** The clock; tests pass their own. */
  now?: () => Date;
  /** Set false in tests to keep the output quiet. */
  logger?: boolean;
  /** The built agent app (dist/web) to serve at /; without it only the API is served. */
  webRoot?: string;
  /** The built chat widget (dist/widget), served at /widget.js. */
  widgetRoot?: string;
  /** Where use cases queue background jobs (the server's pg-boss runner). */
  jobs?: JobQueue;
  /** Seals stored secrets (mailbox passwords, provider keys). */
  secrets?: Secrets;
  /** false: every inbound message in a transaction of its own (benchmarks compare). */
  groupCommit?: boolean;
}

export type App = FastifyInstance;

/** Fastify's trustProxy: a hop count becomes "trust the first n hops". */
function trustProxyOption(trust: Config['trustProxy']) {
  if (typeof trust !== 'number') return trust ?? false;
  return (_address: string, hop: number) => hop < trust;
}

/** Builds the HTTP application: plugins, error handling, authentication and every feature's routes. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: options.config.logLevel ?? 'info' },
    bodyLimit: options.config.bodyLimitBytes,
    trustProxy: trustProxyOption(options.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRequestGone(app);

  const base: BaseCtx = {
    db: options.database.db,
    log: app.log,
    now: options.now ?? (() => new Date()),
    sessionTtlHours: options.config.sessionTtlHours,
    jobs: options.jobs,
    secrets: options.secrets,
    // Concurrent inbound messages (chat, SMS webhooks, the API) share transactions.
    inbound: options.groupCommit === false ? undefined : createInboundCommitter(),
    publicUrl: options.config.publicUrl,
  };
  app.decorate('base', base);
  app.decorate('database', options.database);
  app.decorate('files', openFiles(app, options.config));
  app.decorate('secrets', options.secrets);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Remote images in an email, once the agent clicks "Show remote images": the email's
        // sandboxed srcdoc frame inherits this policy (and adds its own, stricter one).
        imgSrc: ["'self'", 'data:', 'https:', 'http:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Helmet's default would make the browser fetch the app's own scripts over https,
        // which breaks every install served over plain http (an intranet, a laptop).
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await registerWebSocketSupport(app);
  // preHandler, so a route's key can use the parsed body (login keys on the email).
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'Customer service desk and light CRM. Authenticate with an API token (`Authorization: Bearer rpt_…`) ' +
          'or a session cookie plus the `X-CSRF-Token` header on writes. Lists are keyset-paginated: pass ' +
          '`next_cursor` back as `cursor`. Errors are `{ "error": { "code", "message", "fields"? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'rapport_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.webRoot) {
    await app.register(fastifyStatic, {
      root: options.webRoot,
      wildcard: true,
      // The build writes .br and .gz beside each asset (scripts/build-web.js).
      preCompressed: true,
      cacheControl: false,
      // Vite names built assets by content hash: they never change. index.html always may.
      setHeaders: (reply, path) =>
        reply.header(
          'cache-control',
          /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  }
  registerWidgetAsset(app, options.widgetRoot);
  // The customer portal's pages (/portal/…) and the public pages' assets (/public/…).
  await registerPortal(app, { publicUrl: options.config.publicUrl });
  // The public FAQ (/help/…) and the host's /robots.txt.
  await registerFaq(app, { publicUrl: options.config.publicUrl });
  registerErrorHandling(app, { spaFallback: Boolean(options.webRoot) });

  await app.register(
    async (api) => {
      registerAuthentication(api, base);
      for (const register of routeModules) await register(api);
    },
    { prefix: '/api/v1' },
  );
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    base: BaseCtx;
    database: Database;
    /** Attachment contents and the upload limit. */
    files: AppFiles;
    /** Seals stored secrets; undefined in an app built without them. */
    secrets: Secrets | undefined;
  }
}
