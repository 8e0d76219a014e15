import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import {
  BusinessCalendar,
  NewCalendarBody,
  NewPolicyBody,
  PatchCalendarBody,
  PatchPolicyBody,
  SlaListQuery,
  SlaPolicy,
} from '../../../shared/api/sla.ts';
import { toPage } from '../../pagination.ts';
import * as service from './sla-config.service.ts';
import { presentCalendar, presentPolicy } from './sla.presenter.ts';

export function registerSlaRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['sla'];

  r.get(
    '/sla-policies',
    {
      schema: {
        tags,
        summary:
          'SLA policies in the order they are tried (the first whose conditions all match applies)',
        querystring: SlaListQuery,
        response: { 200: page(SlaPolicy), 400: ErrorBody },
      },
    },
    async (req) =>
      toPage(
        await service.listPolicies(req.ctx, req.query),
        req.query.limit,
        service.policyCursorKey,
        (p) => presentPolicy(req.ctx.actor, p),
      ),
  );

  r.post(
    '/sla-policies',
    {
      schema: {
        tags,
        summary:
          'Create an SLA policy (supervisor or admin); it applies to conversations matched from now on',
        body: NewPolicyBody,
        response: { 201: SlaPolicy, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentPolicy(req.ctx.actor, await service.createPolicy(req.ctx, req.body))),
  );

  r.get(
    '/sla-policies/:id',
    {
      schema: {
        tags,
        summary: 'One SLA policy',
        params: IdParams,
        response: { 200: SlaPolicy, 404: ErrorBody },
      },
    },
    async (req) => presentPolicy(req.ctx.actor, await service.getPolicy(req.ctx, req.params.id)),
  );

  r.patch(
    '/sla-policies/:id',
    {
      schema: {
        tags,
        summary:
          'Change an SLA policy (supervisor or admin). New target minutes or calendar re-date the running ' +
          'clocks of its active conversations (time already spent stays spent); new conditions or position ' +
          'apply when conversations are next matched',
        params: IdParams,
        body: PatchPolicyBody,
        response: { 200: SlaPolicy, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentPolicy(req.ctx.actor, await service.updatePolicy(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/sla-policies/:id',
    {
      schema: {
        tags,
        summary:
          'Delete an SLA policy (supervisor or admin); its active conversations are matched again',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deletePolicy(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/business-calendars',
    {
      schema: {
        tags,
        summary: 'Business-hours calendars',
        querystring: SlaListQuery,
        response: { 200: page(BusinessCalendar), 400: ErrorBody },
      },
    },
    async (req) =>
      toPage(
        await service.listCalendars(req.ctx, req.query),
        req.query.limit,
        service.calendarCursorKey,
        (c) => presentCalendar(req.ctx.actor, c),
      ),
  );

  r.post(
    '/business-calendars',
    {
      schema: {
        tags,
        summary: 'Create a business-hours calendar (supervisor or admin)',
        body: NewCalendarBody,
        response: { 201: BusinessCalendar, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentCalendar(req.ctx.actor, await service.createCalendar(req.ctx, req.body))),
  );

  r.get(
    '/business-calendars/:id',
    {
      schema: {
        tags,
        summary: 'One business-hours calendar',
        params: IdParams,
        response: { 200: BusinessCalendar, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCalendar(req.ctx.actor, await service.getCalendar(req.ctx, req.params.id)),
  );

  r.patch(
    '/business-calendars/:id',
    {
      schema: {
        tags,
        summary:
          'Change a calendar (supervisor or admin); new hours, holidays or time zone re-date the running ' +
          'clocks of the active conversations of every policy using it',
        params: IdParams,
        body: PatchCalendarBody,
        response: { 200: BusinessCalendar, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCalendar(
        req.ctx.actor,
        await service.updateCalendar(req.ctx, req.params.id, req.body),
      ),
  );

  r.delete(
    '/business-calendars/:id',
    {
      schema: {
        tags,
        summary: 'Delete a calendar (supervisor or admin); 409 while an SLA policy uses it',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteCalendar(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
