import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../../shared/api/common.ts';
import {
  BulkConversationsBody,
  BulkConversationsResult,
} from '../../../shared/api/conversations.ts';
import { bulkUpdateConversations } from './conversation.bulk.ts';
import { presentConversation } from './conversation.presenter.ts';

export function registerBulkConversationRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/conversations/bulk',
    {
      schema: {
        tags: ['conversations'],
        summary:
          'Change status, priority, assignee, team or tags of up to 100 conversations in one transaction, ' +
          'with the same rules and timeline events as PATCH; answers with a result per id',
        body: BulkConversationsBody,
        response: { 200: BulkConversationsResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const results = await bulkUpdateConversations(req.ctx, req.body);
      const now = req.ctx.now();
      return {
        results: results.map((r) =>
          'conversation' in r
            ? { ...r, conversation: presentConversation(r.conversation, req.ctx.actor, now) }
            : r,
        ),
      };
    },
  );
}
