import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Language, text } from '../../../shared/api/common.ts';
import { Workspace } from '../../../shared/api/users.ts';
import { presentWorkspace } from './workspace.presenter.ts';
import * as service from './workspace.service.ts';

const PatchWorkspace = z
  .object({ name: text(200), time_zone: text(64), default_language: Language })
  .partial()
  .strict();

export function registerWorkspaceRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'The workspace of the signed-in user',
        response: { 200: Workspace },
      },
    },
    async (req) => presentWorkspace(await service.getWorkspace(req.ctx)),
  );
  r.patch(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Change the workspace name, time zone or default language (admin)',
        body: PatchWorkspace,
        response: { 200: Workspace, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => presentWorkspace(await service.updateWorkspace(req.ctx, req.body)),
  );
}
