-- Rapport core schema.
-- Tenancy is structural: every tenant table has the primary key (workspace_id, id),
-- unique constraints include workspace_id, and foreign keys carry it, so a row can
-- never point into another workspace and tables can be distributed by workspace.

create extension if not exists pg_trgm;

create table workspaces (
  id bigint generated always as identity primary key,
  name text not null,
  slug text not null unique,
  time_zone text not null default 'UTC',
  default_language text not null default 'en',
  -- the last conversation number handed out; incremented under the row lock
  conversation_seq integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  email text not null,
  name text not null,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  password_hash text,
  language text not null default 'en',
  is_available boolean not null default true,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index users_email_uq on users (workspace_id, lower(email));
-- login looks an email up before it knows the workspace
create index users_email_login_idx on users (lower(email));

create table teams (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  supervisor_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, supervisor_id) references users (workspace_id, id)
);
create unique index teams_name_uq on teams (workspace_id, lower(name));
create index teams_supervisor_idx on teams (workspace_id, supervisor_id);

create table team_members (
  workspace_id bigint not null,
  team_id bigint not null,
  user_id bigint not null,
  -- round-robin picks the available member assigned longest ago
  last_assigned_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, team_id, user_id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id) on delete cascade,
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index team_members_user_idx on team_members (workspace_id, user_id);

create table invitations (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  email text not null,
  name text,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  token_hash text not null unique,
  invited_by_id bigint,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, invited_by_id) references users (workspace_id, id)
);
create index invitations_inviter_idx on invitations (workspace_id, invited_by_id);

create table sessions (
  -- sha-256 of the cookie value; the value itself is never stored
  id text primary key,
  workspace_id bigint not null,
  user_id bigint not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index sessions_user_idx on sessions (workspace_id, user_id);
create index sessions_expiry_idx on sessions (expires_at);

create table api_tokens (
  workspace_id bigint not null,
  id bigint generated always as identity,
  user_id bigint not null,
  name text not null,
  -- sha-256 of the token; the token is shown once at creation
  token_hash text not null unique,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index api_tokens_user_idx on api_tokens (workspace_id, user_id);

-- Clients: people and companies ------------------------------------------------

create table clients (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  kind text not null default 'person' check (kind in ('person', 'company')),
  name text not null,
  company_id bigint,
  language text,
  time_zone text,
  tier text not null default 'regular' check (tier in ('regular', 'premium', 'key')),
  is_vip boolean not null default false,
  tags text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  merged_into_id bigint,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, company_id) references clients (workspace_id, id),
  foreign key (workspace_id, merged_into_id) references clients (workspace_id, id)
);
create index clients_company_idx on clients (workspace_id, company_id) where company_id is not null;
create index clients_merged_idx on clients (workspace_id, merged_into_id) where merged_into_id is not null;
create index clients_list_idx on clients (workspace_id, id desc) where deleted_at is null;
create index clients_name_trgm_idx on clients using gin (lower(name) gin_trgm_ops);
create index clients_tags_idx on clients using gin (tags);

create table client_identities (
  workspace_id bigint not null,
  id bigint generated always as identity,
  client_id bigint not null,
  kind text not null check (kind in ('email', 'phone', 'chat')),
  -- normalised: lower-case email, phone as + and digits
  value text not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade
);
create unique index client_identities_value_uq on client_identities (workspace_id, kind, value);
create index client_identities_client_idx on client_identities (workspace_id, client_id);
create index client_identities_value_trgm_idx on client_identities using gin (value gin_trgm_ops);

create table client_field_definitions (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  key text not null,
  label text not null,
  type text not null check (type in ('text', 'number', 'date', 'select')),
  options text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index client_field_definitions_key_uq on client_field_definitions (workspace_id, key);

create table client_notes (
  workspace_id bigint not null,
  id bigint generated always as identity,
  client_id bigint not null,
  author_id bigint,
  body text not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade,
  foreign key (workspace_id, author_id) references users (workspace_id, id)
);
create index client_notes_client_idx on client_notes (workspace_id, client_id, id desc);
create index client_notes_author_idx on client_notes (workspace_id, author_id);

-- SLA ------------------------------------------------------------------------

create table business_calendars (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  time_zone text not null,
  -- {"mon": [["09:00","18:00"]], ...}; a missing day is closed
  hours jsonb not null,
  -- [{"date": "2026-12-25", "name": "Christmas"}]
  holidays jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

create table sla_policies (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  -- lower position is tried first; the first policy whose conditions all match applies
  position integer not null default 100,
  -- empty array / null = any
  match_priorities text[] not null default '{}',
  match_tiers text[] not null default '{}',
  match_vip boolean,
  first_response_minutes integer check (first_response_minutes > 0),
  next_response_minutes integer check (next_response_minutes > 0),
  resolution_minutes integer check (resolution_minutes > 0),
  calendar_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, calendar_id) references business_calendars (workspace_id, id)
);
create index sla_policies_order_idx on sla_policies (workspace_id, position, id);
create index sla_policies_calendar_idx on sla_policies (workspace_id, calendar_id);

-- Conversations and messages -----------------------------------------------------

create table conversations (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  number integer not null,
  subject text not null default '',
  client_id bigint not null,
  channel text not null check (channel in ('email', 'chat', 'sms', 'phone', 'web', 'api')),
  status text not null default 'new'
    check (status in ('new', 'open', 'pending', 'on_hold', 'resolved', 'closed')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  team_id bigint,
  assignee_id bigint,
  tags text[] not null default '{}',
  sla_policy_id bigint,
  -- the earliest due time among the running SLA targets (null: none running)
  sla_due_at timestamptz,
  first_responded_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  last_message_at timestamptz not null default now(),
  last_inbound_at timestamptz,
  last_excerpt text not null default '',
  message_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, number),
  foreign key (workspace_id, client_id) references clients (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id),
  foreign key (workspace_id, assignee_id) references users (workspace_id, id),
  foreign key (workspace_id, sla_policy_id) references sla_policies (workspace_id, id)
);
-- Inbox lists scan only conversations still being worked (never resolved or closed).
create index conversations_active_activity_idx on conversations (workspace_id, last_message_at desc, id desc)
  where status not in ('resolved', 'closed');
create index conversations_active_assignee_idx on conversations (workspace_id, assignee_id, last_message_at desc, id desc)
  where status not in ('resolved', 'closed');
create index conversations_active_team_idx on conversations (workspace_id, team_id, last_message_at desc, id desc)
  where status not in ('resolved', 'closed');
create index conversations_active_sla_idx on conversations (workspace_id, sla_due_at, id)
  where status not in ('resolved', 'closed') and sla_due_at is not null;
create index conversations_status_idx on conversations (workspace_id, status, last_message_at desc, id desc);
create index conversations_client_idx on conversations (workspace_id, client_id, last_message_at desc, id desc);
create index conversations_tags_idx on conversations using gin (tags);
create index conversations_policy_idx on conversations (workspace_id, sla_policy_id);

-- One row per SLA target of a conversation while it matters.
create table sla_targets (
  workspace_id bigint not null,
  conversation_id bigint not null,
  kind text not null check (kind in ('first_response', 'next_response', 'resolution')),
  target_minutes integer not null,
  started_at timestamptz not null,
  -- null while paused (pending the client)
  due_at timestamptz,
  warn_at timestamptz,
  -- business minutes left when paused, to resume from
  remaining_minutes integer,
  paused_at timestamptz,
  met_at timestamptz,
  warned_at timestamptz,
  breached_at timestamptz,
  primary key (workspace_id, conversation_id, kind),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
-- The SLA sweep finds due warnings and breaches across workspaces through these.
create index sla_targets_warn_idx on sla_targets (warn_at)
  where met_at is null and warned_at is null and breached_at is null and warn_at is not null;
create index sla_targets_due_idx on sla_targets (due_at)
  where met_at is null and breached_at is null and due_at is not null;

create table messages (
  workspace_id bigint not null,
  id bigint generated always as identity,
  conversation_id bigint not null,
  direction text not null check (direction in ('inbound', 'outbound', 'note')),
  channel text not null check (channel in ('email', 'chat', 'sms', 'phone', 'web', 'api')),
  author_user_id bigint,
  author_client_id bigint,
  body_text text not null,
  body_html text,
  external_id text,
  delivery_state text not null default 'none'
    check (delivery_state in ('none', 'queued', 'sent', 'delivered', 'failed')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, author_user_id) references users (workspace_id, id),
  foreign key (workspace_id, author_client_id) references clients (workspace_id, id)
);
-- Ingesting the same message twice stores it once.
create unique index messages_external_id_uq on messages (workspace_id, external_id) where external_id is not null;
create index messages_conversation_idx on messages (workspace_id, conversation_id, id desc);
create index messages_author_user_idx on messages (workspace_id, author_user_id) where author_user_id is not null;
create index messages_author_client_idx on messages (workspace_id, author_client_id) where author_client_id is not null;

-- Events: the append-only timeline and audit trail ---------------------------------

create table events (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  type text not null,
  actor_kind text not null check (actor_kind in ('user', 'client', 'system')),
  actor_user_id bigint,
  conversation_id bigint,
  client_id bigint,
  -- {"before": {...}, "after": {...}} or what the type needs
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, actor_user_id) references users (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id)
);
create index events_conversation_idx on events (workspace_id, conversation_id, id desc) where conversation_id is not null;
create index events_client_idx on events (workspace_id, client_id, id desc) where client_id is not null;
create index events_actor_idx on events (workspace_id, actor_user_id) where actor_user_id is not null;

create function events_are_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'events are append-only';
end;
$$;
create trigger events_no_update before update on events
  for each row execute function events_are_append_only();
create trigger events_no_delete before delete on events
  for each row execute function events_are_append_only();

-- Notifications ------------------------------------------------------------------

create table notifications (
  workspace_id bigint not null,
  id bigint generated always as identity,
  user_id bigint not null,
  kind text not null,
  conversation_id bigint,
  data jsonb not null default '{}',
  -- one notification per cause, so a retried job never notifies twice
  dedupe_key text,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade,
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
create index notifications_user_idx on notifications (workspace_id, user_id, id desc);
create index notifications_unread_idx on notifications (workspace_id, user_id) where read_at is null;
create index notifications_conversation_idx on notifications (workspace_id, conversation_id) where conversation_id is not null;
create unique index notifications_dedupe_uq on notifications (workspace_id, user_id, dedupe_key) where dedupe_key is not null;

create table escalations (
  workspace_id bigint not null,
  id bigint generated always as identity,
  conversation_id bigint not null,
  reason text not null,
  -- e.g. the SLA target that was breached
  detail jsonb not null default '{}',
  from_user_id bigint,
  to_user_id bigint,
  to_team_id bigint,
  dedupe_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, from_user_id) references users (workspace_id, id),
  foreign key (workspace_id, to_user_id) references users (workspace_id, id),
  foreign key (workspace_id, to_team_id) references teams (workspace_id, id)
);
create index escalations_conversation_idx on escalations (workspace_id, conversation_id);
create index escalations_from_idx on escalations (workspace_id, from_user_id);
create index escalations_to_user_idx on escalations (workspace_id, to_user_id);
create index escalations_to_team_idx on escalations (workspace_id, to_team_id);
create unique index escalations_dedupe_uq on escalations (workspace_id, dedupe_key) where dedupe_key is not null;
