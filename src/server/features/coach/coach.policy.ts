import type { Actor } from '../../context.ts';

export type CoachAction = 'view' | 'edit' | 'override';

/**
 * Everyone reads the coach's rules, jargon and settings (the composer checks
 * with them); admins and supervisors change them, and only they may send a
 * reply the coach blocks.
 */
export function canCoach(actor: Actor, action: CoachAction): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  switch (action) {
    case 'view':
      return true;
    case 'edit':
    case 'override':
      return actor.role === 'admin' || actor.role === 'supervisor';
  }
}

export function coachAbilities(actor: Actor) {
  const edit = canCoach(actor, 'edit');
  return { update: edit, delete: edit };
}
