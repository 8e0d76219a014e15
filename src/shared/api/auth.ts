import { z } from 'zod';
import { Id, Timestamp, text } from './common.ts';
import { User, Workspace } from './users.ts';

export const LoginBody = z.object({
  email: z.string().trim().max(320).email('must be an email address'),
  password: z.string().min(1, 'must not be empty').max(200),
  workspace_id: Id.optional(),
});

export const SessionInfo = z
  .object({ user: User, workspace: Workspace, csrf_token: z.string() })
  .meta({ id: 'Session' });

export const NewApiTokenBody = z.object({ name: text(100) });

export const ApiToken = z
  .object({
    id: Id,
    name: z.string(),
    created_at: Timestamp,
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });

export const CreatedApiToken = ApiToken.extend({
  token: z.string().meta({ description: 'The secret, shown this once; store it now' }),
}).meta({ id: 'CreatedApiToken' });
