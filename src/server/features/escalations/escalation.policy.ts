import type { Actor } from '../../context.ts';

export type EscalationAction = 'create' | 'list';

/**
 * Every member (agent, supervisor, admin) may hand a conversation on to someone
 * who can help, and see where it went before; the system escalates through the
 * SLA sweep, never through these use cases.
 */
export function canEscalation(actor: Actor, _action: EscalationAction): boolean {
  return actor.kind === 'user' && ['agent', 'supervisor', 'admin'].includes(actor.role);
}
