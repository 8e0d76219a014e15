-- Escalations by a person and callbacks offered to clients.

-- The escalations table holds the SLA sweep's automatic escalations since 0001;
-- an agent's escalation adds what to pass on, how and why.
alter table escalations
  add column scope text not null default 'conversation' check (scope in ('conversation', 'excerpt')),
  add column excerpt text,
  add column method text check (method in ('handoff', 'call', 'email')),
  add column note text not null default '';
create index escalations_conversation_time_idx on escalations (workspace_id, conversation_id, id desc);

create table callbacks (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  client_id bigint not null,
  conversation_id bigint,
  -- normalised: "+" and digits
  phone text not null,
  window_start timestamptz not null,
  -- null: at window_start; else any time up to it
  window_end timestamptz,
  responsible_id bigint not null,
  status text not null default 'scheduled'
    check (status in ('scheduled', 'done', 'failed', 'cancelled')),
  attempts integer not null default 0 check (attempts >= 0),
  outcome text not null default '',
  note text not null default '',
  created_by_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check (window_end is null or window_end >= window_start),
  foreign key (workspace_id, client_id) references clients (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete set null (conversation_id),
  foreign key (workspace_id, responsible_id) references users (workspace_id, id),
  foreign key (workspace_id, created_by_id) references users (workspace_id, id)
);
-- Lists of callbacks run by time: everyone's, one person's, one status.
create index callbacks_window_idx on callbacks (workspace_id, window_start, id);
create index callbacks_responsible_idx on callbacks (workspace_id, responsible_id, window_start, id);
create index callbacks_status_idx on callbacks (workspace_id, status, window_start, id);
create index callbacks_client_idx on callbacks (workspace_id, client_id);
create index callbacks_conversation_idx on callbacks (workspace_id, conversation_id) where conversation_id is not null;
create index callbacks_created_by_idx on callbacks (workspace_id, created_by_id);
-- Offering the same callback twice (a double click) keeps one.
create unique index callbacks_scheduled_uq on callbacks (workspace_id, client_id, phone, window_start)
  where status = 'scheduled';
