import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CoachBlockedError } from '../../../shared/api/coach.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { DiscountApprovalRequiredError } from '../../../shared/api/discounts.ts';
import {
  AssignBody,
  Conversation,
  ConversationEvent,
  ConversationListQuery,
  EventListQuery,
  InboxCounts,
  NewConversationBody,
  PatchConversationBody,
} from '../../../shared/api/conversations.ts';
import { presentConversation, presentEvent } from './conversation.presenter.ts';
import * as service from './conversation.service.ts';
import * as inbox from './inbox.service.ts';
import { registerBulkConversationRoutes } from './conversation.bulk.routes.ts';
import { registerMessageRoutes } from './message.routes.ts';

const tags = ['conversations'];

export function registerConversationsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/conversations',
    {
      schema: {
        tags,
        summary:
          'Open a conversation with its first message (inbound from a client or outbound by an agent); ' +
          'a repeated message.external_id returns the existing conversation with 200',
        description:
          "An agent's opening message is checked as any reply: a blocked one is refused with 422 coach_blocked (unless a supervisor sends message.coach_override), one promising a discount above the agent's authority with 422 discount_approval_required, and nothing is stored. With message.discount_request (a reason, and the figures when they differ from what the message promises), such a message waits for a supervisor instead: the conversation is opened without it (message_count 0), the message waits on a discount request (GET /discount-requests?conversation_id=…), the supervisors who may approve it are notified, and approval sends it as the agent; after a denial it stays on the request for the agent to edit.",
        body: NewConversationBody,
        response: {
          200: Conversation,
          201: Conversation,
          400: ErrorBody,
          403: ErrorBody,
          409: ErrorBody,
          422: z.union([CoachBlockedError, DiscountApprovalRequiredError]),
        },
      },
    },
    async (req, reply) => {
      const { conversation, created } = await service.createConversation(req.ctx, req.body);
      return reply
        .status(created ? 201 : 200)
        .send(presentConversation(conversation, req.ctx.actor, req.ctx.now()));
    },
  );

  r.get(
    '/conversations',
    {
      schema: {
        tags,
        summary:
          'The inbox: a view (mine, unassigned, my_teams, all, sla_at_risk), filters and a sort',
        querystring: ConversationListQuery,
        response: { 200: page(Conversation), 400: ErrorBody },
      },
    },
    async (req) => {
      const result = await inbox.listConversations(req.ctx, req.query);
      const now = req.ctx.now();
      return {
        items: result.items.map((row) => presentConversation(row, req.ctx.actor, now)),
        next_cursor: result.next_cursor,
      };
    },
  );

  r.get(
    '/conversations/counts',
    {
      schema: {
        tags,
        summary: 'How many active conversations each inbox view holds',
        response: { 200: InboxCounts },
      },
    },
    async (req) => inbox.countInboxViews(req.ctx),
  );

  r.get(
    '/conversations/:id',
    {
      schema: {
        tags,
        summary: 'One conversation',
        params: IdParams,
        response: { 200: Conversation, 404: ErrorBody },
      },
    },
    async (req) =>
      presentConversation(
        await service.getConversation(req.ctx, req.params.id),
        req.ctx.actor,
        req.ctx.now(),
      ),
  );

  r.patch(
    '/conversations/:id',
    {
      schema: {
        tags,
        summary:
          'Change status, priority, assignee, team or tags (each change is a timeline event)',
        params: IdParams,
        body: PatchConversationBody,
        response: { 200: Conversation, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      presentConversation(
        await service.updateConversation(req.ctx, req.params.id, req.body),
        req.ctx.actor,
        req.ctx.now(),
      ),
  );

  r.post(
    '/conversations/:id/assign',
    {
      schema: {
        tags,
        summary:
          "Assign by round robin among the team's available agents (the given team or the conversation's)",
        params: IdParams,
        body: AssignBody,
        response: { 200: Conversation, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      presentConversation(
        await service.assignConversation(req.ctx, req.params.id, req.body),
        req.ctx.actor,
        req.ctx.now(),
      ),
  );

  r.get(
    '/conversations/:id/events',
    {
      schema: {
        tags,
        summary: "The conversation's timeline of events, newest first",
        params: IdParams,
        querystring: EventListQuery,
        response: { 200: page(ConversationEvent), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listConversationEvents(req.ctx, req.params.id, req.query);
      return { items: result.items.map(presentEvent), next_cursor: result.next_cursor };
    },
  );

  registerMessageRoutes(api);
  registerBulkConversationRoutes(api);
}
