-- Canned responses ("scripts"): reusable replies with {{variables}}, per
-- workspace and language, filed in folders, counted when used.
create table canned_responses (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  title text not null,
  shortcut text not null,
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  folder text not null default '',
  body text not null,
  usage_count integer not null default 0,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, created_by) references users (workspace_id, id) on delete set null (created_by)
);
-- One shortcut per language: "/late-delivery" finds the script in each language.
create unique index canned_responses_shortcut_uq on canned_responses (workspace_id, language, lower(shortcut));
create index canned_responses_title_idx on canned_responses (workspace_id, lower(title), id);
create index canned_responses_created_by_idx on canned_responses (workspace_id, created_by) where created_by is not null;

-- Attachments: uploaded first (message_id null), linked to a message when it is
-- sent. The content lives in the file storage under storage_key, never under a
-- name a client chose.
create table attachments (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  message_id bigint,
  filename text not null,
  content_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null,
  storage_key text not null unique,
  uploaded_by bigint,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete cascade,
  foreign key (workspace_id, uploaded_by) references users (workspace_id, id) on delete set null (uploaded_by)
);
create index attachments_message_idx on attachments (workspace_id, message_id) where message_id is not null;
create index attachments_uploaded_by_idx on attachments (workspace_id, uploaded_by) where uploaded_by is not null;
-- Uploads never sent, oldest first, for a clean-up.
create index attachments_unsent_idx on attachments (workspace_id, created_at) where message_id is null;
