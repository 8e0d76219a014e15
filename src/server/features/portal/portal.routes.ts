// The customer portal at /portal/<workspace slug or id>/…: server-rendered
// pages that work without JavaScript, under a strict CSP with a nonce per
// response. Outside /api/v1 and its authentication: a portal session is a
// client's (its own cookie, path-scoped to the workspace's portal), and
// errors are pages (or JSON for the two small JSON endpoints).
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { registerPublicAssets } from '../../public/assets.ts';
import { newNonce, setPageCsp } from '../../public/csp.ts';
import { asLanguage, pickLanguage } from '../../public/i18n.ts';
import { authenticatePortal, findPortalWorkspace } from './portal-auth.service.ts';
import { registerPortalAuthRoutes } from './portal-auth.routes.ts';
import { registerPortalHelpRoutes } from './portal-help.routes.ts';
import { registerPortalRequestRoutes } from './portal-requests.routes.ts';
import {
  assertCsrfToken,
  assertSameOrigin,
  formField,
  LANGUAGE_COOKIE,
  PORTAL_COOKIE,
  seeOther,
  sendPage,
} from './portal-http.ts';
import { errorPage, type ErrorKind } from './pages/error.pages.ts';
import { REPLY_MAX_FILES } from './pages/request.pages.ts';

export interface PortalOptions {
  /** Where clients reach this server (RAPPORT_PUBLIC_URL); unset: the request's own origin. */
  publicUrl?: string;
}

const FORM_LIMIT_BYTES = 64 * 1024;

/** Registers the portal's pages, its JSON endpoints and the shared public assets. */
export async function registerPortal(app: FastifyInstance, options: PortalOptions = {}) {
  registerPublicAssets(app);
  await app.register(
    async (scope) => {
      // HTML forms post urlencoded; the reply form with files posts multipart.
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
        (_req, body, done) => {
          const params = new URLSearchParams(body as string);
          const out: Record<string, string> = {};
          for (const [key, value] of params) if (!(key in out)) out[key] = value;
          done(null, out);
        },
      );
      await scope.register(multipart, {
        limits: {
          fileSize: scope.files.uploadLimitBytes,
          // One more than allowed, so a form with too many files is answered in words.
          files: REPLY_MAX_FILES + 1,
          fields: 10,
          fieldSize: FORM_LIMIT_BYTES,
          parts: REPLY_MAX_FILES + 11,
        },
        throwFileSizeLimit: false,
      });
      scope.decorateRequest('portal', null as unknown as FastifyRequest['portal']);
      scope.addHook('onRequest', (req, reply) => preparePortalRequest(req, reply, app));
      scope.addHook('preHandler', async (req) => {
        const config = req.routeOptions.config.portal;
        // Signed-in clients' urlencoded forms carry the session's token; multipart ones are
        // checked as their fields arrive (before any file is stored).
        if (config?.csrf && req.method === 'POST' && !req.isMultipart()) {
          assertCsrfToken(req, formField(req.body, '_csrf'));
        }
      });
      scope.setErrorHandler((err, req, reply) =>
        handlePortalError(err as FastifyError | AppError, req, reply),
      );
      scope.setNotFoundHandler(async (req, reply) => {
        await preparePortalRequest(req, reply, app).catch(() => {});
        return sendError(req, reply, 404, 'not_found');
      });

      registerPortalAuthRoutes(scope, options);
      registerPortalRequestRoutes(scope);
      registerPortalHelpRoutes(scope);
    },
    { prefix: '/portal' },
  );
}

/**
 * Every portal request: a CSP nonce, the workspace named by the URL (a
 * redirect to its slug when named by id), the client's session, the page
 * language, and for posts the same-origin check.
 */
async function preparePortalRequest(
  req: FastifyRequest,
  reply: FastifyReply,
  app: FastifyInstance,
) {
  if (req.portal) return;
  const nonce = newNonce();
  setPageCsp(reply, nonce);
  const query = (req.query ?? {}) as Record<string, unknown>;
  const chosen = asLanguage(typeof query.lang === 'string' ? query.lang : undefined);
  if (chosen) {
    reply.setCookie(LANGUAGE_COOKIE, chosen, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      maxAge: 365 * 24 * 3600,
    });
  }
  const key = (req.params as { workspace?: string } | undefined)?.workspace;
  const workspace = key ? await findPortalWorkspace(app.base.db, key) : undefined;
  req.portal = {
    base: workspace ? `/portal/${workspace.slug}` : '/portal',
    nonce,
    language: pickLanguage({
      chosen: chosen ?? req.cookies[LANGUAGE_COOKIE],
      acceptLanguage: req.headers['accept-language'],
      workspace: workspace?.defaultLanguage,
    }),
    workspace,
  };
  if (!workspace) {
    if (req.routeOptions.url) throw new AppError('not_found', 'no such portal');
    return;
  }
  // One address per portal (the cookie's path is the slug's).
  if (key !== workspace.slug) {
    if (req.method !== 'GET') throw new AppError('not_found', 'no such portal');
    const rest = req.url.slice(`/portal/${key}`.length);
    return reply.redirect(`/portal/${workspace.slug}${rest || '/'}`, 301);
  }
  const ctx: Ctx = {
    workspaceId: workspace.id,
    actor: { kind: 'system' },
    db: app.base.db,
    log: req.log,
    now: app.base.now,
    jobs: app.base.jobs,
    secrets: app.base.secrets,
  };
  req.portal.ctx = ctx;
  const cookie = req.cookies[PORTAL_COOKIE];
  if (cookie) {
    req.portal.session = await authenticatePortal(ctx, workspace, cookie);
    if (req.portal.session) {
      req.portal.language = pickLanguage({
        chosen: chosen ?? req.cookies[LANGUAGE_COOKIE],
        client: req.portal.session.viewer.language,
        acceptLanguage: req.headers['accept-language'],
        workspace: workspace.defaultLanguage,
      });
    }
  }
  if (req.method === 'POST') assertSameOrigin(req);
  const config = req.routeOptions.config.portal;
  if (config?.access === 'signed_in' && !req.portal.session) {
    if (config.json || req.method !== 'GET') {
      throw new AppError('unauthenticated', 'sign in to the portal first');
    }
    const next = encodeURIComponent(req.url);
    return seeOther(reply, `${req.portal.base}/?notice=sign_in_first&next=${next}`);
  }
}

const KIND_OF_STATUS: Record<number, ErrorKind> = {
  400: 'bad_request',
  401: 'not_found',
  403: 'csrf',
  404: 'not_found',
  413: 'bad_request',
  415: 'bad_request',
  429: 'rate_limited',
};

function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  kind: ErrorKind,
  json?: { code: string; message: string; fields?: Record<string, string> },
) {
  if (req.routeOptions.config?.portal?.json && json) {
    return reply.status(status).header('cache-control', 'no-store').send({ error: json });
  }
  if (!req.portal) {
    req.portal = { base: '/portal', nonce: newNonce(), language: 'en' };
    setPageCsp(reply, req.portal.nonce);
  }
  return sendPage(req, reply, (pc) => errorPage(pc, kind), status);
}

/** Errors as pages in the reader's language, or as the API's JSON shape for the JSON endpoints. */
function handlePortalError(err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    // A signed-out client posting a form (an expired session) signs in again.
    if (err.code === 'unauthenticated' && !req.routeOptions.config?.portal?.json && req.portal) {
      return seeOther(reply, `${req.portal.base}/?notice=sign_in_first`);
    }
    const kind = KIND_OF_STATUS[err.status] ?? 'internal';
    return sendError(req, reply, err.status, kind, {
      code: err.code,
      message: err.message,
      ...(err.fields ? { fields: err.fields } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    if (err.validationContext === 'params') return sendError(req, reply, 404, 'not_found');
    const fields: Record<string, string> = {};
    for (const issue of err.validation) {
      const path =
        issue.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
        err.validationContext ||
        'body';
      fields[path] ??= issue.message ?? 'is invalid';
    }
    return sendError(req, reply, 400, 'bad_request', {
      code: 'validation_failed',
      message: `invalid ${Object.keys(fields).join(', ')}`,
      fields,
    });
  }
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) req.log.error({ err }, 'portal request failed');
  const code = status === 429 ? 'rate_limited' : status === 500 ? 'internal' : 'validation_failed';
  return sendError(req, reply, status, KIND_OF_STATUS[status] ?? 'internal', {
    code,
    message: status === 500 ? 'something went wrong on our side' : err.message,
  });
}
