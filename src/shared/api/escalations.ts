import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp, text } from './common.ts';

export const EscalationScope = z.enum(['conversation', 'excerpt']);
export const EscalationMethod = z.enum(['handoff', 'call', 'email']);

const Ref = z.object({ id: Id, name: z.string() });

export const Escalation = z
  .object({
    id: Id,
    conversation_id: Id,
    reason: z
      .string()
      .meta({ description: 'Why: the agent’s words, or "sla_breach" for the SLA sweep' }),
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
    reason: z.string().trim().max(500).default(''),
  })
  .strict();

export const EscalationListQuery = z
  .object({ conversation_id: Id, limit: Limit, cursor: Cursor })
  .strict();
