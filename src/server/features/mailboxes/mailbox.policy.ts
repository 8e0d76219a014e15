import type { Actor } from '../../context.ts';

export type MailboxAction = 'view' | 'create' | 'update' | 'delete';

/** Admins set mailboxes up; supervisors may look at them; agents do not see them. */
export function canMailbox(actor: Actor, action: MailboxAction): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  if (action === 'view') return actor.role === 'admin' || actor.role === 'supervisor';
  return actor.role === 'admin';
}

export function mailboxAbilities(actor: Actor) {
  return { update: canMailbox(actor, 'update'), delete: canMailbox(actor, 'delete') };
}
