import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  CategoryListQuery,
  KnowledgeCategory,
  NewCategoryBody,
  PatchCategoryBody,
} from '../../../shared/api/knowledge.ts';
import { toPage } from '../../pagination.ts';
import { presentCategory } from './category.presenter.ts';
import * as service from './category.service.ts';

const tags = ['knowledge base'];

export function registerKnowledgeCategoryRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/knowledge/categories',
    {
      schema: {
        tags,
        summary: 'Knowledge base categories in their order, with their names per language',
        querystring: CategoryListQuery,
        response: { 200: page(KnowledgeCategory), 400: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listCategories(req.ctx, req.query);
      return toPage(rows, req.query.limit, service.categoryCursorKey, (row) =>
        presentCategory(req.ctx.actor, row),
      );
    },
  );

  r.post(
    '/knowledge/categories',
    {
      schema: {
        tags,
        summary: 'Add a category (admin, supervisor)',
        body: NewCategoryBody,
        response: { 201: KnowledgeCategory, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await service.createCategory(req.ctx, req.body);
      return reply.status(201).send(presentCategory(req.ctx.actor, row));
    },
  );

  r.get(
    '/knowledge/categories/:id',
    {
      schema: {
        tags,
        summary: 'One category',
        params: IdParams,
        response: { 200: KnowledgeCategory, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCategory(req.ctx.actor, await service.showCategory(req.ctx, req.params.id)),
  );

  r.patch(
    '/knowledge/categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move or re-slug a category (admin, supervisor)',
        params: IdParams,
        body: PatchCategoryBody,
        response: {
          200: KnowledgeCategory,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) =>
      presentCategory(
        req.ctx.actor,
        await service.updateCategory(req.ctx, req.params.id, req.body),
      ),
  );

  r.delete(
    '/knowledge/categories/:id',
    {
      schema: {
        tags,
        summary: 'Delete an empty category (admin, supervisor)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteCategory(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
