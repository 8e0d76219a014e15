import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Call, CallListQuery, NewCallBody, PatchCallBody } from '../../../shared/api/calls.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { presentCall } from './call.presenter.ts';
import * as service from './call.service.ts';

const tags = ['calls'];

export function registerCallsRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/calls',
    {
      schema: {
        tags,
        summary:
          'Log a call (from the app, or a PBX with an API token): the client is found by the number ' +
          "or created; the conversation is the one given, the client's open phone conversation, or " +
          'a new one when create_conversation is set. The same external_id again returns the first call (200)',
        description:
          'Any member may log calls; a PBX posts with an API token of a workspace user, who is ' +
          'recorded as created_by (agent_id names who took the call). 201 with the new call; 200 ' +
          'with the call stored first when external_id was posted before (a PBX may retry). ' +
          '400 names the field: a phone that is not a number, an unknown direction or outcome, a ' +
          'duration over a day, a start in the future, or a client_id, conversation_id or ' +
          'agent_id that is not of this workspace. The call is written with a call.logged event ' +
          "on the conversation's timeline.",
        body: NewCallBody,
        response: { 200: Call, 201: Call, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const { call, created } = await service.logCall(req.ctx, req.body);
      return reply.status(created ? 201 : 200).send(presentCall(call, req.ctx.actor));
    },
  );

  r.get(
    '/calls',
    {
      schema: {
        tags,
        summary:
          'The call log, newest first, filtered by client, conversation, agent, direction or outcome',
        querystring: CallListQuery,
        response: { 200: page(Call), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const result = await service.listCalls(req.ctx, req.query);
      return {
        items: result.items.map((row) => presentCall(row, req.ctx.actor)),
        next_cursor: result.next_cursor,
      };
    },
  );

  r.get(
    '/calls/:id',
    {
      schema: {
        tags,
        summary: 'One call',
        params: IdParams,
        response: { 200: Call, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => presentCall(await service.getCall(req.ctx, req.params.id), req.ctx.actor),
  );

  r.patch(
    '/calls/:id',
    {
      schema: {
        tags,
        summary: "Correct a call's notes, outcome or duration",
        description:
          'By the agent on the call or who logged it; supervisors and admins correct any call ' +
          '(another agent: 403). Writes a call.updated event saying what changed. Another ' +
          "workspace's call is 404.",
        params: IdParams,
        body: PatchCallBody,
        response: { 200: Call, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCall(await service.updateCall(req.ctx, req.params.id, req.body), req.ctx.actor),
  );
}
