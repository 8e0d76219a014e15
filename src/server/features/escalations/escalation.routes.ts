import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  Escalation,
  EscalationListQuery,
  EscalationStats,
  EscalationStatsQuery,
  NewEscalationBody,
} from '../../../shared/api/escalations.ts';
import { presentEscalation } from './escalation.presenter.ts';
import * as service from './escalation.service.ts';

const tags = ['escalations'];

export function registerEscalationsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/conversations/:id/escalations',
    {
      schema: {
        tags,
        summary:
          'Escalate a conversation to a person or a team: it is reassigned to them, ' +
          'the timeline records it and the receiver (a team’s supervisor) is notified',
        params: IdParams,
        body: NewEscalationBody,
        response: {
          201: Escalation,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          presentEscalation(await service.escalateConversation(req.ctx, req.params.id, req.body)),
        ),
  );

  r.get(
    '/escalations',
    {
      schema: {
        tags,
        summary: "A conversation's escalations (by people and by the SLA sweep), newest first",
        querystring: EscalationListQuery,
        response: { 200: page(Escalation), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listEscalations(req.ctx, req.query);
      return { items: result.items.map(presentEscalation), next_cursor: result.next_cursor };
    },
  );

  r.get(
    '/escalations/stats',
    {
      schema: {
        tags,
        summary:
          'Per agent over a period: escalations by category, and the totals (a supervisor’s ' +
          'teams; every agent for an admin; team_id: one team’s members)',
        description:
          'Counts the escalations an agent made, and those the SLA sweep made on a conversation ' +
          'assigned to them (sla_breach). Agents get 403.',
        querystring: EscalationStatsQuery,
        response: { 200: EscalationStats, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.escalationStats(req.ctx, req.query),
  );
}
