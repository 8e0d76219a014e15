import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  NewTeamBody,
  PatchTeamBody,
  Team,
  TeamListQuery,
  TeamMembersBody,
} from '../../../shared/api/teams.ts';
import { toPage } from '../../pagination.ts';
import { presentTeam } from './team.presenter.ts';
import * as service from './team.service.ts';

export function registerTeamsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Teams by name, with their supervisor and members',
        querystring: TeamListQuery,
        response: { 200: page(Team), 400: ErrorBody },
      },
    },
    async (req) => {
      const views = await service.listTeams(req.ctx, req.query);
      return toPage(views, req.query.limit, service.teamCursorKey, (v) =>
        presentTeam(req.ctx.actor, v),
      );
    },
  );

  r.post(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Create a team (admin)',
        body: NewTeamBody,
        response: { 201: Team, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const view = await service.createTeam(req.ctx, req.body);
      return reply.status(201).send(presentTeam(req.ctx.actor, view));
    },
  );

  r.get(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'One team with its supervisor and members',
        params: IdParams,
        response: { 200: Team, 404: ErrorBody },
      },
    },
    async (req) => presentTeam(req.ctx.actor, await service.showTeam(req.ctx, req.params.id)),
  );

  r.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'Rename a team or change its supervisor (admin)',
        params: IdParams,
        body: PatchTeamBody,
        response: { 200: Team, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      presentTeam(req.ctx.actor, await service.updateTeam(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary:
          'Delete a team (admin); its conversations stay, without a team, and its members stay users',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteTeam(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/teams/:id/members',
    {
      schema: {
        tags: ['teams'],
        summary: "Replace a team's members (admin, or the team's supervisor)",
        params: IdParams,
        body: TeamMembersBody,
        response: { 200: Team, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentTeam(
        req.ctx.actor,
        await service.setTeamMembers(req.ctx, req.params.id, req.body.user_ids),
      ),
  );
}
