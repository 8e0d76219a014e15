-- Customer portal (issue #5): clients sign in with a one-time link sent to one
-- of their email addresses, follow and answer their requests, rate resolved
-- ones, and find answers in the FAQ before writing (deflections).

-- Per-workspace portal settings; a workspace without a row has the defaults.
create table portal_settings (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  -- A person of a company also sees the requests of the company and of its other people.
  share_company_requests boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- One-time sign-in links. The token itself is only in the email; its sha-256
-- is stored. request_key is the queued request's id: a retried job finds its
-- row instead of mailing a second link.
create table portal_sign_in_links (
  workspace_id bigint not null,
  id bigint generated always as identity,
  request_key uuid not null,
  client_id bigint not null,
  email text not null,
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  sent_at timestamptz,
  used_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade
);
create unique index portal_sign_in_links_token_uq on portal_sign_in_links (token_hash);
create unique index portal_sign_in_links_request_uq on portal_sign_in_links (workspace_id, request_key);
-- How many links a client was sent lately (the per-address rate limit).
create index portal_sign_in_links_client_idx on portal_sign_in_links (workspace_id, client_id, created_at desc);
create index portal_sign_in_links_expiry_idx on portal_sign_in_links (expires_at);

-- Clients' portal sessions, apart from the agents' sessions: another cookie,
-- another table, and nothing here authenticates against the API.
create table portal_sessions (
  -- sha-256 of the cookie value; the value itself is never stored
  id text primary key,
  workspace_id bigint not null,
  client_id bigint not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade
);
create index portal_sessions_client_idx on portal_sessions (workspace_id, client_id);
create index portal_sessions_expiry_idx on portal_sessions (expires_at);

-- A client's satisfaction with a resolved request: one rating per
-- conversation, changed in place when the client edits it.
create table conversation_ratings (
  workspace_id bigint not null,
  conversation_id bigint not null,
  client_id bigint not null,
  score smallint not null check (score between 1 and 5),
  comment text not null default '' check (length(comment) <= 2000),
  -- Where it was given; a satisfaction survey will be another source.
  source text not null default 'portal' check (source in ('portal', 'survey')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, conversation_id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade
);
create index conversation_ratings_client_idx on conversation_ratings (workspace_id, client_id);
create index conversation_ratings_updated_idx on conversation_ratings (workspace_id, updated_at desc, conversation_id desc);

-- A deflected request: a client opened a suggested FAQ article from the
-- new-request form and left without sending it (or said the article answered
-- the question). At most one per view of the form (view_key).
create table portal_deflections (
  workspace_id bigint not null,
  id bigint generated always as identity,
  -- null once the article is deleted: the count stays in the reports
  article_id bigint,
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  client_id bigint,
  view_key text not null check (view_key ~ '^[A-Za-z0-9_-]{16,64}$'),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, article_id) references knowledge_articles (workspace_id, id) on delete set null (article_id),
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete set null (client_id)
);
create unique index portal_deflections_view_uq on portal_deflections (workspace_id, view_key);
create index portal_deflections_created_idx on portal_deflections (workspace_id, created_at);
create index portal_deflections_article_idx on portal_deflections (workspace_id, article_id) where article_id is not null;
create index portal_deflections_client_idx on portal_deflections (workspace_id, client_id) where client_id is not null;
