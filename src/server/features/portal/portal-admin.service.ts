// The agents' side of the portal: its settings and the deflected-requests report.
import { withTransaction, type Ctx } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import type { PortalSettings } from '../../../shared/api/portal.ts';
import { recordEvent } from '../events/event.service.ts';
import { canPortalAdmin, type PortalAdminAction } from './portal-admin.policy.ts';
import * as authRepo from './portal-auth.repo.ts';
import * as helpRepo from './portal-help.repo.ts';

function authorise(ctx: Ctx, action: PortalAdminAction) {
  if (!canPortalAdmin(ctx.actor, action)) throw forbidden();
}

/** The workspace's portal settings (the defaults when never changed) and where the portal is. */
export async function getPortalSettings(ctx: Ctx) {
  authorise(ctx, 'read_settings');
  const settings = await authRepo.findPortalSettings(ctx.db, ctx.workspaceId);
  const workspace = await authRepo.findWorkspace(ctx.db, ctx.workspaceId);
  return {
    share_company_requests: settings?.share_company_requests ?? false,
    portal_path: `/portal/${workspace?.slug ?? ctx.workspaceId}/`,
  };
}

/** Changes the portal settings (admin), with an event in the audit trail. */
export async function updatePortalSettings(ctx: Ctx, input: PortalSettings) {
  authorise(ctx, 'update_settings');
  await withTransaction(ctx, async (tx) => {
    const before = await authRepo.findPortalSettings(tx.db, tx.workspaceId);
    await authRepo.upsertPortalSettings(tx.db, tx.workspaceId, input, tx.now());
    await recordEvent(tx, {
      type: 'portal.settings_changed',
      data: {
        before: { share_company_requests: before?.share_company_requests ?? false },
        after: input,
      },
    });
  });
  return getPortalSettings(ctx);
}

/** Deflected requests in a time range: the total and the count per article and language. */
export async function reportDeflections(ctx: Ctx, input: { from: Date; to: Date; limit: number }) {
  authorise(ctx, 'read_reports');
  const range = { from: input.from, to: input.to };
  const [rows, total] = await Promise.all([
    helpRepo.countDeflections(ctx.db, ctx.workspaceId, range, input.limit),
    helpRepo.totalDeflections(ctx.db, ctx.workspaceId, range),
  ]);
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    total,
    items: rows.map((r) => ({
      article_id: r.article_id,
      slug: r.slug,
      title: r.title,
      language: r.language as 'en',
      count: Number(r.count),
    })),
  };
}
