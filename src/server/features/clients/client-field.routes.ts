import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ClientField,
  NewClientFieldBody,
  PatchClientFieldBody,
} from '../../../shared/api/clients.ts';
import { ErrorBody, IdParams, PageQuery, page } from '../../../shared/api/common.ts';
import { presentClientField } from './client.presenter.ts';
import * as service from './client-field.service.ts';

const tags = ['clients'];

/** Custom field definitions of clients: everyone reads them, admins change them. */
export function registerClientFieldRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/client-fields',
    {
      schema: {
        tags,
        summary: 'The custom fields clients may have, in form order',
        querystring: PageQuery,
        response: { 200: page(ClientField), 400: ErrorBody },
      },
    },
    async (req) => service.listClientFields(req.ctx, req.query.limit, req.query.cursor),
  );

  r.post(
    '/client-fields',
    {
      schema: {
        tags,
        summary: 'Define a custom field of clients (admin)',
        body: NewClientFieldBody,
        response: { 201: ClientField, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentClientField(await service.createClientField(req.ctx, req.body))),
  );

  r.patch(
    '/client-fields/:id',
    {
      schema: {
        tags,
        summary: "Change a custom field's label or options (admin)",
        params: IdParams,
        body: PatchClientFieldBody,
        response: { 200: ClientField, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentClientField(await service.updateClientField(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/client-fields/:id',
    {
      schema: {
        tags,
        summary: 'Delete a custom field and its values on every client (admin)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteClientField(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
