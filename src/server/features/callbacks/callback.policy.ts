import type { Actor } from '../../context.ts';

export type CallbackAction = 'create' | 'list' | 'update';

/**
 * Every member offers callbacks and sees them. A callback is worked by the
 * person responsible for it or who offered it; supervisors and admins, who
 * staff the calls, may change anyone's.
 */
export function canCallback(
  actor: Actor,
  action: CallbackAction,
  callback?: { responsible_id: string; created_by_id: string | null },
): boolean {
  if (actor.kind !== 'user' || !['agent', 'supervisor', 'admin'].includes(actor.role)) return false;
  if (action !== 'update') return true;
  if (actor.role !== 'agent') return true;
  return (
    !!callback &&
    (callback.responsible_id === actor.userId || callback.created_by_id === actor.userId)
  );
}
