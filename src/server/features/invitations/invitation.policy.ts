import type { Actor } from '../../context.ts';

export type InvitationAction = 'create' | 'list' | 'revoke';

/** Only admins invite people, see pending invitations and revoke them. */
export function canInvitation(actor: Actor, _action: InvitationAction): boolean {
  return actor.kind === 'user' && actor.role === 'admin';
}
