import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CannedResponse,
  CannedResponseListQuery,
  NewCannedResponseBody,
  PatchCannedResponseBody,
  RenderCannedResponseBody,
  RenderedCannedResponse,
} from '../../../shared/api/canned-responses.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { toPage } from '../../pagination.ts';
import { presentCannedResponse } from './canned-response.presenter.ts';
import * as service from './canned-response.service.ts';

const tags = ['canned responses'];

export function registerCannedResponsesRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/canned-responses',
    {
      schema: {
        tags,
        summary: 'Canned responses by title; search words, a language, a folder',
        querystring: CannedResponseListQuery,
        response: { 200: page(CannedResponse), 400: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listCannedResponses(req.ctx, req.query);
      return toPage(rows, req.query.limit, service.cannedCursorKey, (row) =>
        presentCannedResponse(req.ctx.actor, row),
      );
    },
  );

  r.post(
    '/canned-responses',
    {
      schema: {
        tags,
        summary:
          'Write a canned response (admin, supervisor); an unknown {{variable}} in the body is refused',
        body: NewCannedResponseBody,
        response: { 201: CannedResponse, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await service.createCannedResponse(req.ctx, req.body);
      return reply.status(201).send(presentCannedResponse(req.ctx.actor, row));
    },
  );

  r.get(
    '/canned-responses/:id',
    {
      schema: {
        tags,
        summary: 'One canned response',
        params: IdParams,
        response: { 200: CannedResponse, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCannedResponse(
        req.ctx.actor,
        await service.showCannedResponse(req.ctx, req.params.id),
      ),
  );

  r.patch(
    '/canned-responses/:id',
    {
      schema: {
        tags,
        summary: 'Change a canned response (admin, supervisor)',
        params: IdParams,
        body: PatchCannedResponseBody,
        response: {
          200: CannedResponse,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) =>
      presentCannedResponse(
        req.ctx.actor,
        await service.updateCannedResponse(req.ctx, req.params.id, req.body),
      ),
  );

  r.delete(
    '/canned-responses/:id',
    {
      schema: {
        tags,
        summary: 'Delete a canned response (admin, supervisor)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteCannedResponse(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/canned-responses/:id/render',
    {
      schema: {
        tags,
        summary:
          "A canned response's text with its variables filled in for a conversation; counts one use",
        params: IdParams,
        body: RenderCannedResponseBody,
        response: { 200: RenderedCannedResponse, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => service.renderCannedResponse(req.ctx, req.params.id, req.body.conversation_id),
  );
}
