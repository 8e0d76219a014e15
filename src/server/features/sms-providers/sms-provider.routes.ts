import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, IdParams } from '../../../shared/api/common.ts';
import {
  NewSmsProviderBody,
  PatchSmsProviderBody,
  SmsProvider,
  SmsProviderWithSecret,
} from '../../../shared/api/sms-providers.ts';
import { presentSmsProvider } from './sms-provider.presenter.ts';
import * as service from './sms-provider.service.ts';

const tags = ['sms'];

/** The address this server is reached at, for the webhook URLs shown to admins. */
export function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export function registerSmsProvidersRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/sms-providers',
    {
      schema: {
        tags,
        summary: "The workspace's SMS providers (secrets are never returned)",
        response: { 200: z.object({ items: z.array(SmsProvider) }), 403: ErrorBody },
      },
    },
    async (req) => ({
      items: (await service.listSmsProviders(req.ctx)).map((row) =>
        presentSmsProvider(row, req.ctx.actor, originOf(req)),
      ),
    }),
  );

  r.get(
    '/sms-providers/:id',
    {
      schema: {
        tags,
        summary: 'One SMS provider, with the webhook URLs to configure at the provider',
        params: IdParams,
        response: { 200: SmsProvider, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) =>
      presentSmsProvider(
        await service.getSmsProvider(req.ctx, req.params.id),
        req.ctx.actor,
        originOf(req),
      ),
  );

  r.post(
    '/sms-providers',
    {
      schema: {
        tags,
        summary: 'Add an SMS provider (admins); the webhook signing secret is returned this once',
        body: NewSmsProviderBody,
        response: { 201: SmsProviderWithSecret, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { row, webhookSecret } = await service.createSmsProvider(req.ctx, req.body);
      return reply.status(201).send({
        ...presentSmsProvider(row, req.ctx.actor, originOf(req)),
        webhook_secret: webhookSecret,
      });
    },
  );

  r.patch(
    '/sms-providers/:id',
    {
      schema: {
        tags,
        summary:
          'Change an SMS provider (admins); a new or rotated signing secret is returned this once',
        params: IdParams,
        body: PatchSmsProviderBody,
        response: {
          200: SmsProvider.extend({ webhook_secret: z.string().optional() }),
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const { row, webhookSecret } = await service.updateSmsProvider(
        req.ctx,
        req.params.id,
        req.body,
      );
      return {
        ...presentSmsProvider(row, req.ctx.actor, originOf(req)),
        ...(webhookSecret ? { webhook_secret: webhookSecret } : {}),
      };
    },
  );

  r.delete(
    '/sms-providers/:id',
    {
      schema: {
        tags,
        summary: 'Remove an SMS provider (admins); its conversations stay',
        params: IdParams,
        response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await service.deleteSmsProvider(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
