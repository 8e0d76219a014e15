import type { Actor } from '../../context.ts';

export type SlaAction = 'view' | 'create' | 'update' | 'delete';

/** Any member reads SLA policies and calendars; supervisors and admins change them. */
export function canSla(actor: Actor, action: SlaAction): boolean {
  if (actor.kind !== 'user') return false;
  if (action === 'view') return true;
  return actor.role === 'supervisor' || actor.role === 'admin';
}

export function slaAbilities(actor: Actor) {
  return { update: canSla(actor, 'update'), delete: canSla(actor, 'delete') };
}
