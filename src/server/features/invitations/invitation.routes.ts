import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SessionInfo } from '../../../shared/api/auth.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  AcceptInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationListQuery,
  NewInvitationBody,
} from '../../../shared/api/invitations.ts';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { toPage } from '../../pagination.ts';
import { presentUser } from '../users/user.presenter.ts';
import { getWorkspace } from '../workspaces/workspace.service.ts';
import { presentWorkspace } from '../workspaces/workspace.presenter.ts';
import { presentInvitation } from './invitation.presenter.ts';
import * as service from './invitation.service.ts';

export function registerInvitationsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const base = api.base;

  r.get(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Invitations not accepted yet, newest first (admin)',
        querystring: InvitationListQuery,
        response: { 200: page(Invitation), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listPendingInvitations(req.ctx, req.query);
      const now = req.ctx.now();
      return toPage(rows, req.query.limit, service.invitationCursorKey, (inv) =>
        presentInvitation(inv, now),
      );
    },
  );

  r.post(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary:
          'Invite someone by email with a role (admin); the accept token is shown this once and lasts 7 days',
        body: NewInvitationBody,
        response: { 201: CreatedInvitation, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { invitation, token } = await service.createInvitation(req.ctx, req.body);
      return reply
        .status(201)
        .send({ ...presentInvitation(invitation, req.ctx.now()), accept_token: token });
    },
  );

  r.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Revoke a pending invitation (admin)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.revokeInvitation(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/invitations/accept',
    {
      config: {
        public: true,
        // Each try hashes a password: 10 a minute per address keeps that cheap.
        rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req) => req.ip },
      },
      schema: {
        tags: ['invitations'],
        summary:
          'Accept an invitation with its token: creates the user and signs them in (sets the session cookie)',
        body: AcceptInvitationBody,
        response: {
          201: SessionInfo,
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { user, token, csrfToken } = await service.acceptInvitation(base, req.body);
      setSessionCookie(reply, token, base.sessionTtlHours, req.protocol === 'https');
      const ctx = { ...base, workspaceId: user.workspace_id, actor: { kind: 'system' as const } };
      return reply.status(201).send({
        user: presentUser(user),
        workspace: presentWorkspace(await getWorkspace(ctx)),
        csrf_token: csrfToken,
      });
    },
  );
}
