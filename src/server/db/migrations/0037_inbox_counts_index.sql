-- The inbox's view counts (countInbox) read the assignee, team and due time of
-- every conversation still being worked. With them in one partial index the
-- counts are an index-only scan over the active conversations (a few hundred
-- pages at 80,000 of them) instead of a scan of the whole table; on the
-- embedded database this needs the visibility map that VACUUM sets, which
-- autovacuum does not do there (ADR 0014, db/maintenance.ts).
create index conversations_active_counts_idx
  on conversations (workspace_id, assignee_id, team_id, sla_due_at)
  where status not in ('resolved', 'closed');
