import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { withTransaction, type Actor, type Ctx, type JobQueue } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../../security.ts';
import type { Secrets } from '../../security/secrets.ts';
import { recordEvent } from '../events/event.service.ts';
import { unscopedFindUsersByEmail } from '../users/user.repo.ts';
import * as repo from './auth.repo.ts';
import type { InboundCommitter } from '../conversations/ingest-many.service.ts';

/** What every request starts from, before it is known who is asking. */
export interface BaseCtx {
  db: Kysely<DB>;
  log: FastifyBaseLogger;
  now: () => Date;
  sessionTtlHours: number;
  jobs?: JobQueue;
  secrets?: Secrets;
  /** The app's group commit of inbound messages (chat, SMS, the API). */
  inbound?: InboundCommitter;
  /** RAPPORT_PUBLIC_URL: where clients reach this server, for links in emails. */
  publicUrl?: string;
}

// Verified against when the email is unknown, so both cases take as long.
const dummyHash = hashPassword('not a real password');
// Sliding expiry is written at most once a minute, not on every request.
const TOUCH_EVERY_MS = 60_000;

/** Signs a user in with email and password; returns the cookie value (shown once) and the CSRF token. */
export async function login(
  base: BaseCtx,
  input: { email: string; password: string; workspaceId?: string },
) {
  const candidates = (await unscopedFindUsersByEmail(base.db, input.email)).filter(
    (u) => !input.workspaceId || u.workspace_id === input.workspaceId,
  );
  const matches = [];
  for (const user of candidates) {
    if (user.password_hash && (await verifyPassword(user.password_hash, input.password)))
      matches.push(user);
  }
  if (candidates.length === 0) await verifyPassword(await dummyHash, input.password);
  if (matches.length === 0) throw new AppError('invalid_credentials', 'wrong email or password');
  if (matches.length > 1) {
    throw invalid({ workspace_id: 'this email belongs to several workspaces: say which one' });
  }
  const user = matches[0]!;
  const ctx: Ctx = {
    ...base,
    workspaceId: user.workspace_id,
    actor: { kind: 'user', userId: user.id, role: user.role, via: 'session' },
  };
  const { token, csrfToken } = await startSession(ctx, user.id, base.sessionTtlHours);
  return { token, csrfToken, user };
}

/**
 * Opens a session for a user who just proved who they are (login, accepting an
 * invitation), in the caller's transaction; returns the cookie value (shown once).
 */
export async function startSession(ctx: Ctx, userId: string, ttlHours: number) {
  const token = newSecret();
  const csrfToken = newSecret();
  const now = ctx.now();
  await withTransaction(ctx, async (tx) => {
    await repo.insertSession(tx.db, {
      id: hashSecret(token),
      workspace_id: tx.workspaceId,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: new Date(now.getTime() + ttlHours * 3600_000),
    });
    await recordEvent(tx, { type: 'user.signed_in', data: { user_id: userId } });
  });
  return { token, csrfToken };
}

export async function logout(base: BaseCtx, token: string) {
  await repo.deleteSession(base.db, hashSecret(token));
}

export interface Authenticated {
  workspaceId: string;
  actor: Extract<Actor, { kind: 'user' }>;
  csrfToken?: string;
}

/** Resolves a session cookie to its user, sliding its expiry; undefined when absent, expired or disabled. */
export async function authenticateSession(
  base: BaseCtx,
  token: string,
): Promise<Authenticated | undefined> {
  const idHash = hashSecret(token);
  const s = await repo.unscopedFindSession(base.db, idHash);
  const now = base.now();
  if (!s || !s.is_active || s.expires_at <= now) return undefined;
  if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await repo.touchSession(
      base.db,
      idHash,
      now,
      new Date(now.getTime() + base.sessionTtlHours * 3600_000),
    );
  }
  return {
    workspaceId: s.workspace_id,
    actor: { kind: 'user', userId: s.user_id, role: s.role, via: 'session' },
    csrfToken: s.csrf_token,
  };
}

/**
 * Whether a session cookie still signs its user in, without sliding its expiry:
 * an open socket re-checks it, and must not keep an idle session alive.
 */
export async function isSessionLive(base: BaseCtx, token: string): Promise<boolean> {
  const s = await repo.unscopedFindSession(base.db, hashSecret(token));
  return Boolean(s && s.is_active && s.expires_at > base.now());
}

/** Resolves an API token (Authorization: Bearer) to the user it acts for. */
export async function authenticateToken(
  base: BaseCtx,
  token: string,
): Promise<Authenticated | undefined> {
  const t = await repo.unscopedFindToken(base.db, hashSecret(token));
  if (!t || t.revoked_at || !t.is_active) return undefined;
  const now = base.now();
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await repo.touchToken(base.db, t.workspace_id, t.id, now);
  }
  return {
    workspaceId: t.workspace_id,
    actor: { kind: 'user', userId: t.user_id, role: t.role, via: 'token' },
  };
}

/** Creates an API token acting for a user; the token itself is returned once and stored hashed. */
export async function createApiToken(ctx: Ctx, input: { userId: string; name: string }) {
  const token = newSecret('rpt_');
  return withTransaction(ctx, async (tx) => {
    const row = await repo.insertToken(tx.db, {
      workspace_id: tx.workspaceId,
      user_id: input.userId,
      name: input.name,
      token_hash: hashSecret(token),
    });
    await recordEvent(tx, {
      type: 'api_token.created',
      data: { token_id: row.id, user_id: input.userId, name: input.name },
    });
    return { ...row, token };
  });
}

/** The signed-in user's own API tokens (never the secret). */
export function listOwnApiTokens(ctx: Ctx) {
  if (ctx.actor.kind !== 'user') return Promise.resolve([]);
  return repo.listTokens(ctx.db, ctx.workspaceId, ctx.actor.userId);
}

export async function revokeOwnApiToken(ctx: Ctx, tokenId: string) {
  if (ctx.actor.kind !== 'user') throw notFound('API token');
  const actor = ctx.actor;
  await withTransaction(ctx, async (tx) => {
    const row = await repo.revokeToken(tx.db, tx.workspaceId, actor.userId, tokenId, tx.now());
    if (!row) throw notFound('API token');
    await recordEvent(tx, { type: 'api_token.revoked', data: { token_id: tokenId } });
  });
}

/**
 * Signs every session of a user out (password change, deactivation); keepToken
 * spares the session making the request (a password change keeps you signed in).
 */
export function endUserSessions(ctx: Ctx, userId: string, options: { keepToken?: string } = {}) {
  const keepHash = options.keepToken ? hashSecret(options.keepToken) : undefined;
  return repo.deleteUserSessions(ctx.db, ctx.workspaceId, userId, keepHash);
}

/** Housekeeping: forget expired sessions. */
export function purgeExpiredSessions(base: Pick<BaseCtx, 'db' | 'now'>) {
  return repo.deleteExpiredSessions(base.db, base.now());
}
