import type { Actor } from '../../context.ts';

export type TagAction = 'view' | 'create' | 'update' | 'delete';

/** Every member reads the tag catalogue (to pick tags); supervisors and admins curate it. */
export function canTag(actor: Actor, action: TagAction): boolean {
  if (actor.kind !== 'user') return false;
  if (action === 'view') return true;
  return actor.role === 'supervisor' || actor.role === 'admin';
}

export function tagAbilities(actor: Actor) {
  return { update: canTag(actor, 'update'), delete: canTag(actor, 'delete') };
}
