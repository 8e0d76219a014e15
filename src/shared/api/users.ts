import { z } from 'zod';
import { Cursor, Id, Language, Limit, Role, Timestamp, text } from './common.ts';

export const User = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    language: z.string(),
    is_available: z.boolean(),
    is_active: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'User' });

/** What the caller may do with a user, so the UI hides what it would refuse. */
export const UserAbilities = z
  .object({
    update: z.boolean(),
    change_role: z.boolean(),
    deactivate: z.boolean(),
    change_password: z.boolean(),
  })
  .meta({ id: 'UserAbilities' });

export const UserWithAbilities = User.extend({
  updated_at: Timestamp,
  abilities: UserAbilities,
}).meta({ id: 'UserWithAbilities' });

/** A user as other objects mention them (team members, supervisors). */
export const UserRef = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    role: Role,
    is_active: z.boolean(),
    is_available: z.boolean(),
  })
  .meta({ id: 'UserRef' });

export const Email = z.string().trim().toLowerCase().max(320).email('must be an email address');

export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters');

const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const UserListQuery = z
  .object({
    limit: Limit,
    cursor: Cursor,
    role: Role.optional(),
    q: z.string().trim().max(200).optional(),
    active: BooleanQuery.optional(),
  })
  .strict();

export const NewUserBody = z
  .object({
    email: Email,
    name: text(200),
    role: Role,
    password: Password,
    language: Language.optional(),
  })
  .strict();

export const PatchUserBody = z
  .object({
    name: text(200),
    role: Role,
    language: Language,
    is_active: z.boolean(),
    is_available: z.boolean(),
    password: Password,
    current_password: z.string().min(1, 'must not be empty').max(200),
  })
  .partial()
  .strict();

export const Workspace = z
  .object({
    id: Id,
    name: z.string(),
    slug: z.string(),
    time_zone: z.string(),
    default_language: Language,
    created_at: Timestamp,
  })
  .meta({ id: 'Workspace' });
