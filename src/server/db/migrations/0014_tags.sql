-- The workspace's tag catalogue: the tags agents pick from, with a colour and a
-- description. Conversations keep their tags as a text array (0001_core); the
-- catalogue names them, and renaming or deleting a tag here rewrites those arrays.
create table tags (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  color text not null default 'gray',
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
-- One tag per name and workspace, whatever the letter case.
create unique index tags_name_uq on tags (workspace_id, lower(name));
