import { z } from 'zod';
import { Id, Language, Role, Timestamp } from './common.ts';

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
