-- Phone: the call log, and due / overdue reminders of callbacks.

create table calls (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  direction text not null check (direction in ('inbound', 'outbound')),
  -- normalised: "+" and digits
  phone text not null,
  duration_seconds integer not null default 0 check (duration_seconds >= 0),
  outcome text not null check (outcome in ('answered', 'no_answer', 'busy', 'voicemail', 'failed')),
  notes text not null default '',
  client_id bigint not null,
  conversation_id bigint,
  -- who spoke to the client (or tried to); null when a PBX does not say
  agent_id bigint,
  -- the callback this call was an attempt of, if any
  callback_id bigint,
  started_at timestamptz not null,
  -- a PBX's call id: the same call posted twice is stored once
  external_id text,
  created_by_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete set null (conversation_id),
  foreign key (workspace_id, agent_id) references users (workspace_id, id),
  foreign key (workspace_id, callback_id) references callbacks (workspace_id, id) on delete set null (callback_id),
  foreign key (workspace_id, created_by_id) references users (workspace_id, id)
);
-- The log runs newest first, for everyone or filtered.
create index calls_time_idx on calls (workspace_id, started_at desc, id desc);
create index calls_client_idx on calls (workspace_id, client_id, started_at desc, id desc);
create index calls_conversation_idx on calls (workspace_id, conversation_id, started_at desc, id desc)
  where conversation_id is not null;
create index calls_agent_idx on calls (workspace_id, agent_id, started_at desc, id desc);
create index calls_callback_idx on calls (workspace_id, callback_id) where callback_id is not null;
create index calls_created_by_idx on calls (workspace_id, created_by_id);
create unique index calls_external_id_uq on calls (workspace_id, external_id) where external_id is not null;

-- Each reminder is sent once per time the callback is set for (re-dating clears them).
alter table callbacks
  add column due_notified_at timestamptz,
  add column overdue_notified_at timestamptz;
-- The callbacks sweep scans scheduled callbacks whose time has come, across workspaces;
-- an overdue one has always started (window_end >= window_start).
create index callbacks_reminder_idx on callbacks (window_start)
  where status = 'scheduled' and overdue_notified_at is null;

-- Reminders start with this migration: callbacks already past are not announced all at once.
update callbacks set due_notified_at = now() where window_start <= now();
update callbacks set overdue_notified_at = now()
  where coalesce(window_end, window_start + interval '15 minutes') <= now();
