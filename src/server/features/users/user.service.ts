import { withTransaction, type Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Role } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { hashPassword, verifyPassword } from '../../security.ts';
import { decodeCursor } from '../../pagination.ts';
import { endUserSessions } from '../auth/auth.service.ts';
import { recordEvent } from '../events/event.service.ts';
import { getWorkspace } from '../workspaces/workspace.service.ts';
import { canUser } from './user.policy.ts';
import type { UserRow, UserViewer } from './user.presenter.ts';
import * as repo from './user.repo.ts';

const EMAIL_TAKEN = 'a user with this email already exists in this workspace';

/** A user of the workspace, or not_found (also for another workspace's user). */
export async function getUser(ctx: Ctx, userId: string): Promise<UserRow> {
  const user = await repo.findUser(ctx.db, ctx.workspaceId, userId);
  if (!user) throw notFound('user');
  return user;
}

/** What presenters need to tell the caller what they may do with users. */
export async function getUserViewer(ctx: Ctx): Promise<UserViewer> {
  return {
    actor: ctx.actor,
    activeAdminCount: await repo.countActiveAdmins(ctx.db, ctx.workspaceId),
  };
}

/** One user, for any member. */
export async function viewUser(ctx: Ctx, userId: string) {
  if (!canUser(ctx.actor, 'view')) throw forbidden();
  return { user: await getUser(ctx, userId), viewer: await getUserViewer(ctx) };
}

/** The signed-in user. */
export function viewMe(ctx: Ctx) {
  if (ctx.actor.kind !== 'user') throw forbidden('only a signed-in user has a profile');
  return viewUser(ctx, ctx.actor.userId);
}

export interface UserListInput {
  role?: Role;
  q?: string;
  active?: boolean;
  cursor?: string;
  limit: number;
}

/** A page of the workspace's people by name, for any member; rows are limit + 1 (see toPage). */
export async function listUsers(ctx: Ctx, input: UserListInput) {
  if (!canUser(ctx.actor, 'view')) throw forbidden();
  let after: [string, string] | undefined;
  if (input.cursor) {
    const [name, id] = decodeCursor(input.cursor, 2);
    if (typeof name !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    after = [name, id];
  }
  const rows = await repo.listUsers(ctx.db, ctx.workspaceId, {
    role: input.role,
    q: input.q || undefined,
    isActive: input.active,
    after,
    limit: input.limit,
  });
  return { rows, viewer: await getUserViewer(ctx) };
}

/** The keyset of a user row in listUsers' order. */
export const userCursorKey = (u: UserRow) => [u.name, u.id];

/** The workspace's users among these ids, for features that link people (teams). */
export function findUsersByIds(ctx: Ctx, ids: readonly string[]) {
  return repo.findUsersByIds(ctx.db, ctx.workspaceId, ids);
}

/** The workspace's user with this email (any case), if any. */
export function findUserWithEmail(ctx: Ctx, email: string) {
  return repo.findUserByEmail(ctx.db, ctx.workspaceId, email);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  language?: string;
}

/**
 * Adds a person the caller has already authorised (an admin, or an accepted
 * invitation), with its user.created event, in the caller's transaction.
 * Throws conflict when the email is taken, also when a concurrent insert won.
 */
export async function admitUser(ctx: Ctx, input: NewUser & { passwordHash: string }) {
  return withTransaction(ctx, async (tx) => {
    const email = input.email.trim().toLowerCase();
    if (await repo.findUserByEmail(tx.db, tx.workspaceId, email))
      throw conflict(EMAIL_TAKEN, { email: 'is already a user of this workspace' });
    const language = input.language ?? (await getWorkspace(tx)).default_language;
    let user;
    try {
      user = await repo.insertUser(tx.db, tx.workspaceId, {
        email,
        name: input.name.trim(),
        role: input.role,
        password_hash: input.passwordHash,
        language,
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(EMAIL_TAKEN, { email: 'is already a user of this workspace' });
      throw err;
    }
    await recordEvent(tx, {
      type: 'user.created',
      data: {
        user_id: user.id,
        after: { email: user.email, name: user.name, role: user.role, language: user.language },
      },
    });
    return user;
  });
}

/** An admin adds a user with a password. */
export async function createUser(ctx: Ctx, input: NewUser) {
  if (!canUser(ctx.actor, 'create')) throw forbidden('only an admin can add users');
  if (await findUserWithEmail(ctx, input.email))
    throw conflict(EMAIL_TAKEN, { email: 'is already a user of this workspace' });
  const passwordHash = await hashPassword(input.password);
  return admitUser(ctx, { ...input, passwordHash });
}

export interface UserPatch {
  name?: string;
  role?: Role;
  language?: string;
  is_active?: boolean;
  is_available?: boolean;
  password?: string;
  current_password?: string;
}

const PROFILE_FIELDS = ['name', 'role', 'language', 'is_active', 'is_available'] as const;

/**
 * Edits a user. Admins change anyone's name, role, language and status; users
 * change their own name, language, availability and password (with the
 * current one). The last active admin cannot be demoted or deactivated.
 * Deactivating ends the user's sessions; a password change ends their other
 * sessions (sessionToken is the cookie of the request, kept signed in).
 */
export async function updateUser(
  ctx: Ctx,
  userId: string,
  patch: UserPatch,
  options: { sessionToken?: string } = {},
) {
  const target = await getUser(ctx, userId);
  if (!canUser(ctx.actor, 'update', target)) throw forbidden('you may only edit your own profile');
  if (patch.role !== undefined && !canUser(ctx.actor, 'change_role', target))
    throw forbidden('only an admin can change a role');
  if (patch.is_active !== undefined && !canUser(ctx.actor, 'change_status', target))
    throw forbidden('only an admin can activate or deactivate a user');
  let passwordHash: string | undefined;
  if (patch.password !== undefined || patch.current_password !== undefined) {
    if (!canUser(ctx.actor, 'change_password', target))
      throw forbidden('only the user themselves can change their password');
    if (patch.password === undefined)
      throw invalid({ password: 'is required when current_password is given' });
    if (patch.current_password === undefined)
      throw invalid({ current_password: 'is required to change the password' });
    if (
      !target.password_hash ||
      !(await verifyPassword(target.password_hash, patch.current_password))
    )
      throw invalid({ current_password: 'is not your current password' });
    passwordHash = await hashPassword(patch.password);
  }

  return withTransaction(ctx, async (tx) => {
    const losesAdmin =
      (patch.role !== undefined && patch.role !== 'admin') || patch.is_active === false;
    if (losesAdmin) {
      // Lock first, then read the target, so a concurrent demotion is seen.
      const admins = await repo.lockActiveAdmins(tx.db, tx.workspaceId);
      if (admins.length <= 1 && admins.includes(userId)) {
        const field = patch.is_active === false ? 'is_active' : 'role';
        throw conflict('the workspace needs at least one active admin', {
          [field]: 'cannot be changed: this is the last active admin',
        });
      }
    }
    const before = await getUser(tx, userId);
    const changes: Partial<Record<(typeof PROFILE_FIELDS)[number], unknown>> = {};
    for (const key of PROFILE_FIELDS) {
      const value = key === 'name' ? patch.name?.trim() : patch[key];
      if (value !== undefined && value !== before[key]) changes[key] = value;
    }
    const set = { ...changes, ...(passwordHash ? { password_hash: passwordHash } : {}) };
    if (Object.keys(set).length === 0) return before;
    const after = await repo.updateUser(
      tx.db,
      tx.workspaceId,
      userId,
      set as Parameters<typeof repo.updateUser>[3],
      tx.now(),
    );
    if (Object.keys(changes).length > 0) {
      const keys = Object.keys(changes) as (keyof typeof changes)[];
      await recordEvent(tx, {
        type: 'user.updated',
        data: {
          user_id: userId,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        },
      });
    }
    if (passwordHash) {
      await recordEvent(tx, { type: 'user.password_changed', data: { user_id: userId } });
      const isOwnSession = ctx.actor.kind === 'user' && ctx.actor.via === 'session';
      await endUserSessions(tx, userId, {
        keepToken: isOwnSession ? options.sessionToken : undefined,
      });
    }
    if (changes.is_active === false) await endUserSessions(tx, userId);
    return after;
  });
}
