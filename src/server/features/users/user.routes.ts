import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  NewUserBody,
  PatchUserBody,
  UserListQuery,
  UserWithAbilities,
} from '../../../shared/api/users.ts';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { toPage } from '../../pagination.ts';
import { presentUserFor } from './user.presenter.ts';
import * as service from './user.service.ts';

export function registerUsersRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: "The workspace's people by name; filter by role, active, and q on name or email",
        querystring: UserListQuery,
        response: { 200: page(UserWithAbilities), 400: ErrorBody },
      },
    },
    async (req) => {
      const { rows, viewer } = await service.listUsers(req.ctx, req.query);
      return toPage(rows, req.query.limit, service.userCursorKey, (u) => presentUserFor(viewer, u));
    },
  );

  r.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user with a password (admin)',
        body: NewUserBody,
        response: { 201: UserWithAbilities, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = await service.createUser(req.ctx, req.body);
      const viewer = await service.getUserViewer(req.ctx);
      return reply.status(201).send(presentUserFor(viewer, user));
    },
  );

  r.get(
    '/users/me',
    {
      schema: {
        tags: ['users'],
        summary: 'The signed-in user',
        response: { 200: UserWithAbilities },
      },
    },
    async (req) => {
      const { user, viewer } = await service.viewMe(req.ctx);
      return presentUserFor(viewer, user);
    },
  );

  r.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user of the workspace',
        params: IdParams,
        response: { 200: UserWithAbilities, 404: ErrorBody },
      },
    },
    async (req) => {
      const { user, viewer } = await service.viewUser(req.ctx, req.params.id);
      return presentUserFor(viewer, user);
    },
  );

  r.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Edit a user: admins change name, role, language, availability and status; ' +
          'users change their own name, language, availability and password (with current_password)',
        params: IdParams,
        body: PatchUserBody,
        response: {
          200: UserWithAbilities,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const user = await service.updateUser(req.ctx, req.params.id, req.body, {
        sessionToken: req.cookies[SESSION_COOKIE],
      });
      const viewer = await service.getUserViewer(req.ctx);
      return presentUserFor(viewer, user);
    },
  );
}
