import type { Actor } from '../../context.ts';

export type PortalAdminAction = 'read_settings' | 'update_settings' | 'read_reports';

/**
 * The portal's settings decide what clients see of each other (a company's
 * requests), so only admins change them; supervisors read them and the
 * reports (deflected requests), as they read the other service figures.
 */
export function canPortalAdmin(actor: Actor, action: PortalAdminAction): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  switch (action) {
    case 'read_settings':
    case 'read_reports':
      return actor.role === 'admin' || actor.role === 'supervisor';
    case 'update_settings':
      return actor.role === 'admin';
  }
}
