import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { NewTagBody, PatchTagBody, Tag, TagListQuery } from '../../../shared/api/tags.ts';
import { toPage } from '../../pagination.ts';
import { presentTag } from './tag.presenter.ts';
import * as service from './tag.service.ts';

export function registerTagsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['tags'];

  r.get(
    '/tags',
    {
      schema: {
        tags,
        summary: 'The tag catalogue by name, with how many conversations carry each tag',
        querystring: TagListQuery,
        response: { 200: page(Tag), 400: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listTags(req.ctx, req.query);
      return toPage(rows, req.query.limit, service.tagCursorKey, (t) =>
        presentTag(req.ctx.actor, t),
      );
    },
  );

  r.post(
    '/tags',
    {
      schema: {
        tags,
        summary: 'Add a tag to the catalogue (supervisor, admin)',
        body: NewTagBody,
        response: { 201: Tag, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const tag = await service.createTag(req.ctx, req.body);
      return reply.status(201).send(presentTag(req.ctx.actor, tag));
    },
  );

  r.patch(
    '/tags/:id',
    {
      schema: {
        tags,
        summary:
          'Change a tag (supervisor, admin); a new name is written onto every conversation carrying it',
        params: IdParams,
        body: PatchTagBody,
        response: { 200: Tag, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      presentTag(req.ctx.actor, await service.updateTag(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/tags/:id',
    {
      schema: {
        tags,
        summary: 'Delete a tag (supervisor, admin); it is taken off every conversation',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteTag(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
