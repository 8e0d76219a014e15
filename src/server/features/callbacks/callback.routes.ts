import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  Callback,
  CallbackListQuery,
  NewCallbackBody,
  PatchCallbackBody,
} from '../../../shared/api/callbacks.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { presentCallback } from './callback.presenter.ts';
import * as service from './callback.service.ts';

const tags = ['callbacks'];

export function registerCallbacksRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/callbacks',
    {
      schema: {
        tags,
        summary:
          'Offer a client a callback (a number, a time or window, who calls); ' +
          "the conversation's timeline records it",
        body: NewCallbackBody,
        response: { 201: Callback, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          presentCallback(
            await service.offerCallback(req.ctx, req.body),
            req.ctx.actor,
            req.ctx.now(),
          ),
        ),
  );

  r.get(
    '/callbacks',
    {
      schema: {
        tags,
        summary:
          'Callbacks by time (window_start), filtered by who calls, status, conversation or client',
        querystring: CallbackListQuery,
        response: { 200: page(Callback), 400: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listCallbacks(req.ctx, req.query);
      return {
        items: result.items.map((row) => presentCallback(row, req.ctx.actor, req.ctx.now())),
        next_cursor: result.next_cursor,
      };
    },
  );

  r.patch(
    '/callbacks/:id',
    {
      schema: {
        tags,
        summary:
          'Work a callback: record an attempt and its outcome, mark it done, failed or cancelled, ' +
          're-date it or give it to someone else',
        params: IdParams,
        body: PatchCallbackBody,
        response: {
          200: Callback,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) =>
      presentCallback(
        await service.updateCallback(req.ctx, req.params.id, req.body),
        req.ctx.actor,
        req.ctx.now(),
      ),
  );
}
