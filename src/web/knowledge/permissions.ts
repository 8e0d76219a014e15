import { useSession } from '../session.ts';

/**
 * Whether the signed-in user may write articles and categories, for the
 * buttons that create them (an existing item carries its own abilities from
 * the server). Mirrors knowledge.policy.ts: admins and supervisors write.
 */
export function useCanWriteKnowledge(): boolean {
  const role = useSession().data?.user.role;
  return role === 'admin' || role === 'supervisor';
}
