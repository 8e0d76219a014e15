import { z } from 'zod';
import { Id, PageQuery, Timestamp, text } from './common.ts';
import { UserRef } from './users.ts';

export const TeamAbilities = z
  .object({ update: z.boolean(), delete: z.boolean(), manage_members: z.boolean() })
  .meta({ id: 'TeamAbilities' });

export const Team = z
  .object({
    id: Id,
    name: z.string(),
    supervisor: UserRef.nullable(),
    members: z.array(UserRef),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: TeamAbilities,
  })
  .meta({ id: 'Team' });

export const TeamListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
}).strict();

export const NewTeamBody = z
  .object({ name: text(100), supervisor_id: Id.nullable().optional() })
  .strict();

export const PatchTeamBody = z
  .object({ name: text(100), supervisor_id: Id.nullable() })
  .partial()
  .strict();

export const TeamMembersBody = z
  .object({
    user_ids: z
      .array(Id)
      .max(500)
      .meta({ description: 'The complete new membership; users not listed leave the team' }),
  })
  .strict();
