import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../../shared/api/common.ts';
import { SearchPage, SearchQuery } from '../../../shared/api/search.ts';
import * as service from './search.service.ts';

export function registerSearchRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search conversations, messages (notes too), clients and articles at once',
        description:
          "One list, best match first, across the types asked for. Texts are matched in their own language: each conversation and message is indexed with the text-search configuration of its detected language, each article version with its language's, and the query is stemmed with each configuration, so an inflected word finds its other forms. Clients are matched by name, email or phone with typos. Only what the caller may read, in the caller's workspace; internal articles and drafts included. Keyset-paginated: pass `next_cursor` back as `cursor` with the same parameters; pages never repeat or skip a result (each type ranks at most its 500 newest matches; clients, the 100 best).",
        querystring: SearchQuery,
        response: { 200: SearchPage, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.search(req.ctx, req.query),
  );
}
