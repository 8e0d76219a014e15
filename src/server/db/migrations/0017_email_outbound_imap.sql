-- Outgoing email and IMAP polling.

-- Where the IMAP poller is in each mailbox folder: the UIDVALIDITY it last
-- saw and the highest UID stored (updated in the same transaction as the
-- stored message, so a crash neither skips nor refetches one), and how the
-- last poll went, for the admin.
create table mailbox_imap_state (
  workspace_id bigint not null,
  mailbox_id bigint not null,
  folder text not null,
  uid_validity bigint,
  last_uid bigint not null default 0 check (last_uid >= 0),
  last_polled_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  primary key (workspace_id, mailbox_id, folder),
  foreign key (workspace_id, mailbox_id) references mailboxes (workspace_id, id) on delete cascade
);

-- The acknowledgement of a new request: at most one per conversation. The row
-- is claimed ('sending') before the SMTP call and marked 'sent' after it; a
-- retried job resends only a claim that never completed.
create table email_acknowledgements (
  workspace_id bigint not null,
  conversation_id bigint not null,
  state text not null check (state in ('sending', 'sent', 'skipped')),
  -- the Message-ID it is (or was) sent with, without angle brackets
  message_id_header text,
  -- why it was skipped (auto-reply, bounce, list, no address)
  reason text,
  claimed_at timestamptz not null,
  sent_at timestamptz,
  primary key (workspace_id, conversation_id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
