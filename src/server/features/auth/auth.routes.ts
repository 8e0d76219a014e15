import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiToken,
  CreatedApiToken,
  LoginBody,
  NewApiTokenBody,
  SessionInfo,
} from '../../../shared/api/auth.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { getWorkspace } from '../workspaces/workspace.service.ts';
import { presentWorkspace } from '../workspaces/workspace.presenter.ts';
import { presentUser } from '../users/user.presenter.ts';
import { findUser } from '../users/user.repo.ts';
import { AppError } from '../../errors.ts';
import * as auth from './auth.service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerAuthRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const base = api.base;

  r.post(
    '/auth/login',
    {
      config: {
        public: true,
        // Guessing passwords: 10 tries a minute per address and email.
        rateLimit: {
          max: 10,
          timeWindow: 60_000,
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginBody,
        response: { 200: SessionInfo, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { token, csrfToken, user } = await auth.login(base, {
        email: req.body.email,
        password: req.body.password,
        workspaceId: req.body.workspace_id,
      });
      setSessionCookie(reply, token, base.sessionTtlHours, req.protocol === 'https');
      const ctx = { ...base, workspaceId: user.workspace_id, actor: { kind: 'system' as const } };
      return {
        user: presentUser(user),
        workspace: presentWorkspace(await getWorkspace(ctx)),
        csrf_token: csrfToken,
      };
    },
  );

  r.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await auth.logout(base, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, their workspace and the CSRF token',
        response: { 200: SessionInfo, 401: ErrorBody },
      },
    },
    async (req) => {
      const ctx = req.ctx;
      if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'sign in first');
      const user = await findUser(ctx.db, ctx.workspaceId, ctx.actor.userId);
      if (!user) throw new AppError('unauthenticated', 'sign in first');
      const session = req.cookies[SESSION_COOKIE]
        ? await auth.authenticateSession(base, req.cookies[SESSION_COOKIE])
        : undefined;
      return {
        user: presentUser(user),
        workspace: presentWorkspace(await getWorkspace(ctx)),
        csrf_token: session?.csrfToken ?? '',
      };
    },
  );

  r.get(
    '/api-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: "The signed-in user's API tokens",
        response: { 200: page(ApiToken) },
      },
    },
    async (req) => {
      const rows = await auth.listOwnApiTokens(req.ctx);
      return {
        items: rows.map((t) => ({
          id: t.id,
          name: t.name,
          created_at: t.created_at.toISOString(),
          last_used_at: iso(t.last_used_at),
          revoked_at: iso(t.revoked_at),
        })),
        next_cursor: null,
      };
    },
  );

  r.post(
    '/api-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token acting as the signed-in user; the secret is shown once',
        body: NewApiTokenBody,
        response: { 201: CreatedApiToken, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx;
      if (ctx.actor.kind !== 'user') throw new AppError('forbidden', 'only a user can own tokens');
      const t = await auth.createApiToken(ctx, { userId: ctx.actor.userId, name: req.body.name });
      return reply.status(201).send({
        id: t.id,
        name: t.name,
        created_at: t.created_at.toISOString(),
        last_used_at: null,
        revoked_at: null,
        token: t.token,
      });
    },
  );

  r.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your API tokens',
        params: IdParams,
        response: { 204: z.null(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await auth.revokeOwnApiToken(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
