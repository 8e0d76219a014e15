import type { Actor } from '../../context.ts';

export type CannedResponseAction = 'view' | 'use' | 'create' | 'update' | 'delete';

/** Everyone reads and uses the scripts; admins and supervisors write them. */
export function canCannedResponse(actor: Actor, action: CannedResponseAction): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  switch (action) {
    case 'view':
    case 'use':
      return true;
    case 'create':
    case 'update':
    case 'delete':
      return actor.role === 'admin' || actor.role === 'supervisor';
  }
}

export function cannedResponseAbilities(actor: Actor) {
  return {
    update: canCannedResponse(actor, 'update'),
    delete: canCannedResponse(actor, 'delete'),
  };
}
