import type { Actor } from '../../context.ts';

export type EscalationAction = 'create' | 'list' | 'stats';

/**
 * Every member (agent, supervisor, admin) may hand a conversation on to someone
 * who can help, and see where it went before; the system escalates through the
 * SLA sweep, never through these use cases. The figures per agent are for
 * supervisors (their teams) and admins (everyone).
 */
export function canEscalation(actor: Actor, action: EscalationAction): boolean {
  if (actor.kind !== 'user' || !['agent', 'supervisor', 'admin'].includes(actor.role)) return false;
  if (action === 'stats') return actor.role !== 'agent';
  return true;
}
