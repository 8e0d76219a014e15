-- Email mailboxes (inbound by SMTP listener or IMAP polling, outgoing SMTP) and
-- the raw inbound messages, stored before anything else is done with them.

create table mailboxes (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  -- the inbound address, lower-case; the SMTP listener routes by recipient, so
  -- it is unique across all workspaces
  address text not null,
  default_team_id bigint,
  default_language text not null default 'en',
  signature text not null default '',
  smtp_host text,
  smtp_port integer check (smtp_port between 1 and 65535),
  smtp_secure boolean not null default false,
  smtp_user text,
  -- sealed with the installation's secret key (security/secrets.ts)
  smtp_password_sealed text,
  imap_host text,
  imap_port integer check (imap_port between 1 and 65535),
  imap_secure boolean not null default true,
  imap_user text,
  imap_password_sealed text,
  imap_folder text not null default 'INBOX',
  imap_enabled boolean not null default false,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, default_team_id) references teams (workspace_id, id) on delete set null (default_team_id)
);
create unique index mailboxes_address_uq on mailboxes (lower(address));
create index mailboxes_default_team_idx on mailboxes (workspace_id, default_team_id) where default_team_id is not null;

create table inbound_emails (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  mailbox_id bigint not null,
  source text not null check (source in ('smtp', 'imap')),
  raw bytea not null,
  size_bytes integer not null check (size_bytes >= 0),
  received_at timestamptz not null default now(),
  status text not null default 'received'
    check (status in ('received', 'processed', 'ignored', 'failed')),
  error text,
  attempts integer not null default 0 check (attempts >= 0),
  -- the Message-ID header, once parsed
  message_id_header text,
  conversation_id bigint,
  -- the stored message
  message_id bigint,
  processed_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, mailbox_id) references mailboxes (workspace_id, id) on delete cascade,
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete set null (conversation_id),
  foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete set null (message_id)
);
-- The ones still to ingest (a sweep after a crash finds them).
create index inbound_emails_pending_idx on inbound_emails (received_at, workspace_id, id) where status = 'received';
create index inbound_emails_mailbox_idx on inbound_emails (workspace_id, mailbox_id, received_at);
create index inbound_emails_conversation_idx on inbound_emails (workspace_id, conversation_id) where conversation_id is not null;
create index inbound_emails_message_idx on inbound_emails (workspace_id, message_id) where message_id is not null;
