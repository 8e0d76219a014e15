-- Escalations counted per agent and reason (issue #6). The free-text reason
-- cannot be counted, so each escalation gets a category: the agent could not
-- answer, it is beyond their authority (discounts, exceptions), a difficult
-- client for a senior manager, a complaint, a technical problem, other; and
-- sla_breach, the SLA sweep's own. The free-text reason stays as its detail.
alter table escalations add column category text not null default 'other'
  check (category in ('cannot_answer', 'outside_authority', 'difficult_client', 'complaint',
    'technical', 'other', 'sla_breach'));

-- Existing rows: the sweep's are known by their dedupe key. A person's earlier
-- free text is kept as it was and counted as other: guessing a category from
-- words in six languages would put wrong figures in the report.
update escalations set category = 'sla_breach' where dedupe_key like 'sla.breached:%';

-- The report counts a period's escalations per agent and category: read from
-- the index alone.
create index escalations_created_idx on escalations (workspace_id, created_at)
  include (from_user_id, category);
