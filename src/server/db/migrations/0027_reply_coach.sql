-- Reply coach (issue #6): a workspace's phrase rules, its jargon list and the
-- policies of the further checks; the rules each sent reply triggered.

-- A workspace's phrase rules, by the engine's stable rule id. kind 'default':
-- the workspace's change to a built-in rule (only the fields it sets are not
-- null; enabled false disables it). kind 'own': a rule of the workspace's own,
-- every field set.
create table coach_rules (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  rule_id text not null check (rule_id ~ '^[a-z0-9][a-z0-9._-]{0,79}$'),
  kind text not null check (kind in ('default', 'own')),
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  pattern text check (length(pattern) <= 600),
  except_patterns text[] check (cardinality(except_patterns) <= 10),
  -- Why the phrase hurts, per interface language: {"en": "...", "ro": "..."}.
  why jsonb,
  rewrite text check (length(rewrite) <= 1000),
  rewrite_scope text check (rewrite_scope in ('sentence', 'match', 'none')),
  policy text check (policy in ('hint', 'warn', 'block')),
  enabled boolean,
  created_by bigint,
  updated_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, rule_id),
  check (kind = 'default' or (pattern is not null and why is not null and policy is not null)),
  foreign key (workspace_id, created_by) references users (workspace_id, id) on delete set null (created_by),
  foreign key (workspace_id, updated_by) references users (workspace_id, id) on delete set null (updated_by)
);
-- The composer asks for one language's rules.
create index coach_rules_language_idx on coach_rules (workspace_id, language);
create index coach_rules_created_by_idx on coach_rules (workspace_id, created_by) where created_by is not null;
create index coach_rules_updated_by_idx on coach_rules (workspace_id, updated_by) where updated_by is not null;

-- Words of the workspace's own jargon, with the plain words to say instead;
-- language null: every language.
create table coach_jargon (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  term text not null check (length(term) between 1 and 120),
  plain text check (length(plain) between 1 and 200),
  language text check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index coach_jargon_term_uq on coach_jargon (workspace_id, lower(term), coalesce(language, ''));

-- The policies of the further checks; a workspace without a row has the engine's defaults.
create table coach_settings (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  introduction text not null check (introduction in ('hint', 'warn', 'block', 'off')),
  client_name text not null check (client_name in ('hint', 'warn', 'block', 'off')),
  jargon text not null check (jargon in ('hint', 'warn', 'block', 'off')),
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- The rule ids a reply triggered when it was sent (hints, warnings and
-- overridden blocks alike), for reports; null: not checked (a client's
-- message, a note, a message from before the coach).
alter table messages add column coach_rules text[];
