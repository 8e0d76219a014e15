import type { Actor } from '../../context.ts';

export type CallAction = 'create' | 'list' | 'read' | 'update';

/**
 * Every member logs calls and reads the log (a PBX posts as the user of its
 * API token). A call's notes and outcome are corrected by the agent on it or
 * who logged it; supervisors and admins may correct anyone's.
 */
export function canCall(
  actor: Actor,
  action: CallAction,
  call?: { agent_id: string | null; created_by_id: string | null },
): boolean {
  if (actor.kind !== 'user' || !['agent', 'supervisor', 'admin'].includes(actor.role)) return false;
  if (action !== 'update') return true;
  if (actor.role !== 'agent') return true;
  return !!call && (call.agent_id === actor.userId || call.created_by_id === actor.userId);
}
