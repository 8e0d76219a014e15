import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody } from '../../../shared/api/common.ts';
import {
  DeflectionReport,
  DeflectionReportQuery,
  PortalSettings,
  PortalSettingsResponse,
} from '../../../shared/api/portal.ts';
import * as service from './portal-admin.service.ts';

const tags = ['customer portal'];

/** /api/v1/portal/…: the portal's settings and the deflected-requests report, for agents. */
export function registerPortalAdminRoutes(api: FastifyInstance) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/portal/settings',
    {
      schema: {
        tags,
        summary: "The customer portal's settings (admin, supervisor)",
        response: { 200: PortalSettingsResponse, 403: ErrorBody },
      },
    },
    async (req) => service.getPortalSettings(req.ctx),
  );

  r.put(
    '/portal/settings',
    {
      schema: {
        tags,
        summary: "Change the customer portal's settings (admin)",
        body: PortalSettings.strict(),
        response: { 200: PortalSettingsResponse, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => service.updatePortalSettings(req.ctx, req.body),
  );

  r.get(
    '/portal/deflections',
    {
      schema: {
        tags,
        summary:
          'Deflected requests (a client read a suggested FAQ article and sent nothing) in a time range, per article and language (admin, supervisor)',
        querystring: DeflectionReportQuery,
        response: { 200: DeflectionReport, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) =>
      service.reportDeflections(req.ctx, {
        from: new Date(req.query.from),
        to: new Date(req.query.to),
        limit: req.query.limit,
      }),
  );
}
