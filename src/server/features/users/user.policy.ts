import type { Actor } from '../../context.ts';
import type { Role } from '../../db/schema.ts';

export type UserAction =
  'view' | 'create' | 'update' | 'change_role' | 'change_status' | 'change_password';

/** The facts about the target user a rule needs. */
export interface UserTarget {
  id: string;
  role: Role;
  is_active: boolean;
}

export const isAdmin = (actor: Actor) => actor.kind === 'user' && actor.role === 'admin';
const isSelf = (actor: Actor, target: UserTarget) =>
  actor.kind === 'user' && actor.userId === target.id;

/**
 * Who may do what to users. Any member sees the workspace's people; admins
 * manage them; everyone edits their own name, language, availability and
 * password. Admins do not set other people's passwords: users own theirs.
 */
export function canUser(actor: Actor, action: UserAction, target?: UserTarget): boolean {
  if (actor.kind !== 'user') return false;
  switch (action) {
    case 'view':
      return true;
    case 'create':
    case 'change_role':
    case 'change_status':
      return isAdmin(actor);
    case 'update':
      return isAdmin(actor) || (!!target && isSelf(actor, target));
    case 'change_password':
      return !!target && isSelf(actor, target);
  }
}

/** What a caller may do with a user; lastActiveAdmin says the target is the only active admin left. */
export function userAbilities(actor: Actor, target: UserTarget, lastActiveAdmin: boolean) {
  const protectedAdmin = lastActiveAdmin && target.role === 'admin' && target.is_active;
  return {
    update: canUser(actor, 'update', target),
    change_role: canUser(actor, 'change_role', target) && !protectedAdmin,
    deactivate: canUser(actor, 'change_status', target) && target.is_active && !protectedAdmin,
    change_password: canUser(actor, 'change_password', target),
  };
}
