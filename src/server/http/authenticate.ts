import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  authenticateSession,
  authenticateToken,
  type BaseCtx,
} from '../features/auth/auth.service.ts';
import { safeEqual } from '../security.ts';

export const SESSION_COOKIE = 'rapport_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no signed-in user (login, health, documentation). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The request context of the signed-in user; set on every non-public route. */
    ctx: Ctx;
  }
}

/**
 * Authentication on by default: every route not marked public needs a session
 * cookie or an API token. Cookie-authenticated writes must echo the session's
 * CSRF token in X-CSRF-Token (a cross-site form cannot read it); token
 * requests carry no ambient credential, so they need none.
 */
export function registerAuthentication(app: FastifyInstance, base: BaseCtx) {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    let auth;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m)
        throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
      auth = await authenticateToken(base, m[1]!);
      if (!auth) throw new AppError('unauthenticated', 'the API token is unknown or revoked');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) auth = await authenticateSession(base, cookie);
      if (!auth) throw new AppError('unauthenticated', 'sign in first');
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !auth.csrfToken || !safeEqual(sent, auth.csrfToken)) {
          throw new AppError('csrf_failed', 'missing or wrong X-CSRF-Token header');
        }
      }
    }
    request.ctx = {
      workspaceId: auth.workspaceId,
      actor: auth.actor,
      db: base.db,
      log: request.log,
      now: base.now,
      jobs: base.jobs,
      secrets: base.secrets,
      inbound: base.inbound,
      origin: base.publicUrl ?? originOfRequest(request),
    };
  });
}

/** The address the request came to (scheme, host and port), or undefined if the Host is unusable. */
function originOfRequest(request: FastifyRequest): string | undefined {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return undefined;
  }
}
