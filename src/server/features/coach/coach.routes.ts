import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CoachCheckBody,
  CoachCheckResult,
  CoachDraftContext,
  CoachJargonListQuery,
  CoachNewConversationQuery,
  CoachJargonTerm,
  CoachRule,
  CoachRuleList,
  CoachRuleParams,
  CoachRulesQuery,
  CoachSettings,
  NewCoachJargonBody,
  NewCoachRuleBody,
  PatchCoachJargonBody,
  PatchCoachRuleBody,
  PatchCoachSettingsBody,
} from '../../../shared/api/coach.ts';
import { ErrorBody, IdParams, page } from '../../../shared/api/common.ts';
import { toPage } from '../../pagination.ts';
import * as jargon from './coach-jargon.service.ts';
import * as rules from './coach-rules.service.ts';
import { canCoach } from './coach.policy.ts';
import {
  presentCoachRule,
  presentCoachSettings,
  presentDraftContext,
  presentJargonTerm,
} from './coach.presenter.ts';
import * as service from './coach.service.ts';

const tags = ['reply coach'];

export function registerCoachRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/coach/rules',
    {
      schema: {
        tags,
        summary:
          "A language's phrase rules as the workspace checks with them: the defaults (enabled or not, as changed) and its own",
        querystring: CoachRulesQuery,
        response: { 200: CoachRuleList, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const items = await rules.listCoachRules(req.ctx, req.query.language);
      return {
        language: req.query.language,
        items: items.map((e) => presentCoachRule(req.ctx.actor, e)),
        abilities: { create: canCoach(req.ctx.actor, 'edit') },
      };
    },
  );

  r.post(
    '/coach/rules',
    {
      schema: {
        tags,
        summary: 'Add a phrase rule of the workspace (admin, supervisor); the pattern is checked',
        body: NewCoachRuleBody,
        response: { 201: CoachRule, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const created = await rules.createCoachRule(req.ctx, req.body);
      return reply.status(201).send(presentCoachRule(req.ctx.actor, created));
    },
  );

  r.patch(
    '/coach/rules/:ruleId',
    {
      schema: {
        tags,
        summary:
          'Change a rule (admin, supervisor): a default for this workspace only; enabled false disables it',
        params: CoachRuleParams,
        body: PatchCoachRuleBody,
        response: { 200: CoachRule, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentCoachRule(
        req.ctx.actor,
        await rules.updateCoachRule(req.ctx, req.params.ruleId, req.body),
      ),
  );

  r.delete(
    '/coach/rules/:ruleId',
    {
      schema: {
        tags,
        summary:
          "Delete a rule of the workspace, or undo the workspace's changes to a default (admin, supervisor)",
        params: CoachRuleParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await rules.deleteCoachRule(req.ctx, req.params.ruleId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/coach/jargon',
    {
      schema: {
        tags,
        summary: "The workspace's jargon list by term",
        querystring: CoachJargonListQuery,
        response: { 200: page(CoachJargonTerm), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const rows = await jargon.listJargonTerms(req.ctx, req.query);
      return toPage(rows, req.query.limit, jargon.jargonCursorKey, (row) =>
        presentJargonTerm(req.ctx.actor, row),
      );
    },
  );

  r.post(
    '/coach/jargon',
    {
      schema: {
        tags,
        summary: 'Add a term to the jargon list, with the plain words to say (admin, supervisor)',
        body: NewCoachJargonBody,
        response: { 201: CoachJargonTerm, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await jargon.createJargonTerm(req.ctx, req.body);
      return reply.status(201).send(presentJargonTerm(req.ctx.actor, row));
    },
  );

  r.get(
    '/coach/jargon/:id',
    {
      schema: {
        tags,
        summary: 'One jargon term',
        params: IdParams,
        response: { 200: CoachJargonTerm, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentJargonTerm(req.ctx.actor, await jargon.showJargonTerm(req.ctx, req.params.id)),
  );

  r.patch(
    '/coach/jargon/:id',
    {
      schema: {
        tags,
        summary: 'Change a jargon term (admin, supervisor)',
        params: IdParams,
        body: PatchCoachJargonBody,
        response: {
          200: CoachJargonTerm,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) =>
      presentJargonTerm(
        req.ctx.actor,
        await jargon.updateJargonTerm(req.ctx, req.params.id, req.body),
      ),
  );

  r.delete(
    '/coach/jargon/:id',
    {
      schema: {
        tags,
        summary: 'Remove a jargon term (admin, supervisor)',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await jargon.deleteJargonTerm(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/coach/settings',
    {
      schema: {
        tags,
        summary: 'The policies of the further checks (introduction, client name, jargon)',
        response: { 200: CoachSettings, 403: ErrorBody },
      },
    },
    async (req) => presentCoachSettings(req.ctx.actor, await service.getCoachSettings(req.ctx)),
  );

  r.patch(
    '/coach/settings',
    {
      schema: {
        tags,
        summary: 'Set the policies of the further checks (admin, supervisor)',
        body: PatchCoachSettingsBody,
        response: { 200: CoachSettings, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) =>
      presentCoachSettings(req.ctx.actor, await service.updateCoachSettings(req.ctx, req.body)),
  );

  r.get(
    '/coach/conversations/:id/context',
    {
      schema: {
        tags,
        summary:
          'What a reply to the conversation is checked against on send (first reply, names, language, checks, jargon), for the composer',
        params: IdParams,
        response: { 200: CoachDraftContext, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => presentDraftContext(await service.getDraftContext(req.ctx, req.params.id)),
  );

  r.get(
    '/coach/clients/:id/context',
    {
      schema: {
        tags,
        summary:
          "What a new conversation's first message to the client is checked against on send (a first reply: introduction, name, language, checks, jargon), for the New conversation form",
        params: IdParams,
        querystring: CoachNewConversationQuery,
        response: { 200: CoachDraftContext, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentDraftContext(
        await service.getNewConversationContext(req.ctx, req.params.id, req.query.channel),
      ),
  );

  r.post(
    '/coach/check',
    {
      schema: {
        tags,
        summary:
          'Check a text as the server checks a reply on send (nothing is stored); the composer runs the same engine in the browser',
        body: CoachCheckBody,
        response: { 200: CoachCheckResult, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => service.presentCheckResult(await service.checkText(req.ctx, req.body)),
  );
}
