import type { Selectable } from 'kysely';
import type { InvitationsTable } from '../../db/schema.ts';

export type InvitationRow = Selectable<InvitationsTable>;

/** The API shape of an invitation; never the token or its hash. */
export function presentInvitation(inv: InvitationRow, now: Date) {
  return {
    id: inv.id,
    email: inv.email,
    name: inv.name,
    role: inv.role,
    expires_at: inv.expires_at.toISOString(),
    is_expired: inv.expires_at <= now,
    created_at: inv.created_at.toISOString(),
  };
}
