import type { Selectable } from 'kysely';
import type { Actor } from '../../context.ts';
import type { UsersTable } from '../../db/schema.ts';
import { userAbilities } from './user.policy.ts';

export type UserRow = Selectable<UsersTable>;

/** The API shape of a user; never carries the password hash. */
export function presentUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    language: u.language,
    is_available: u.is_available,
    is_active: u.is_active,
    created_at: u.created_at.toISOString(),
  };
}

/** What the caller needs to know to say what they may do with a user. */
export interface UserViewer {
  actor: Actor;
  activeAdminCount: number;
}

/** A user with what the caller may do with them. */
export function presentUserFor(viewer: UserViewer, u: UserRow) {
  return {
    ...presentUser(u),
    updated_at: u.updated_at.toISOString(),
    abilities: userAbilities(viewer.actor, u, viewer.activeAdminCount <= 1),
  };
}
