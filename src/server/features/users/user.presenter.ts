import type { Selectable } from 'kysely';
import type { UsersTable } from '../../db/schema.ts';

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
