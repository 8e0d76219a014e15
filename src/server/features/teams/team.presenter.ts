import type { Selectable } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Role, TeamsTable } from '../../db/schema.ts';
import { teamAbilities } from './team.policy.ts';

export type TeamRow = Selectable<TeamsTable>;

/** The user columns a team shows for its supervisor and members. */
export interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  is_active: boolean;
  is_available: boolean;
}

export interface TeamView {
  team: TeamRow;
  supervisor: PersonRow | null;
  members: PersonRow[];
}

function presentPerson(p: PersonRow) {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    is_active: p.is_active,
    is_available: p.is_available,
  };
}

/** A team with its supervisor, members and what the caller may do with it. */
export function presentTeam(actor: Actor, v: TeamView) {
  return {
    id: v.team.id,
    name: v.team.name,
    supervisor: v.supervisor ? presentPerson(v.supervisor) : null,
    members: v.members.map(presentPerson),
    created_at: v.team.created_at.toISOString(),
    updated_at: v.team.updated_at.toISOString(),
    abilities: teamAbilities(actor, v.team),
  };
}
