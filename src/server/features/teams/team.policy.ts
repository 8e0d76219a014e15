import type { Actor } from '../../context.ts';

export type TeamAction = 'view' | 'create' | 'update' | 'delete' | 'manage_members';

/**
 * Any member sees the teams; admins create, rename and delete them; a team's
 * own supervisor (still a supervisor or admin) may also set who is in it.
 */
export function canTeam(
  actor: Actor,
  action: TeamAction,
  team?: { supervisor_id: string | null },
): boolean {
  if (actor.kind !== 'user') return false;
  const isAdmin = actor.role === 'admin';
  switch (action) {
    case 'view':
      return true;
    case 'create':
    case 'update':
    case 'delete':
      return isAdmin;
    case 'manage_members':
      return (
        isAdmin || (!!team && team.supervisor_id === actor.userId && actor.role === 'supervisor')
      );
  }
}

export function teamAbilities(actor: Actor, team: { supervisor_id: string | null }) {
  return {
    update: canTeam(actor, 'update', team),
    delete: canTeam(actor, 'delete', team),
    manage_members: canTeam(actor, 'manage_members', team),
  };
}
