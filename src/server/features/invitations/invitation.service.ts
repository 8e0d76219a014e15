import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Role } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor } from '../../pagination.ts';
import { hashPassword, hashSecret, newSecret } from '../../security.ts';
import { startSession, type BaseCtx } from '../auth/auth.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { admitUser, findUserWithEmail } from '../users/user.service.ts';
import { canInvitation } from './invitation.policy.ts';
import type { InvitationRow } from './invitation.presenter.ts';
import * as repo from './invitation.repo.ts';

const VALID_DAYS = 7;
const ALREADY_USED = 'this invitation was already accepted: sign in instead';
const EXPIRED = 'this invitation has expired: ask an admin to invite you again';

/**
 * An admin invites someone by email with a role. The token is returned once
 * (only its hash is stored); inviting a pending email again replaces the old
 * invitation, whose link then stops working.
 */
export async function createInvitation(
  ctx: Ctx,
  input: { email: string; role: Role; name?: string },
) {
  if (!canInvitation(ctx.actor, 'create')) throw forbidden('only an admin can invite people');
  const email = input.email.trim().toLowerCase();
  const token = newSecret('rpi_');
  return withTransaction(ctx, async (tx) => {
    if (await findUserWithEmail(tx, email))
      throw conflict('this email already belongs to a user of this workspace', {
        email: 'is already a user of this workspace',
      });
    const replaced = await repo.deletePendingByEmail(tx.db, tx.workspaceId, email);
    const now = tx.now();
    let invitation;
    try {
      invitation = await repo.insertInvitation(tx.db, tx.workspaceId, {
        email,
        name: input.name?.trim() || null,
        role: input.role,
        token_hash: hashSecret(token),
        invited_by_id: tx.actor.kind === 'user' ? tx.actor.userId : null,
        expires_at: new Date(now.getTime() + VALID_DAYS * 86_400_000),
        created_at: now,
      });
    } catch (err) {
      // Another admin invited the same email at this very moment.
      if (isUniqueViolation(err))
        throw conflict('this email is being invited right now', { email: 'is being invited' });
      throw err;
    }
    await recordEvent(tx, {
      type: 'invitation.created',
      data: {
        invitation_id: invitation.id,
        after: { email, role: invitation.role, name: invitation.name },
        replaced_invitation_ids: replaced,
      },
    });
    return { invitation, token };
  });
}

/** Invitations not accepted yet (expired ones too, flagged), newest first; rows are limit + 1. */
export async function listPendingInvitations(ctx: Ctx, input: { cursor?: string; limit: number }) {
  if (!canInvitation(ctx.actor, 'list')) throw forbidden('only an admin can see invitations');
  let beforeId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    beforeId = id;
  }
  return repo.listPending(ctx.db, ctx.workspaceId, { beforeId, limit: input.limit });
}

export const invitationCursorKey = (inv: InvitationRow) => [inv.id];

/** An admin revokes a pending invitation: its link stops working. */
export async function revokeInvitation(ctx: Ctx, invitationId: string) {
  if (!canInvitation(ctx.actor, 'revoke')) throw forbidden('only an admin can revoke invitations');
  await withTransaction(ctx, async (tx) => {
    const invitation = await repo.findInvitation(tx.db, tx.workspaceId, invitationId);
    if (!invitation) throw notFound('invitation');
    if (invitation.accepted_at)
      throw conflict('this invitation was already accepted; deactivate the user instead');
    await repo.deleteInvitation(tx.db, tx.workspaceId, invitationId);
    await recordEvent(tx, {
      type: 'invitation.revoked',
      data: {
        invitation_id: invitationId,
        before: { email: invitation.email, role: invitation.role },
      },
    });
  });
}

/**
 * The invitee accepts with the token from their link: creates their user with
 * the invited role, marks the invitation used and signs them in, all in one
 * transaction. A token works once; a second accept creates nobody.
 */
export async function acceptInvitation(
  base: BaseCtx,
  input: { token: string; name: string; password: string },
) {
  const found = await repo.unscopedFindInvitationByTokenHash(base.db, hashSecret(input.token));
  if (!found)
    throw new AppError(
      'not_found',
      'no invitation has this token: the link is wrong, or the invitation was revoked or replaced',
    );
  const now = base.now();
  if (found.accepted_at) throw invalid({ token: ALREADY_USED });
  if (found.expires_at <= now) throw invalid({ token: EXPIRED });
  const passwordHash = await hashPassword(input.password);
  const ctx: Ctx = { ...base, workspaceId: found.workspace_id, actor: { kind: 'system' } };
  return withTransaction(ctx, async (tx) => {
    const invitation = await repo.markAccepted(tx.db, tx.workspaceId, found.id, tx.now());
    if (!invitation) throw invalid({ token: ALREADY_USED });
    const user = await admitUser(tx, {
      email: invitation.email,
      name: input.name,
      role: invitation.role,
      password: input.password,
      passwordHash,
    });
    const asUser: Ctx = {
      ...tx,
      actor: { kind: 'user', userId: user.id, role: user.role, via: 'session' },
    };
    await recordEvent(asUser, {
      type: 'invitation.accepted',
      data: { invitation_id: invitation.id, user_id: user.id, email: user.email },
    });
    const session = await startSession(asUser, user.id, base.sessionTtlHours);
    return { user, ...session };
  });
}
