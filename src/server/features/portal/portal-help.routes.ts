import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WorkspaceParams } from './portal-auth.routes.ts';
import { getPortalArticle, recordDeflection, suggestArticles } from './portal-help.service.ts';
import { formField, newViewKey, perClientLimit, sendPage, sessionOf } from './portal-http.ts';
import { answeredPage, articlePage } from './pages/help.pages.ts';

const Slug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an article slug');
const ViewKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be the view key of the form');

const SuggestionsQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  lang: z.string().max(10).optional(),
});

const Marked = z.array(z.object({ text: z.string(), mark: z.boolean() }));
const Suggestions = z.object({
  items: z.array(
    z.object({ id: z.string(), slug: z.string(), url: z.string(), title: Marked, snippet: Marked }),
  ),
});

const DeflectionBody = z.object({
  article: Slug,
  view: ViewKey,
  _csrf: z.string().max(200),
});

const ArticleParams = WorkspaceParams.extend({ slug: Slug });
const ArticleQuery = z.object({
  view: ViewKey.optional().catch(undefined),
  lang: z.string().max(10).optional(),
});

const signedInJson = { portal: { access: 'signed_in' as const, json: true } };

/** FAQ suggestions while a client writes, articles in the portal, and deflected requests. */
export function registerPortalHelpRoutes(scope: FastifyInstance) {
  const r = scope.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/:workspace/suggestions',
    {
      schema: {
        hide: true,
        params: WorkspaceParams,
        querystring: SuggestionsQuery,
        response: { 200: Suggestions },
      },
      // Typing asks again every few hundred milliseconds.
      config: { ...signedInJson, rateLimit: perClientLimit('suggest', 600, 3600_000) },
    },
    async (req, reply) => {
      const { ctx } = sessionOf(req);
      const items = await suggestArticles(ctx, { language: req.portal.language, q: req.query.q });
      reply.header('cache-control', 'no-store');
      return {
        items: items.map((s) => ({
          ...s,
          url: `${req.portal.base}/articles/${encodeURIComponent(s.slug)}`,
        })),
      };
    },
  );

  r.post(
    '/:workspace/deflections',
    {
      schema: { hide: true, params: WorkspaceParams, body: DeflectionBody },
      config: {
        portal: { ...signedInJson.portal, csrf: true },
        rateLimit: perClientLimit('deflect', 120, 3600_000),
      },
    },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const recorded = await recordDeflection(ctx, viewer, {
        slug: req.body.article,
        language: req.portal.language,
        viewKey: req.body.view,
      });
      return reply.status(recorded ? 201 : 200).send({ recorded });
    },
  );

  r.get(
    '/:workspace/articles/:slug',
    {
      schema: { hide: true, params: ArticleParams, querystring: ArticleQuery },
      config: { portal: { access: 'signed_in' } },
    },
    async (req, reply) => {
      const { ctx } = sessionOf(req);
      const article = await getPortalArticle(ctx, {
        slug: req.params.slug,
        language: req.portal.language,
      });
      const view = req.query.view ?? newViewKey();
      return sendPage(req, reply, (pc) => articlePage(pc, article, view));
    },
  );

  r.post(
    '/:workspace/articles/:slug/answered',
    {
      schema: { hide: true, params: ArticleParams },
      config: { portal: { access: 'signed_in', csrf: true } },
    },
    async (req, reply) => {
      const { ctx, viewer } = sessionOf(req);
      const view = ViewKey.safeParse(formField(req.body, 'view'));
      await recordDeflection(ctx, viewer, {
        slug: req.params.slug,
        language: req.portal.language,
        viewKey: view.success ? view.data : newViewKey(),
      });
      return sendPage(req, reply, (pc) => answeredPage(pc));
    },
  );
}
