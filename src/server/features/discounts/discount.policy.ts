import type { Actor } from '../../context.ts';

export type DiscountAction =
  | 'read_authority'
  | 'edit_authority'
  | 'list_user_limits'
  | 'request'
  | 'list_all'
  | 'decide'
  | 'cancel';

/** What a rule needs to know of a request. */
export interface DiscountRequestSubject {
  requester_id: string;
  status: string;
}

const MEMBER_ROLES = ['agent', 'supervisor', 'admin'];

/**
 * Every member reads the workspace's discount authority and their own, and
 * asks for a discount above it; only admins change the authority. Supervisors
 * and admins see every request and decide them, never their own (whether
 * their own authority covers the discount is the service's check). The
 * requester alone withdraws their request.
 */
export function canDiscount(
  actor: Actor,
  action: DiscountAction,
  request?: DiscountRequestSubject,
): boolean {
  if (actor.kind !== 'user' || !MEMBER_ROLES.includes(actor.role)) return false;
  switch (action) {
    case 'read_authority':
    case 'request':
      return true;
    case 'edit_authority':
      return actor.role === 'admin';
    case 'list_user_limits':
    case 'list_all':
      return actor.role !== 'agent';
    case 'decide':
      return actor.role !== 'agent' && (!request || request.requester_id !== actor.userId);
    case 'cancel':
      return !!request && request.requester_id === actor.userId;
  }
}

/**
 * What the caller may do with a request now, for the UI to show or hide
 * buttons: a pending one only, and approve only within their own authority.
 */
export function discountRequestAbilities(
  actor: Actor,
  request: DiscountRequestSubject,
  withinCallerAuthority: boolean,
) {
  const pending = request.status === 'pending';
  const decide = pending && canDiscount(actor, 'decide', request);
  return {
    approve: decide && withinCallerAuthority,
    deny: decide,
    cancel: pending && canDiscount(actor, 'cancel', request),
  };
}
