-- SMS: providers per workspace (a generic HTTP gateway), and which provider a
-- conversation's messages came through, so replies go out from the same number.

create table sms_providers (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  kind text not null default 'generic_http' check (kind in ('generic_http')),
  -- the number clients write to and replies are sent from, E.164 ("+" and digits)
  phone_number text not null check (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  send_url text not null,
  auth_header_name text,
  -- sealed with the installation's key (src/server/security/secrets.ts)
  auth_header_value_sealed text,
  webhook_secret_sealed text not null,
  default_team_id bigint,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, default_team_id) references teams (workspace_id, id) on delete set null (default_team_id)
);
create unique index sms_providers_number_uq on sms_providers (workspace_id, phone_number);
create index sms_providers_team_idx on sms_providers (workspace_id, default_team_id);
-- webhooks name the provider by id alone (the workspace is not in the URL)
create unique index sms_providers_id_uq on sms_providers (id);

alter table conversations add column sms_provider_id bigint;
alter table conversations
  add foreign key (workspace_id, sms_provider_id) references sms_providers (workspace_id, id)
  on delete set null (sms_provider_id);
create index conversations_sms_provider_idx on conversations (workspace_id, sms_provider_id)
  where sms_provider_id is not null;
