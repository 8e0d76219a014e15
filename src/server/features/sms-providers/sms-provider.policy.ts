import type { Actor } from '../../context.ts';

export type SmsProviderAction = 'list' | 'read' | 'create' | 'update' | 'delete';

/**
 * SMS providers are channel set-up: admins change them; supervisors, who
 * staff the channels, may look; agents neither.
 */
export function canSmsProvider(actor: Actor, action: SmsProviderAction): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'supervisor' && (action === 'list' || action === 'read');
}
