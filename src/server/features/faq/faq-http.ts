// What the FAQ's routes share: the state of each request (workspace,
// language, where readers reach this server), the URLs of its pages,
// conditional responses (ETag, Last-Modified, 304), the pages' Content
// Security Policy, and the anonymous voter's cookie.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.ts';
import { newSecret } from '../../security.ts';
import type { Language } from '../../../shared/api/common.ts';
import type { CachedPage, PageCache } from './faq-cache.ts';
import type { FaqWorkspace } from './faq.service.ts';

export interface FaqState {
  /** undefined only on the 404 page of a URL naming no workspace. */
  workspace?: FaqWorkspace;
  ctx?: Ctx;
  /** The page's language: the URL's, else (for the bare root and errors) the reader's. */
  language: Language;
  /** Scheme, host and port readers use (RAPPORT_PUBLIC_URL, else this request's). */
  origin: string;
  /** Where this GET's page is kept for the next readers (see faq-cache.ts). */
  cache?: { pages: PageCache; key: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    faq: FaqState;
  }
}

/** The request's workspace and its system ctx; the hooks let no request without one reach a route. */
export function faqOf(req: FastifyRequest): { workspace: FaqWorkspace; ctx: Ctx } {
  const { workspace, ctx } = req.faq;
  if (!workspace || !ctx) throw new Error('FAQ route reached without a workspace');
  return { workspace, ctx };
}

// URLs of the FAQ's pages (paths; absolute with the origin for canonical,
// hreflang and the sitemap).
export const faqUrls = {
  root: (ws: string) => `/help/${ws}/`,
  home: (ws: string, l: Language) => `/help/${ws}/${l}/`,
  category: (ws: string, l: Language, slug: string) =>
    `/help/${ws}/${l}/categories/${encodeURIComponent(slug)}`,
  article: (ws: string, l: Language, slug: string) =>
    `/help/${ws}/${l}/articles/${encodeURIComponent(slug)}`,
  vote: (ws: string, l: Language, slug: string) =>
    `/help/${ws}/${l}/articles/${encodeURIComponent(slug)}/vote`,
  search: (ws: string, l: Language, q?: string) =>
    `/help/${ws}/${l}/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
  sitemap: (ws: string, after?: string) =>
    `/help/${ws}/sitemap.xml${after ? `?after=${after}` : ''}`,
  /** The customer portal, where a reader follows their requests. */
  portal: (ws: string, l: Language) => `/portal/${ws}/?lang=${l}`,
};

/** The origin readers use: the configured public URL, else this request's scheme and host. */
export function originOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return `${req.protocol}://localhost`;
  }
}

/**
 * Pages may be kept a minute by browsers and shared caches (they show no
 * reader's data), then revalidated: a repeat visit costs a 304.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60';

/** A strong validator of a response body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether the reader's copy is current: If-None-Match when sent (it wins, as
 * RFC 9110 says), else If-Modified-Since against Last-Modified (seconds).
 */
export function isFresh(req: FastifyRequest, etag: string, lastModified?: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === etag || tag === '*');
  }
  const since = req.headers['if-modified-since'];
  if (lastModified && typeof since === 'string') {
    const at = Date.parse(since);
    return !Number.isNaN(at) && Math.floor(lastModified.getTime() / 1000) * 1000 <= at;
  }
  return false;
}

/**
 * Sends a page (or XML, or text) with its ETag and Last-Modified, or 304
 * when the reader's copy is current. Only successful GETs are conditional,
 * and only they are kept in the page cache.
 */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  o: {
    body: string;
    type?: string;
    lastModified?: Date;
    status?: number;
    cacheControl?: string;
  },
) {
  const status = o.status ?? 200;
  const type = o.type ?? 'text/html; charset=utf-8';
  if (status !== 200) {
    return reply.status(status).header('cache-control', 'no-cache').type(type).send(o.body);
  }
  const page: CachedPage = {
    body: o.body,
    type,
    etag: etagOf(o.body),
    lastModified: o.lastModified?.toUTCString(),
    cacheControl: o.cacheControl ?? PAGE_CACHE_CONTROL,
  };
  const cache = req.faq?.cache;
  if (cache && req.method === 'GET') cache.pages.set(cache.key, page);
  return sendPageOrNotModified(req, reply, page);
}

/** A page with its validators, or 304 when the reader's copy is current. */
export function sendPageOrNotModified(req: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.header('etag', page.etag).header('cache-control', page.cacheControl);
  if (page.lastModified) reply.header('last-modified', page.lastModified);
  const lastModified = page.lastModified ? new Date(page.lastModified) : undefined;
  if ((req.method === 'GET' || req.method === 'HEAD') && isFresh(req, page.etag, lastModified)) {
    return reply.status(304).send();
  }
  return reply.status(200).type(page.type).send(page.body);
}

/** The latest of some dates (Last-Modified of a page listing several things). */
export function latest(dates: (Date | string | undefined | null)[]): Date | undefined {
  let max: Date | undefined;
  for (const d of dates) {
    if (!d) continue;
    const at = d instanceof Date ? d : new Date(d);
    if (!Number.isNaN(at.getTime()) && (!max || at > max)) max = at;
  }
  return max;
}

/**
 * The FAQ's Content-Security-Policy: its pages run no script at all, load
 * only this server's stylesheet (and articles' images), post forms only here,
 * and cannot be framed. No nonce, so a page is the same bytes for everyone
 * (its ETag holds across readers).
 */
export function setFaqCsp(reply: FastifyReply) {
  reply.header(
    'content-security-policy',
    [
      "default-src 'none'",
      "style-src 'self'",
      "img-src 'self' data: https:",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  reply.header('referrer-policy', 'same-origin');
}

/** The anonymous voter's cookie: a random id, the "fingerprint" the knowledge service hashes. */
export const VOTER_COOKIE = 'rapport_faq_voter';
const VOTER_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The reader's voter id from their cookie, or a new one set on this response
 * (for a year, on this workspace's FAQ only). A reader who refuses cookies
 * counts as a new voter each time; the per-address rate limit bounds that.
 */
export function voterIdOf(req: FastifyRequest, reply: FastifyReply, slug: string): string {
  const current = req.cookies[VOTER_COOKIE];
  if (current && VOTER_ID.test(current)) return current;
  const id = newSecret();
  reply.setCookie(VOTER_COOKIE, id, {
    path: `/help/${slug}/`,
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: 365 * 24 * 3600,
  });
  return id;
}
