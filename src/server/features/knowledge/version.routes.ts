import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, page } from '../../../shared/api/common.ts';
import {
  KnowledgePreview,
  KnowledgeRevision,
  KnowledgeRevisionWithBody,
  KnowledgeVersion,
  PreviewBody,
  RevisionListQuery,
  RevisionParams,
  VersionInput,
  VersionParams,
} from '../../../shared/api/knowledge.ts';
import { toPage } from '../../pagination.ts';
import { presentRevision, presentVersion } from './article.presenter.ts';
import * as service from './version.service.ts';

const tags = ['knowledge base'];
const VERSION = '/knowledge/articles/:id/versions/:language';

export function registerKnowledgeVersionRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/knowledge/preview',
    {
      schema: {
        tags,
        summary: "Render Markdown as a save would (admin, supervisor): the editor's live preview",
        description:
          'Answers the sanitised HTML the FAQ and the agent app would show for this text; nothing is saved.',
        body: PreviewBody,
        response: { 200: KnowledgePreview, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.previewBody(req.ctx, req.body.body_markdown),
  );

  r.get(
    VERSION,
    {
      schema: {
        tags,
        summary: 'One language version of an article',
        params: VersionParams,
        response: { 200: KnowledgeVersion, 404: ErrorBody },
      },
    },
    async (req) =>
      presentVersion(await service.showVersion(req.ctx, req.params.id, req.params.language)),
  );

  r.put(
    VERSION,
    {
      schema: {
        tags,
        summary:
          'Save a language version as a draft or published (admin, supervisor); a draft is off the FAQ. Keeps a revision',
        params: VersionParams,
        body: VersionInput,
        response: {
          200: KnowledgeVersion,
          201: KnowledgeVersion,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { created, version } = await service.saveVersion(
        req.ctx,
        req.params.id,
        req.params.language,
        req.body,
      );
      return reply.status(created ? 201 : 200).send(presentVersion(version));
    },
  );

  r.delete(
    VERSION,
    {
      schema: {
        tags,
        summary: 'Delete one language version (admin, supervisor); the last one cannot go',
        params: VersionParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteVersion(req.ctx, req.params.id, req.params.language);
      return reply.status(204).send(null);
    },
  );

  r.get(
    `${VERSION}/revisions`,
    {
      schema: {
        tags,
        summary: 'Every save of a language version, newest first',
        params: VersionParams,
        querystring: RevisionListQuery,
        response: { 200: page(KnowledgeRevision), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const rows = await service.listRevisions(
        req.ctx,
        req.params.id,
        req.params.language,
        req.query,
      );
      return toPage(rows, req.query.limit, (row) => [row.id], presentRevision);
    },
  );

  r.get(
    `${VERSION}/revisions/:revisionId`,
    {
      schema: {
        tags,
        summary: 'One revision with its Markdown',
        params: RevisionParams,
        response: { 200: KnowledgeRevisionWithBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const row = await service.showRevision(
        req.ctx,
        req.params.id,
        req.params.language,
        req.params.revisionId,
      );
      return { ...presentRevision(row), body_markdown: row.body_markdown };
    },
  );

  r.post(
    `${VERSION}/revisions/:revisionId/restore`,
    {
      schema: {
        tags,
        summary:
          "Bring a revision's text back as a new revision (admin, supervisor); the version keeps its state",
        params: RevisionParams,
        response: { 200: KnowledgeVersion, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentVersion(
        await service.restoreRevision(
          req.ctx,
          req.params.id,
          req.params.language,
          req.params.revisionId,
        ),
      ),
  );
}
