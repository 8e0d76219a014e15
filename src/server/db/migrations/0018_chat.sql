-- Web chat (issue #4): per-workspace widget settings and transcript requests.
-- A visitor is a client identity of kind 'chat' (the visitor id from its signed token).

create table chat_settings (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  enabled boolean not null default true,
  prechat_form boolean not null default false,
  -- {"en": "Hello! How can we help?", "es": "..."}; missing languages fall back to the widget's text
  greetings jsonb not null default '{}',
  -- Origins (scheme://host[:port]) allowed to open the visitor socket; empty: any origin
  allowed_origins text[] not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

create table chat_transcript_requests (
  workspace_id bigint not null,
  id bigint generated always as identity,
  conversation_id bigint not null,
  email text not null,
  language text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
create index chat_transcript_requests_conversation_idx
  on chat_transcript_requests (workspace_id, conversation_id);
