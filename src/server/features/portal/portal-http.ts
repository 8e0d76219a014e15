// What the portal's routes share: the state each request carries (workspace,
// session, language, CSP nonce), rendering a page, the session cookie, the
// same-origin check of form posts, and the CSRF token of a signed-in client.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { safeEqual } from '../../security.ts';
import type { Language } from '../../../shared/api/common.ts';
import { translator } from '../../public/i18n.ts';
import type { PortalSession, PortalWorkspace } from './portal-auth.service.ts';
import { PORTAL_SESSION_TTL_HOURS } from './portal-auth.service.ts';
import { portalDocument, type PortalPage, type PortalPageContext } from './pages/frame.ts';

/** The portal's session cookie; its path is the workspace's portal, so each workspace has its own. */
export const PORTAL_COOKIE = 'rapport_portal';
/** The reader's choice in the language switch, shared with the public FAQ. */
export const LANGUAGE_COOKIE = 'rapport_lang';

/** What every portal request knows once its hooks ran. */
export interface PortalState {
  /** undefined only for a URL naming no workspace (the 404 page). */
  workspace?: PortalWorkspace;
  base: string;
  ctx?: Ctx;
  session?: PortalSession;
  language: Language;
  nonce: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalState;
  }
  interface FastifyContextConfig {
    /** Portal routes: 'signed_in' needs a portal session; 'json' answers errors as JSON. */
    portal?: { access: 'public' | 'signed_in'; json?: boolean; csrf?: boolean };
  }
}

/** The signed-in client's session, or 401 (the hooks let only signed-in requests through to such routes). */
export function sessionOf(req: FastifyRequest): PortalSession & { ctx: Ctx } {
  const { session, ctx } = req.portal;
  if (!session || !ctx) throw new AppError('unauthenticated', 'sign in to the portal first');
  return { ...session, ctx };
}

export function workspaceOf(req: FastifyRequest): PortalWorkspace & { ctx: Ctx } {
  const { workspace, ctx } = req.portal;
  if (!workspace || !ctx) throw new AppError('not_found', 'no such portal');
  return { ...workspace, ctx };
}

/** The page context of this request: language, workspace, session, URL, nonce. */
export function pageContext(req: FastifyRequest): PortalPageContext {
  const p = req.portal;
  return {
    language: p.language,
    t: translator(p.language),
    base: p.base,
    workspaceName: p.workspace?.name ?? 'Rapport',
    timeZone: p.session?.viewer.timeZone ?? p.workspace?.timeZone ?? 'UTC',
    url: req.url,
    nonce: p.nonce,
    session: p.session
      ? { name: p.session.viewer.name, csrfToken: p.session.csrfToken }
      : undefined,
  };
}

/** Sends a portal page as HTML (never cached: it shows a client's own data). */
export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  page: PortalPage | ((pc: PortalPageContext) => PortalPage),
  status = 200,
) {
  const pc = pageContext(req);
  const built = typeof page === 'function' ? page(pc) : page;
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(portalDocument(pc, built));
}

/** A redirect after a form post (303: the browser follows it with GET). */
export function seeOther(reply: FastifyReply, location: string) {
  return reply.header('cache-control', 'no-store').redirect(location, 303);
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, value: string) {
  reply.setCookie(PORTAL_COOKIE, value, {
    path: req.portal.base,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: PORTAL_SESSION_TTL_HOURS * 3600,
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(PORTAL_COOKIE, { path: req.portal.base });
}

/**
 * A form post must come from a page of this server: browsers say where a
 * request comes from (Sec-Fetch-Site, else Origin), and a cross-site post is
 * refused whatever it carries (it could sign a victim in to an attacker's
 * session with the attacker's link). A client that says neither (not a
 * browser, or a very old one) passes; the session's CSRF token still guards
 * a signed-in client's forms.
 */
export function assertSameOrigin(req: FastifyRequest) {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return;
    throw new AppError('csrf_failed', 'the form was sent from another site');
  }
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return;
  // "null": a sandboxed or opaque page, never one of ours.
  if (origin === 'null')
    throw new AppError('csrf_failed', 'the form was sent from an opaque origin');
  let from: string;
  let self: string;
  try {
    from = new URL(origin).host;
    // Through URL too, so that "host:80" and "host" compare equal.
    self = new URL(`${req.protocol}://${req.host}`).host;
  } catch {
    throw new AppError('csrf_failed', 'the Origin header is not a URL');
  }
  if (from !== self) throw new AppError('csrf_failed', 'the form was sent from another site');
}

/** The signed-in client's form carries their session's CSRF token in _csrf. */
export function assertCsrfToken(req: FastifyRequest, sent: unknown) {
  const expected = req.portal.session?.csrfToken;
  if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
    throw new AppError('csrf_failed', 'missing or wrong _csrf field');
  }
}

/** A form field as a string ('' when missing or repeated oddly). */
export function formField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Where to go after signing in: a page of this workspace's portal, given as
 * a path; anything else (another site, another workspace) is dropped.
 */
export function safeNext(base: string, next: string | undefined): string | undefined {
  if (!next || next.length > 500) return undefined;
  if (!next.startsWith(`${base}/`) || next.includes('//') || next.includes('\\')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f]/.test(next)) return undefined;
  return next;
}

/** A random key for one view of the new-request form (a deflection counts once per view). */
export function newViewKey(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A rate limit per signed-in client (per address before sign-in) for the
 * portal's writes, so one client cannot flood the inbox.
 */
export function perClientLimit(name: string, max: number, timeWindowMs: number) {
  return {
    max,
    timeWindow: timeWindowMs,
    keyGenerator: (req: FastifyRequest) =>
      `portal-${name}|${req.portal?.workspace?.id ?? ''}|${req.portal?.session?.viewer.clientId ?? req.ip}`,
  };
}
