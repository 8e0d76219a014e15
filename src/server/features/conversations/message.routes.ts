import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CoachBlockedError } from '../../../shared/api/coach.ts';
import { ErrorBody, Id, IdParams } from '../../../shared/api/common.ts';
import { DiscountApprovalRequiredError } from '../../../shared/api/discounts.ts';
import {
  Message,
  MessageListQuery,
  MessagePage,
  NewMessageBody,
} from '../../../shared/api/conversations.ts';
import { presentMessage } from './message.presenter.ts';
import * as service from './message.service.ts';

const tags = ['conversations'];

export function registerMessageRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/conversations/:id/messages',
    {
      schema: {
        tags,
        summary:
          "A conversation's messages, newest first: the newest page, or with around=<message id> the page around that message (404 if it is not one of this conversation's). Pass next_cursor as cursor to go further back, prev_cursor to come forward",
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: MessagePage, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listMessages(req.ctx, req.params.id, req.query);
      return { ...result, items: result.items.map(presentMessage) };
    },
  );

  r.post(
    '/conversations/:id/messages',
    {
      schema: {
        tags,
        summary:
          "Add a client's message, an agent's reply or an internal note; a repeated external_id returns the stored message with 200. A user's reply is checked by the reply coach: a blocked one is refused with 422 coach_blocked unless a supervisor or admin sends coach_override. A reply promising a discount above the sender's authority (the largest percentage off, or more coupons in one reply) is refused with 422 discount_approval_required unless an approved discount request on the conversation covers it (the reply then uses it); every sent reply promising a discount is recorded on the client",
        params: IdParams,
        body: NewMessageBody,
        response: {
          200: Message,
          201: Message,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: z.union([CoachBlockedError, DiscountApprovalRequiredError]),
        },
      },
    },
    async (req, reply) => {
      const { message, created } = await service.addMessage(req.ctx, req.params.id, req.body);
      return reply.status(created ? 201 : 200).send(presentMessage(message));
    },
  );

  r.post(
    '/conversations/:id/messages/:messageId/resend',
    {
      schema: {
        tags,
        summary:
          'Send again a reply whose delivery failed (once the mailbox or SMS provider is fixed): it is queued as when it was written, the same message, so what it promised (an approved discount) stays as it was',
        params: IdParams.extend({ messageId: Id }),
        response: { 200: Message, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      presentMessage(await service.resendMessage(req.ctx, req.params.id, req.params.messageId)),
  );
}
