import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp, text } from './common.ts';
import { ESCALATION_CATEGORIES } from './constants.ts';

export const EscalationScope = z.enum(['conversation', 'excerpt']);
export const EscalationMethod = z.enum(['handoff', 'call', 'email']);

export { ESCALATION_CATEGORIES, PERSON_ESCALATION_CATEGORIES } from './constants.ts';

export const EscalationCategory = z.enum(ESCALATION_CATEGORIES).meta({
  description:
    'cannot_answer: needs someone who knows; outside_authority: beyond what the agent may decide ' +
    '(discounts, exceptions); difficult_client: for a senior manager; complaint; technical; other; ' +
    'sla_breach: escalated by the SLA sweep',
});
export type EscalationCategory = z.infer<typeof EscalationCategory>;

/** The categories a person chooses from (sla_breach is the sweep's). */
export const PersonEscalationCategory = EscalationCategory.exclude(['sla_breach']);

const Ref = z.object({ id: Id, name: z.string() });

export const Escalation = z
  .object({
    id: Id,
    conversation_id: Id,
    category: EscalationCategory,
    reason: z.string().meta({
      description: 'Why, in the agent’s own words (may be empty); "sla_breach" for the SLA sweep',
    }),
    from_user: Ref.nullable(),
    to_user: Ref.nullable(),
    to_team: Ref.nullable(),
    scope: EscalationScope,
    excerpt: z.string().nullable(),
    method: EscalationMethod.nullable(),
    note: z.string(),
    created_at: Timestamp,
  })
  .meta({ id: 'Escalation' });

export const NewEscalationBody = z
  .object({
    to_user_id: Id.optional().meta({ description: 'The person who takes it over' }),
    to_team_id: Id.optional().meta({
      description: 'The team that takes it over (unassigned, its supervisor is told)',
    }),
    scope: EscalationScope.default('conversation'),
    excerpt: text(5000).optional().meta({ description: 'What to pass on, when scope is excerpt' }),
    method: EscalationMethod.default('handoff'),
    note: z.string().trim().max(2000).default(''),
    category: PersonEscalationCategory.default('other').meta({
      description: 'Why, as a category the reports count (other when not given)',
    }),
    reason: z
      .string()
      .trim()
      .max(500)
      .default('')
      .meta({ description: 'Why, in your own words (the detail of the category)' }),
  })
  .strict();

export const EscalationListQuery = z
  .object({ conversation_id: Id, limit: Limit, cursor: Cursor })
  .strict();

export const EscalationStatsQuery = z
  .object({
    from: Timestamp.meta({ description: 'Start of the period (inclusive)' }),
    to: Timestamp.meta({ description: 'End of the period (exclusive)' }),
    team_id: Id.optional().meta({ description: 'Only the members of this team' }),
  })
  .strict();

/** A count per category, every category present (0 when none). */
export const EscalationCounts = z
  .object(
    Object.fromEntries(ESCALATION_CATEGORIES.map((c) => [c, z.number().int()])) as Record<
      EscalationCategory,
      z.ZodNumber
    >,
  )
  .meta({ id: 'EscalationCounts' });

export const EscalationAgentStats = z
  .object({
    agent: Ref.meta({ description: 'Who escalated (for sla_breach: the assignee at the breach)' }),
    total: z.number().int(),
    by_category: EscalationCounts,
  })
  .meta({ id: 'EscalationAgentStats' });

export const EscalationStats = z
  .object({
    from: Timestamp,
    to: Timestamp,
    team_id: Id.nullable(),
    items: z.array(EscalationAgentStats).meta({ description: 'Agents with escalations, by name' }),
    totals: z
      .object({ total: z.number().int(), by_category: EscalationCounts })
      .meta({ description: 'The sums of the items' }),
  })
  .meta({ id: 'EscalationStats' });
