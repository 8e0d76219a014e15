import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  ClientPromise,
  ConfirmPromiseBody,
  DelayedPromise,
  DelayPromiseBody,
  PromiseClock,
  PromiseClockQuery,
  PromiseListQuery,
  PromiseStats,
  PromiseStatsQuery,
} from '../../../shared/api/promises.ts';
import { getPromiseClock } from './promise-proposals.service.ts';
import * as service from './promise.service.ts';

const tags = ['promises'];
const actionErrors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerPromisesRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/promises',
    {
      schema: {
        tags,
        summary:
          "Promises made to clients, by due time: a conversation's, a client's, mine or my " +
          "team's, filtered by state and due time",
        querystring: PromiseListQuery,
        response: { 200: page(ClientPromise), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.listPromises(req.ctx, req.query),
  );

  r.get(
    '/promises/stats',
    {
      schema: {
        tags,
        summary:
          'Per agent over a period: promises tracked, kept and broken, and delay notices sent ' +
          "(a supervisor's teams; every agent for an admin)",
        querystring: PromiseStatsQuery,
        response: { 200: PromiseStats, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.promiseStats(req.ctx, req.query),
  );

  r.get(
    '/promises/clock',
    {
      schema: {
        tags,
        summary:
          "The time zone and business hours a reply's promises are read by on send, for a composer to show their due times as the agent types",
        querystring: PromiseClockQuery,
        response: { 200: PromiseClock, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => getPromiseClock(req.ctx, req.query.conversation_id),
  );

  r.post(
    '/promises/:id/confirm',
    {
      schema: {
        tags,
        summary:
          'Track a proposed promise (proposed → open), at the time found in the reply or a new one',
        params: IdParams,
        body: ConfirmPromiseBody.optional(),
        response: { 200: ClientPromise, ...actionErrors },
      },
    },
    async (req) => service.confirmPromise(req.ctx, req.params.id, req.body ?? {}),
  );

  r.post(
    '/promises/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Say a proposed promise is no promise (proposed → dismissed)',
        params: IdParams,
        response: { 200: ClientPromise, ...actionErrors },
      },
    },
    async (req) => service.dismissPromise(req.ctx, req.params.id),
  );

  r.post(
    '/promises/:id/keep',
    {
      schema: {
        tags,
        summary: 'Mark an open promise kept (open → kept)',
        params: IdParams,
        response: { 200: ClientPromise, ...actionErrors },
      },
    },
    async (req) => service.keepPromise(req.ctx, req.params.id),
  );

  r.post(
    '/promises/:id/delay',
    {
      schema: {
        tags,
        summary:
          'Tell the client about a delay before the deadline: sends the notice as a reply on the ' +
          "conversation's channel and re-dates the promise (refused once it fell due)",
        params: IdParams,
        body: DelayPromiseBody,
        response: { 200: DelayedPromise, ...actionErrors, 422: ErrorBody },
      },
    },
    async (req) => service.delayPromise(req.ctx, req.params.id, req.body),
  );
}
