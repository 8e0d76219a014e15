import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  ArticleListQuery,
  KnowledgeArticle,
  KnowledgeArticleListItem,
  NewArticleBody,
  PatchArticleBody,
} from '../../../shared/api/knowledge.ts';
import { toPage } from '../../pagination.ts';
import { presentArticle, presentArticleListItem } from './article.presenter.ts';
import * as service from './article.service.ts';

const tags = ['knowledge base'];

export function registerKnowledgeArticleRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/knowledge/articles',
    {
      schema: {
        tags,
        summary:
          'Knowledge base articles (internal ones and drafts too) with their language versions; filter and search',
        querystring: ArticleListQuery,
        response: { 200: page(KnowledgeArticleListItem), 400: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listArticles(req.ctx, req.query);
      return toPage(rows, req.query.limit, service.articleCursorKey(req.query.sort), (row) =>
        presentArticleListItem(req.ctx.actor, row.article, row.versions),
      );
    },
  );

  r.post(
    '/knowledge/articles',
    {
      schema: {
        tags,
        summary: 'Write an article with its first language version (admin, supervisor)',
        body: NewArticleBody,
        response: {
          201: KnowledgeArticle,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { article, versions } = await service.createArticle(req.ctx, req.body);
      return reply.status(201).send(presentArticle(req.ctx.actor, article, versions));
    },
  );

  r.get(
    '/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'One article with every language version in full',
        params: IdParams,
        response: { 200: KnowledgeArticle, 404: ErrorBody },
      },
    },
    async (req) => {
      const { article, versions } = await service.showArticle(req.ctx, req.params.id);
      return presentArticle(req.ctx.actor, article, versions);
    },
  );

  r.patch(
    '/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'Move an article, change its visibility, position or slug (admin, supervisor)',
        params: IdParams,
        body: PatchArticleBody,
        response: {
          200: KnowledgeArticle,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const { article, versions } = await service.updateArticle(req.ctx, req.params.id, req.body);
      return presentArticle(req.ctx.actor, article, versions);
    },
  );

  r.delete(
    '/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'Delete an article with its versions, revisions and votes (admin, supervisor)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteArticle(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
