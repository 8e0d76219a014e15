// Discount authority: how large a discount each role (and, where an admin
// says so, each user) may promise a client without a supervisor's approval.
// Every member reads it; admins change it. A role without a stored row (a
// workspace made before its defaults were stored) has the built-in defaults.
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { Role } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../../pagination.ts';
import { DEFAULT_DISCOUNT_AUTHORITY, type DiscountLimit } from '../../../shared/api/discounts.ts';
import { recordEvent } from '../events/event.service.ts';
import { canDiscount, type DiscountAction } from './discount.policy.ts';
import * as repo from './discount-authority.repo.ts';

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

function authorise(ctx: Ctx, action: DiscountAction) {
  if (!canDiscount(ctx.actor, action))
    throw forbidden(
      action === 'edit_authority' ? 'only an admin changes the discount authority' : undefined,
    );
}

const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));

/** The facts a user's authority is made of. */
interface AuthorityFacts {
  role: Role;
  has_role_limits: boolean;
  role_percent: string | number | null;
  role_coupons: number | null;
  has_user_limits: boolean;
  user_percent: string | number | null;
  user_coupons: number | null;
}

function roleLimitOf(f: AuthorityFacts): DiscountLimit {
  if (!f.has_role_limits) return DEFAULT_DISCOUNT_AUTHORITY[f.role];
  return { max_percent: numberOrNull(f.role_percent), max_coupons: f.role_coupons };
}

/** What applies to a user: their own limit where they have one, else their role's. */
export function effectiveLimitOf(f: AuthorityFacts) {
  const role = roleLimitOf(f);
  const ownPercent = f.has_user_limits ? numberOrNull(f.user_percent) : null;
  const ownCoupons = f.has_user_limits ? f.user_coupons : null;
  return {
    limit: {
      max_percent: ownPercent ?? role.max_percent,
      max_coupons: ownCoupons ?? role.max_coupons,
    } satisfies DiscountLimit,
    source: {
      max_percent: ownPercent === null ? ('role' as const) : ('user' as const),
      max_coupons: ownCoupons === null ? ('role' as const) : ('user' as const),
    },
  };
}

/** A user's authority (no permission check: for the other discount use cases), or undefined. */
export async function findAuthorityOf(ctx: Ctx, userId: string) {
  const row = await repo.findUserAuthority(ctx.db, ctx.workspaceId, userId);
  if (!row) return undefined;
  return { user: row, ...effectiveLimitOf(row) };
}

async function loadRoleLimits(ctx: Ctx): Promise<Record<Role, DiscountLimit>> {
  const rows = await repo.listRoleLimits(ctx.db, ctx.workspaceId);
  const out = { ...DEFAULT_DISCOUNT_AUTHORITY };
  for (const r of rows)
    out[r.role] = { max_percent: numberOrNull(r.max_percent), max_coupons: r.max_coupons };
  return out;
}

/** Each role's authority in the workspace. */
export async function getDiscountAuthority(ctx: Ctx) {
  authorise(ctx, 'read_authority');
  return { ...(await loadRoleLimits(ctx)), can_edit: canDiscount(ctx.actor, 'edit_authority') };
}

/** An admin sets the authority of one or more roles; the change is recorded. */
export async function updateDiscountAuthority(
  ctx: Ctx,
  input: Partial<Record<Role, DiscountLimit>>,
) {
  authorise(ctx, 'edit_authority');
  return withTransaction(ctx, async (tx) => {
    const before = await loadRoleLimits(tx);
    const changed = ROLES.filter((r) => input[r] !== undefined);
    await repo.upsertRoleLimits(
      tx.db,
      tx.workspaceId,
      changed.map((role) => ({ role, ...input[role]! })),
      actorUserId(tx),
      tx.now(),
    );
    const after = await loadRoleLimits(tx);
    if (JSON.stringify(before) !== JSON.stringify(after))
      await recordEvent(tx, { type: 'discount_authority.updated', data: { before, after } });
    return { ...after, can_edit: true };
  });
}

/** Stores the default authority of every role for a new workspace (in its creating transaction). */
export async function seedDiscountAuthority(tx: Ctx) {
  await repo.upsertRoleLimits(
    tx.db,
    tx.workspaceId,
    ROLES.map((role) => ({ role, ...DEFAULT_DISCOUNT_AUTHORITY[role] })),
    null,
    tx.now(),
  );
}

function presentEffective(found: NonNullable<Awaited<ReturnType<typeof findAuthorityOf>>>) {
  return {
    user: { id: found.user.id, name: found.user.name, role: found.user.role },
    ...found.limit,
    source: found.source,
  };
}

/** The caller's own authority: what they may promise without asking. */
export async function getMyDiscountAuthority(ctx: Ctx) {
  authorise(ctx, 'read_authority');
  const found = await findAuthorityOf(ctx, actorUserId(ctx)!);
  if (!found) throw notFound('user');
  return presentEffective(found);
}

/** A user's authority (supervisors and admins; anyone for themselves). */
export async function getUserDiscountAuthority(ctx: Ctx, userId: string) {
  if (userId !== actorUserId(ctx)) authorise(ctx, 'list_user_limits');
  const found = await findAuthorityOf(ctx, userId);
  if (!found) throw notFound('user');
  return presentEffective(found);
}

function presentUserLimit(r: repo.UserLimitRow) {
  const { limit } = effectiveLimitOf(r);
  return {
    user: { id: r.id, name: r.name, role: r.role },
    max_percent: numberOrNull(r.user_percent),
    max_coupons: r.user_coupons,
    effective: limit,
    updated_at: r.updated_at.toISOString(),
    updated_by:
      r.updated_by_id && r.updated_by_name
        ? { id: r.updated_by_id, name: r.updated_by_name }
        : null,
  };
}

/** The users whose authority differs from their role's (supervisors and admins). */
export async function listUserDiscountLimits(ctx: Ctx, input: { limit: number; cursor?: string }) {
  authorise(ctx, 'list_user_limits');
  let afterUserId: string | undefined;
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, 1);
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id))
      throw invalid({ cursor: 'is not a cursor from this list' });
    afterUserId = id;
  }
  const rows = await repo.listUserLimits(ctx.db, ctx.workspaceId, {
    afterUserId,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (r) => [r.id], presentUserLimit);
}

/** An admin gives a user limits of their own (a null one keeps the role's). */
export async function setUserDiscountLimit(
  ctx: Ctx,
  userId: string,
  input: { max_percent: number | null; max_coupons: number | null },
) {
  authorise(ctx, 'edit_authority');
  return withTransaction(ctx, async (tx) => {
    const before = await findAuthorityOf(tx, userId);
    if (!before) throw notFound('user');
    await repo.upsertUserLimit(tx.db, tx.workspaceId, userId, input, actorUserId(tx), tx.now());
    const row = (await repo.findUserLimit(tx.db, tx.workspaceId, userId))!;
    const view = presentUserLimit(row);
    await recordEvent(tx, {
      type: 'discount_authority.user_updated',
      data: { user_id: userId, before: before.limit, after: view.effective, own: input },
    });
    return view;
  });
}

/** An admin drops a user's own limits: their role's apply again. */
export async function deleteUserDiscountLimit(ctx: Ctx, userId: string) {
  authorise(ctx, 'edit_authority');
  await withTransaction(ctx, async (tx) => {
    const before = await findAuthorityOf(tx, userId);
    if (!before) throw notFound('user');
    if (await repo.deleteUserLimit(tx.db, tx.workspaceId, userId)) {
      const after = await findAuthorityOf(tx, userId);
      await recordEvent(tx, {
        type: 'discount_authority.user_updated',
        data: { user_id: userId, before: before.limit, after: after!.limit, own: null },
      });
    }
  });
}
