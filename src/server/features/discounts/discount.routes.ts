import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CoachBlockedError } from '../../../shared/api/coach.ts';
import { ErrorBody, IdParams, PageQuery, page } from '../../../shared/api/common.ts';
import {
  ApproveDiscountBody,
  ClientDiscount,
  DenyDiscountBody,
  DiscountAuthority,
  DiscountDecision,
  DiscountRequest,
  DiscountRequestListQuery,
  EffectiveDiscountAuthority,
  NewDiscountRequestBody,
  SetUserDiscountLimitBody,
  UpdateDiscountAuthorityBody,
  UserDiscountLimit,
  UserDiscountLimitListQuery,
} from '../../../shared/api/discounts.ts';
import * as authority from './discount-authority.service.ts';
import * as requests from './discount-request.service.ts';
import { listClientDiscounts } from './discount-send.service.ts';

const tags = ['discounts'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const actionErrors = { ...errors, 409: ErrorBody };

export function registerDiscountsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/discounts/authority',
    {
      schema: {
        tags,
        summary:
          "Each role's discount authority: the largest percentage off and the most coupons in one reply it may promise without approval",
        description:
          'A reply’s discount is what the server reads in it: the largest percentage off it promises, and the number of coupons (promo codes, vouchers) it gives in that one reply. Defaults: agent 5 % and 1 coupon, supervisor 15 % and 5, admin no limit.',
        response: { 200: DiscountAuthority, 403: ErrorBody },
      },
    },
    async (req) => authority.getDiscountAuthority(req.ctx),
  );

  r.put(
    '/discounts/authority',
    {
      schema: {
        tags,
        summary: 'Set the discount authority of one or more roles (admins)',
        body: UpdateDiscountAuthorityBody,
        response: { 200: DiscountAuthority, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => authority.updateDiscountAuthority(req.ctx, req.body),
  );

  r.get(
    '/discounts/authority/me',
    {
      schema: {
        tags,
        summary:
          "The caller's own discount authority: their limits, and whether each is their role's or their own",
        response: { 200: EffectiveDiscountAuthority, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => authority.getMyDiscountAuthority(req.ctx),
  );

  r.get(
    '/discounts/authority/users',
    {
      schema: {
        tags,
        summary:
          "Users whose discount authority differs from their role's (supervisors and admins)",
        querystring: UserDiscountLimitListQuery,
        response: { 200: page(UserDiscountLimit), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => authority.listUserDiscountLimits(req.ctx, req.query),
  );

  r.get(
    '/discounts/authority/users/:id',
    {
      schema: {
        tags,
        summary:
          "A user's effective discount authority (supervisors and admins; anyone for themselves)",
        params: IdParams,
        response: { 200: EffectiveDiscountAuthority, ...errors },
      },
    },
    async (req) => authority.getUserDiscountAuthority(req.ctx, req.params.id),
  );

  r.put(
    '/discounts/authority/users/:id',
    {
      schema: {
        tags,
        summary: "Give a user discount limits of their own (admins); a null limit keeps the role's",
        params: IdParams,
        body: SetUserDiscountLimitBody,
        response: { 200: UserDiscountLimit, ...errors },
      },
    },
    async (req) => authority.setUserDiscountLimit(req.ctx, req.params.id, req.body),
  );

  r.delete(
    '/discounts/authority/users/:id',
    {
      schema: {
        tags,
        summary: "Drop a user's own discount limits: their role's apply again (admins)",
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await authority.deleteUserDiscountLimit(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/conversations/:id/discount-requests',
    {
      schema: {
        tags,
        summary: 'Ask a supervisor to approve a discount above your authority on this conversation',
        description:
          'The reply that promises it (reply_text) waits on the request: it must promise no more than is asked for and pass the reply coach. The supervisors of the conversation’s and your teams whose own authority covers it are notified, else every supervisor and admin whose does. One pending request per requester and conversation (409). On approval the reply is sent as you; on denial it stays on the request for you to edit.',
        params: IdParams,
        body: NewDiscountRequestBody,
        response: { 201: DiscountRequest, ...actionErrors, 422: CoachBlockedError },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await requests.createDiscountRequest(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/discount-requests',
    {
      schema: {
        tags,
        summary:
          "Discount requests, newest first: supervisors and admins see all (their queue: ?status=pending); an agent sees a conversation's or their own",
        querystring: DiscountRequestListQuery,
        response: { 200: page(DiscountRequest), ...errors },
      },
    },
    async (req) => requests.listDiscountRequests(req.ctx, req.query),
  );

  r.get(
    '/discount-requests/:id',
    {
      schema: {
        tags,
        summary: 'One discount request, with its waiting reply and decision',
        params: IdParams,
        response: { 200: DiscountRequest, 404: ErrorBody },
      },
    },
    async (req) => requests.getDiscountRequest(req.ctx, req.params.id),
  );

  r.post(
    '/discount-requests/:id/approve',
    {
      schema: {
        tags,
        summary:
          'Approve a pending request (supervisors within their own authority, admins) and send its waiting reply as the requester',
        description:
          'The reply goes through the same path as any reply (reply coach, promises, delivery) and uses the approval. When it cannot go (the conversation was closed meanwhile, the coach now blocks it, the requester left), reply.status is not_sent with the reason (kept on the request as reply_not_sent, and on the timeline), the reply stays in reply_text, and the approval stays for the requester’s next reply. The requester is notified. Decided already: 409; above the approver’s authority or their own request: 403.',
        params: IdParams,
        body: ApproveDiscountBody.optional(),
        response: { 200: DiscountDecision, ...actionErrors },
      },
    },
    async (req) => requests.approveDiscountRequest(req.ctx, req.params.id, req.body ?? {}),
  );

  r.post(
    '/discount-requests/:id/deny',
    {
      schema: {
        tags,
        summary:
          'Deny a pending request with a comment (supervisors and admins); the requester is notified and the draft stays on the request',
        params: IdParams,
        body: DenyDiscountBody,
        response: { 200: DiscountRequest, ...actionErrors },
      },
    },
    async (req) => requests.denyDiscountRequest(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/discount-requests/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw your own pending discount request',
        params: IdParams,
        response: { 200: DiscountRequest, ...actionErrors },
      },
    },
    async (req) => requests.cancelDiscountRequest(req.ctx, req.params.id),
  );

  r.get(
    '/clients/:id/discounts',
    {
      schema: {
        tags: [...tags, 'clients'],
        summary:
          'Every discount promised to the client in a sent reply, newest first: the percentage, coupons, reply, agent and approval',
        params: IdParams,
        querystring: PageQuery.strict(),
        response: { 200: page(ClientDiscount), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => listClientDiscounts(req.ctx, req.params.id, req.query),
  );
}
