import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  KnowledgeVote,
  NewVoteBody,
  VoteListQuery,
  VoteSummary,
} from '../../../shared/api/knowledge.ts';
import { toPage } from '../../pagination.ts';
import { presentVote } from './vote.presenter.ts';
import * as service from './vote.service.ts';

const tags = ['knowledge base'];

export function registerKnowledgeVoteRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/knowledge/articles/:id/votes',
    {
      schema: {
        tags,
        summary:
          'Record a client\'s or an anonymous reader\'s "was this helpful?" vote on a published version (admin, supervisor: integrations); voting again changes the vote. Answers the vote summary',
        params: IdParams,
        body: NewVoteBody,
        response: {
          200: VoteSummary,
          201: VoteSummary,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { client_id, fingerprint, ...vote } = req.body;
      const { inserted, summary } = await service.castVote(req.ctx, req.params.id, {
        ...vote,
        voter: client_id
          ? { kind: 'client', clientId: client_id }
          : { kind: 'anonymous', fingerprint: fingerprint ?? '' },
      });
      return reply.status(inserted ? 201 : 200).send(summary);
    },
  );

  r.get(
    '/knowledge/articles/:id/votes/summary',
    {
      schema: {
        tags,
        summary: 'Helpful and not-helpful counts and the newest comments, per language',
        params: IdParams,
        response: { 200: VoteSummary, 404: ErrorBody },
      },
    },
    async (req) => service.getVoteSummary(req.ctx, req.params.id),
  );

  r.get(
    '/knowledge/articles/:id/votes',
    {
      schema: {
        tags,
        summary: "An article's votes, newest first; filter by language or comment",
        params: IdParams,
        querystring: VoteListQuery,
        response: { 200: page(KnowledgeVote), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listVotes(req.ctx, req.params.id, req.query);
      return toPage(rows, req.query.limit, (row) => [row.id], presentVote);
    },
  );
}
