// The public FAQ (help centre) at /help/<workspace slug>/<language>/…:
// server-rendered pages that work without JavaScript and run none, cached by
// browsers and proxies and revalidated with ETag / Last-Modified, indexable
// (canonical, hreflang, a sitemap per workspace, the host's robots.txt), and
// the "was this helpful?" vote as a plain form post. Public routes: no
// session, no user; the workspace comes from the URL, the language too (the
// reader's browser only chooses where the bare /help/<workspace>/ goes).
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppError } from '../../errors.ts';
import { notFound } from '../../errors.ts';
import { translate } from '../../public/i18n.ts';
import { Language } from '../../../shared/api/common.ts';
import { formField } from '../portal/portal-http.ts';
import { DEFAULT_PAGE_CACHE, PageCache, type PageCacheOptions } from './faq-cache.ts';
import { faqOf, faqUrls, latest, originOf, sendCached, voterIdOf } from './faq-http.ts';
import {
  chooseLanguage,
  handleFaqError,
  prepareFaqRequest,
  sendError,
  sendFaqPage,
} from './faq-request.ts';
import {
  getFaqArticle,
  getFaqCategory,
  getFaqHome,
  listFaqLanguages,
  listFaqSitemapPage,
  listFaqSitemapPageStarts,
  listFaqSlugsForRobots,
  QUERY_MAX,
  searchFaq,
  VOTE_COMMENT_MAX,
  voteOnFaqArticle,
} from './faq.service.ts';
import { articlePage, missingLanguagePage, type VoteState } from './pages/article.pages.ts';
import { categoryPage, homePage } from './pages/browse.pages.ts';
import { searchPage } from './pages/search.pages.ts';
import { renderRobots, renderSitemapIndex, renderUrlset } from './pages/sitemap.ts';

export interface FaqOptions {
  /** Where readers reach this server (RAPPORT_PUBLIC_URL); unset: each request's own origin. */
  publicUrl?: string;
  /** The rendered-page cache's lifetime and size (see faq-cache.ts). */
  pageCache?: Partial<Omit<PageCacheOptions, 'now'>>;
}

/** Votes per address in VOTE_WINDOW_MS: plenty for a reader, few for a script. */
export const VOTES_PER_IP = 30;
export const VOTE_WINDOW_MS = 10 * 60_000;
/** Sitemap lines in /robots.txt (Google reads the first 500 KiB of it). */
const ROBOTS_SITEMAPS_MAX = 5000;
const FORM_LIMIT_BYTES = 16 * 1024;

const Slug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a slug');
const WorkspaceParams = z.object({ workspace: z.string().min(1).max(100) });
const LanguageParams = WorkspaceParams.extend({ lang: Language });
const CategoryParams = LanguageParams.extend({ category: Slug });
const ArticleParams = LanguageParams.extend({ article: Slug });
const CategoryQuery = z.object({ after: z.string().min(1).max(200).optional() });
const ArticleQuery = z.object({ voted: z.enum(['yes', 'no']).optional().catch(undefined) });
const SearchQuery = z.object({ q: z.string().optional() });
const SitemapQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an article id')
    .optional(),
});

/** Registers /robots.txt and the help centres under /help. */
export async function registerFaq(app: FastifyInstance, options: FaqOptions = {}) {
  app.get('/robots.txt', { schema: { hide: true } }, async (req, reply) => {
    const slugs = await listFaqSlugsForRobots(app.base.db, ROBOTS_SITEMAPS_MAX);
    return sendCached(req, reply, {
      body: renderRobots(originOf(req, options.publicUrl), slugs),
      type: 'text/plain; charset=utf-8',
      cacheControl: 'public, max-age=3600',
    });
  });

  const pages = new PageCache({ ...DEFAULT_PAGE_CACHE, ...options.pageCache, now: app.base.now });
  await app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
        (_req, body, done) => {
          const out: Record<string, string> = {};
          for (const [key, value] of new URLSearchParams(body as string)) {
            if (!(key in out)) out[key] = value;
          }
          done(null, out);
        },
      );
      scope.decorateRequest('faq', null as unknown as FastifyRequest['faq']);
      scope.addHook('onRequest', (req, reply) =>
        prepareFaqRequest(req, reply, app, options, pages),
      );
      scope.setErrorHandler((err, req, reply) =>
        handleFaqError(err as FastifyError | AppError, req, reply),
      );
      scope.setNotFoundHandler(async (req, reply) => {
        await prepareFaqRequest(req, reply, app, options).catch(() => {});
        return sendError(req, reply, 404, 'not_found');
      });
      registerFaqRoutes(scope);
    },
    { prefix: '/help' },
  );
}

function registerFaqRoutes(scope: FastifyInstance) {
  const r = scope.withTypeProvider<ZodTypeProvider>();

  // The bare root: the reader's language among those the help centre is written in.
  r.get('/:workspace', { schema: { hide: true, params: WorkspaceParams } }, async (req, reply) => {
    const { workspace, ctx } = faqOf(req);
    const languages = await listFaqLanguages(ctx);
    const language = chooseLanguage(req, languages, workspace.defaultLanguage);
    return reply
      .header('vary', 'Accept-Language, Cookie')
      .header('cache-control', 'private, no-cache')
      .redirect(faqUrls.home(workspace.slug, language), 302);
  });

  r.get(
    '/:workspace/:lang',
    { schema: { hide: true, params: LanguageParams } },
    async (req, reply) => {
      const { ctx } = faqOf(req);
      const home = await getFaqHome(ctx, { language: req.params.lang });
      return sendFaqPage(req, reply, (fc) => homePage(fc, home), {
        languages: await listFaqLanguages(ctx),
        lastModified: latest(home.categories.flatMap((c) => c.articles.map((a) => a.updated_at))),
      });
    },
  );

  r.get(
    '/:workspace/:lang/categories/:category',
    { schema: { hide: true, params: CategoryParams, querystring: CategoryQuery } },
    async (req, reply) => {
      const { ctx } = faqOf(req);
      const category = await getFaqCategory(ctx, {
        language: req.params.lang,
        slug: req.params.category,
        cursor: req.query.after,
      });
      return sendFaqPage(req, reply, (fc) => categoryPage(fc, category, req.query.after), {
        lastModified: latest(category.articles.map((a) => a.updated_at)),
      });
    },
  );

  r.get(
    '/:workspace/:lang/articles/:article',
    { schema: { hide: true, params: ArticleParams, querystring: ArticleQuery } },
    async (req, reply) => {
      const { ctx } = faqOf(req);
      const article = await getFaqArticle(ctx, {
        language: req.params.lang,
        slug: req.params.article,
      });
      if (article.kind === 'missing') {
        return sendFaqPage(req, reply, (fc) => missingLanguagePage(fc, article), { status: 404 });
      }
      return sendFaqPage(req, reply, (fc) => articlePage(fc, article, { voted: req.query.voted }), {
        lastModified: latest(article.languages.map((l) => l.updated_at)),
      });
    },
  );

  r.post(
    '/:workspace/:lang/articles/:article/vote',
    {
      schema: { hide: true, params: ArticleParams },
      config: {
        rateLimit: {
          max: VOTES_PER_IP,
          timeWindow: VOTE_WINDOW_MS,
          keyGenerator: (req) => `faq-vote|${req.ip}`,
        },
      },
    },
    async (req, reply) => {
      const { workspace, ctx } = faqOf(req);
      const { lang, article: slug } = req.params;
      const helpful = formField(req.body, 'helpful');
      const comment = formField(req.body, 'comment');
      const t = (key: string, vars?: Record<string, number>) => translate(lang, key, vars);
      const refuse = async (error: string) => {
        const article = await getFaqArticle(ctx, { language: lang, slug });
        if (article.kind === 'missing') throw notFound('article');
        const state: VoteState = { error, comment };
        return sendFaqPage(req, reply, (fc) => articlePage(fc, article, state), { status: 400 });
      };
      if (helpful !== 'yes' && helpful !== 'no') return refuse(t('faq.vote.choose'));
      if (comment.trim().length > VOTE_COMMENT_MAX)
        return refuse(t('faq.vote.tooLong', { max: VOTE_COMMENT_MAX }));
      await voteOnFaqArticle(ctx, {
        language: lang,
        slug,
        helpful: helpful === 'yes',
        comment,
        fingerprint: voterIdOf(req, reply, workspace.slug),
      });
      // Post/redirect/get: the thank-you state is the article again, so a reload sends nothing.
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${faqUrls.article(workspace.slug, lang, slug)}?voted=${helpful}#helpful`, 303);
    },
  );

  r.get(
    '/:workspace/:lang/search',
    { schema: { hide: true, params: LanguageParams, querystring: SearchQuery } },
    async (req, reply) => {
      const { ctx } = faqOf(req);
      const language = req.params.lang;
      const q = (req.query.q ?? '').trim();
      if (q.length > QUERY_MAX) {
        const error = translate(language, 'faq.search.tooLong', { max: QUERY_MAX });
        return sendFaqPage(req, reply, (fc) => searchPage(fc, q.slice(0, QUERY_MAX), [], error), {
          status: 400,
          languages: await listFaqLanguages(ctx),
        });
      }
      const results = q ? await searchFaq(ctx, { language, q }) : [];
      return sendFaqPage(req, reply, (fc) => searchPage(fc, q, results), {
        languages: await listFaqLanguages(ctx),
      });
    },
  );

  r.get(
    '/:workspace/sitemap.xml',
    { schema: { hide: true, params: WorkspaceParams, querystring: SitemapQuery } },
    async (req, reply) => {
      const { workspace, ctx } = faqOf(req);
      const after = req.query.after;
      const first = await listFaqSitemapPage(ctx, {
        afterId: after && after !== '0' ? after : undefined,
      });
      const o = {
        origin: req.faq.origin,
        slug: workspace.slug,
        defaultLanguage: workspace.defaultLanguage,
      };
      // Asked for the whole sitemap of a help centre larger than one file: an index of its pages.
      if (after === undefined && first.nextAfterId) {
        const starts = await listFaqSitemapPageStarts(ctx, { firstNextAfterId: first.nextAfterId });
        return sendCached(req, reply, {
          body: renderSitemapIndex(o, ['0', ...starts]),
          type: 'application/xml; charset=utf-8',
        });
      }
      return sendCached(req, reply, {
        body: renderUrlset(o, first.items),
        type: 'application/xml; charset=utf-8',
        lastModified: latest(first.items.flatMap((i) => i.languages.map((l) => l.updated_at))),
      });
    },
  );
}
