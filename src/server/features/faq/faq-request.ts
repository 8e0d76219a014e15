// What every FAQ request goes through: the hook that finds the workspace and
// language the URL names (or answers from the page cache), choosing a
// reader's language for the bare root, rendering and sending a page, and the
// error pages.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { html } from '../../public/html.ts';
import { asLanguage, translate } from '../../public/i18n.ts';
import { renderPage } from '../../public/layout.ts';
import { Language } from '../../../shared/api/common.ts';
import { assertSameOrigin, LANGUAGE_COOKIE } from '../portal/portal-http.ts';
import type { PageCache } from './faq-cache.ts';
import { faqOf, originOf, sendCached, sendPageOrNotModified, setFaqCsp } from './faq-http.ts';
import { findFaqWorkspace, listFaqLanguages } from './faq.service.ts';
import { faqDocument, faqPageContext, type FaqPage, type FaqPageContext } from './pages/frame.ts';
import { errorPage, type FaqErrorKind } from './pages/search.pages.ts';

/** Renders an FAQ page in the request's language and sends it (or 304). */
export function sendFaqPage(
  req: FastifyRequest,
  reply: FastifyReply,
  build: (fc: FaqPageContext) => FaqPage,
  o: { status?: number; lastModified?: Date; languages?: Language[] } = {},
) {
  const { workspace } = faqOf(req);
  const { languages = [], ...send } = o;
  const fc = faqPageContext(req.faq.language, { ...workspace, languages }, req.faq.origin);
  return sendCached(req, reply, { body: faqDocument(fc, build(fc)), ...send });
}

/** The reader's languages by preference: Accept-Language's tags by q-value. */
function rankedLanguages(header: string | undefined): Language[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: asLanguage(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.language && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.language!);
}

/**
 * Where the bare root sends a reader: the language they chose in the portal's
 * or FAQ's switch (cookie), else their browser's best, else the workspace's,
 * else English, among the languages the help centre is written in.
 */
export function chooseLanguage(
  req: FastifyRequest,
  available: Language[],
  workspaceLanguage: Language,
): Language {
  const wanted = [
    asLanguage(req.cookies[LANGUAGE_COOKIE]),
    ...rankedLanguages(req.headers['accept-language']),
    workspaceLanguage,
    'en' as const,
  ].filter((l): l is Language => Boolean(l));
  if (available.length === 0) return wanted[0]!;
  return wanted.find((l) => available.includes(l)) ?? available[0]!;
}

/**
 * Every FAQ request: the page CSP, the workspace and language named by the
 * URL (/help/<workspace>/<language>/…; a workspace named by its id
 * redirects to its slug), the origin for absolute links, and for form posts
 * the same-origin check (the vote form's CSRF defence: browsers say where a
 * post comes from, and a cross-site one is refused; the voter cookie is
 * SameSite=Lax, so another site's post would not carry it either).
 */
export async function prepareFaqRequest(
  req: FastifyRequest,
  reply: FastifyReply,
  app: FastifyInstance,
  options: { publicUrl?: string },
  pages?: PageCache,
) {
  if (req.faq) return;
  setFaqCsp(reply);
  // From the path rather than params, so that the not-found handler knows them too.
  const [, , key, lang] = (req.url.split('?')[0] ?? '').split('/');
  const urlLanguage = Language.safeParse(lang);
  req.faq = {
    language: urlLanguage.success ? urlLanguage.data : 'en',
    origin: originOf(req, options.publicUrl),
  };
  if (pages && (req.method === 'GET' || req.method === 'HEAD') && req.routeOptions.url) {
    // A page rendered a moment ago for this URL: no database, no rendering.
    const cacheKey = `${req.faq.origin}${req.url}`;
    const cached = pages.get(cacheKey);
    if (cached) return sendPageOrNotModified(req, reply, cached);
    req.faq.cache = { pages, key: cacheKey };
  }
  const workspace = key ? await findFaqWorkspace(app.base.db, key) : undefined;
  if (!workspace) {
    if (req.routeOptions.url) throw notFound('help centre');
    return;
  }
  req.faq.workspace = workspace;
  if (!urlLanguage.success) {
    req.faq.language = chooseLanguage(req, [], workspace.defaultLanguage);
  }
  if (key !== workspace.slug) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFound('help centre');
    const rest = req.url.slice(`/help/${key}`.length);
    return reply.redirect(`/help/${workspace.slug}${rest || '/'}`, 301);
  }
  const ctx: Ctx = {
    workspaceId: workspace.id,
    actor: { kind: 'system' },
    db: app.base.db,
    log: req.log,
    now: app.base.now,
    jobs: app.base.jobs,
  };
  req.faq.ctx = ctx;
  if (req.method === 'POST') assertSameOrigin(req);
}

const KIND_OF_STATUS: Record<number, FaqErrorKind> = {
  400: 'bad_request',
  403: 'csrf',
  404: 'not_found',
  413: 'bad_request',
  415: 'bad_request',
  429: 'rate_limited',
};

/** An error page in the reader's language, within the help centre when the URL named one. */
export async function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  kind: FaqErrorKind,
) {
  if (!req.faq) {
    req.faq = { language: 'en', origin: '' };
    setFaqCsp(reply);
  }
  const { workspace, ctx } = req.faq;
  if (workspace && ctx) {
    const languages = await listFaqLanguages(ctx).catch(() => []);
    return sendFaqPage(req, reply, (fc) => errorPage(fc, kind), { status, languages });
  }
  // No help centre here: a bare page, in the reader's browser language.
  const lang = chooseLanguage(req, [], 'en');
  const title = translate(
    lang,
    kind === 'not_found' ? 'faq.error.notFoundTitle' : 'faq.error.title',
  );
  const body = renderPage({
    language: lang,
    title,
    workspace: { name: 'Rapport', homeHref: '/' },
    url: req.url,
    nonce: '',
    languageLinks: [],
    navLabel: translate(lang, 'faq.navLabel'),
    footer: '',
    body: html`<div class="panel narrow">
      <h1>${title}</h1>
      <p>${translate(lang, `faq.error.${kind}`)}</p>
    </div>`,
  });
  return reply
    .status(status)
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(body);
}

export function handleFaqError(
  err: FastifyError | AppError,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  if (err instanceof AppError) {
    if (err.status >= 500) req.log.error({ err }, 'FAQ request failed');
    return sendError(req, reply, err.status, KIND_OF_STATUS[err.status] ?? 'internal');
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    // A malformed language, slug or workspace names no page: 404, like a missing one.
    if (err.validationContext === 'params') return sendError(req, reply, 404, 'not_found');
    return sendError(req, reply, 400, 'bad_request');
  }
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) req.log.error({ err }, 'FAQ request failed');
  return sendError(req, reply, status, KIND_OF_STATUS[status] ?? 'internal');
}
