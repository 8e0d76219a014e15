import { z } from 'zod';
import { Id, PageQuery, Role, Timestamp, text } from './common.ts';
import { Email, Password } from './users.ts';

export const Invitation = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    expires_at: Timestamp,
    is_expired: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'Invitation' });

export const CreatedInvitation = Invitation.extend({
  accept_token: z.string().meta({
    description: 'The secret for POST /invitations/accept, shown this once; send it to the invitee',
  }),
}).meta({ id: 'CreatedInvitation' });

export const NewInvitationBody = z
  .object({ email: Email, role: Role, name: text(200).optional() })
  .strict();

export const InvitationListQuery = PageQuery.strict();

export const AcceptInvitationBody = z
  .object({
    token: z.string().min(1, 'must not be empty').max(200),
    name: text(200),
    password: Password,
  })
  .strict();
