import type { Actor } from '../../context.ts';

export type PromiseAction =
  'list' | 'list_team' | 'stats' | 'confirm' | 'dismiss' | 'keep' | 'delay';

/** What a rule needs to know of a promise: whose it is, and whether the actor supervises them. */
export interface PromiseSubject {
  agent_id: string;
  /** The actor supervises a team the promise's agent is a member of. */
  supervised: boolean;
}

const MEMBER_ROLES = ['agent', 'supervisor', 'admin'];

/**
 * Every member sees the promises of a conversation, a client and their own.
 * A promise is the word of the agent who made it: they confirm it, say it was
 * no promise, mark it kept or tell the client about a delay; a colleague
 * cannot do that for them. Their team's supervisor may act on it too, and an
 * admin on anyone's. The team view and the per-agent figures are for
 * supervisors (their teams) and admins (everyone).
 */
export function canPromise(actor: Actor, action: PromiseAction, promise?: PromiseSubject): boolean {
  if (actor.kind !== 'user' || !MEMBER_ROLES.includes(actor.role)) return false;
  if (action === 'list') return true;
  if (action === 'list_team' || action === 'stats') return actor.role !== 'agent';
  if (!promise) return false;
  if (actor.role === 'admin' || promise.agent_id === actor.userId) return true;
  return actor.role === 'supervisor' && promise.supervised;
}
