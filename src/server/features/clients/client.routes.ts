import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Client,
  ClientListQuery,
  ClientNote,
  IdentityParams,
  MergeBody,
  NewClientBody,
  NewIdentityBody,
  NewNoteBody,
  PatchClientBody,
  TimelineEvent,
} from '../../../shared/api/clients.ts';
import { ErrorBody, IdParams, PageQuery, page } from '../../../shared/api/common.ts';
import { registerClientFieldRoutes } from './client-field.routes.ts';
import { addIdentity, removeIdentity } from './client-identity.service.ts';
import { mergeClients } from './client-merge.service.ts';
import { addClientNote, listClientNotes, listClientTimeline } from './client-note.service.ts';
import { presentClient } from './client.presenter.ts';
import * as service from './client.service.ts';

const tags = ['clients'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerClientsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/clients',
    {
      schema: {
        tags,
        summary: 'Create a person or company with its emails and phones',
        body: NewClientBody,
        response: { 201: Client, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const view = await service.createClient(req.ctx, req.body);
      return reply.status(201).send(presentClient(req.ctx.actor, view));
    },
  );

  r.get(
    '/clients',
    {
      schema: {
        tags,
        summary:
          'List clients, newest first; with q, search name, email or phone (typo-tolerant, best match first, one page)',
        querystring: ClientListQuery,
        response: { 200: page(Client), 400: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listClients(req.ctx, req.query);
      return {
        items: result.items.map((v) => presentClient(req.ctx.actor, v)),
        next_cursor: result.next_cursor,
      };
    },
  );

  r.get(
    '/clients/:id',
    {
      schema: {
        tags,
        summary: 'A client with identities, company and custom fields',
        params: IdParams,
        response: { 200: Client, 404: ErrorBody },
      },
    },
    async (req) => presentClient(req.ctx.actor, await service.viewClient(req.ctx, req.params.id)),
  );

  r.patch(
    '/clients/:id',
    {
      schema: {
        tags,
        summary: 'Change a client (custom_fields merge; null removes a value)',
        params: IdParams,
        body: PatchClientBody,
        response: { 200: Client, ...errors, 409: ErrorBody },
      },
    },
    async (req) =>
      presentClient(req.ctx.actor, await service.updateClient(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/clients/:id',
    {
      schema: {
        tags,
        summary: 'Delete a client (supervisor, admin); its emails and phones become free',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteClient(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/clients/:id/identities',
    {
      schema: {
        tags,
        summary: 'Add an email or phone to a client',
        params: IdParams,
        body: NewIdentityBody,
        response: { 201: Client, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const view = await addIdentity(req.ctx, req.params.id, req.body);
      return reply.status(201).send(presentClient(req.ctx.actor, view));
    },
  );

  r.delete(
    '/clients/:id/identities/:identityId',
    {
      schema: {
        tags,
        summary: 'Remove an email or phone from a client',
        params: IdentityParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await removeIdentity(req.ctx, req.params.id, req.params.identityId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/clients/:id/merge',
    {
      schema: {
        tags,
        summary:
          'Merge a duplicate (source_id) into this client: identities, conversations and notes move (supervisor, admin)',
        params: IdParams,
        body: MergeBody,
        response: { 200: Client, ...errors, 409: ErrorBody },
      },
    },
    async (req) =>
      presentClient(req.ctx.actor, await mergeClients(req.ctx, req.params.id, req.body.source_id)),
  );

  r.get(
    '/clients/:id/notes',
    {
      schema: {
        tags,
        summary: "A client's notes, newest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: page(ClientNote), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => listClientNotes(req.ctx, req.params.id, req.query),
  );

  r.post(
    '/clients/:id/notes',
    {
      schema: {
        tags,
        summary: "Add a note to a client's dossier",
        params: IdParams,
        body: NewNoteBody,
        response: { 201: ClientNote, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addClientNote(req.ctx, req.params.id, req.body.body)),
  );

  r.get(
    '/clients/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'Everything that happened to a client (and the clients merged into it), newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: page(TimelineEvent), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => listClientTimeline(req.ctx, req.params.id, req.query),
  );

  registerClientFieldRoutes(api);
}
