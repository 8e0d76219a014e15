-- Promises (issue #6): the commitments an agent's reply makes to a client
-- ("I'll call you back in 10 minutes"), found by the promise extractor
-- (src/shared/promises) when the reply is stored, and tracked until kept or
-- broken. A finding starts as 'proposed'; the agent confirms it ('open') or
-- says it is not a promise ('dismissed'). An open promise is marked 'kept' by
-- its agent, or 'broken' by the promises sweep at its due time; a delay notice
-- sent to the client before then re-dates it (promise_redates).
create table promises (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  conversation_id bigint not null,
  client_id bigint not null,
  -- who made it: the author of the reply
  agent_id bigint not null,
  -- the reply it was found in, and where in its text (UTF-16 offsets)
  message_id bigint not null,
  text_start integer not null check (text_start >= 0),
  text_end integer not null,
  kind text not null check (kind in ('callback', 'delivery', 'reply', 'other')),
  text text not null check (length(text) between 1 and 2000),
  -- the words that gave the due time, and how they were read
  due_text text not null default '' check (length(due_text) <= 500),
  due_basis text not null check (due_basis in ('duration', 'clock', 'day-part', 'day-end')),
  due_at timestamptz not null,
  state text not null default 'proposed'
    check (state in ('proposed', 'open', 'kept', 'broken', 'dismissed')),
  -- when its agent is reminded (set while open), and when that was done
  remind_at timestamptz,
  reminded_at timestamptz,
  confirmed_at timestamptz,
  confirmed_by_id bigint,
  -- kept, broken or dismissed: when, and by whom (null: the sweep)
  settled_at timestamptz,
  settled_by_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check (text_end > text_start),
  check ((state in ('proposed', 'open')) = (settled_at is null)),
  check (state = 'proposed' or state = 'dismissed' or confirmed_at is not null),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, client_id) references clients (workspace_id, id),
  foreign key (workspace_id, agent_id) references users (workspace_id, id),
  foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete cascade,
  foreign key (workspace_id, confirmed_by_id) references users (workspace_id, id),
  foreign key (workspace_id, settled_by_id) references users (workspace_id, id)
);
-- One proposal per place in a reply: the hook running twice keeps one.
create unique index promises_message_range_uq on promises (workspace_id, message_id, text_start);
-- The lists, by due time: a conversation's, a client's, an agent's (mine, my team's).
create index promises_conversation_idx on promises (workspace_id, conversation_id, due_at, id);
create index promises_client_idx on promises (workspace_id, client_id, due_at, id);
create index promises_agent_idx on promises (workspace_id, agent_id, due_at, id);
create index promises_confirmed_by_idx on promises (workspace_id, confirmed_by_id)
  where confirmed_by_id is not null;
create index promises_settled_by_idx on promises (workspace_id, settled_by_id)
  where settled_by_id is not null;
-- Reports per period: promises tracked, kept and broken.
create index promises_confirmed_idx on promises (workspace_id, confirmed_at)
  where confirmed_at is not null;
create index promises_settled_idx on promises (workspace_id, settled_at)
  where state in ('kept', 'broken');
-- The sweep, across workspaces: reminders due, then open promises falling due.
create index promises_remind_idx on promises (remind_at)
  where state = 'open' and reminded_at is null;
create index promises_open_due_idx on promises (due_at) where state = 'open';

-- Each re-dating of a promise: the old and new due times and the delay notice
-- that told the client.
create table promise_redates (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  promise_id bigint not null,
  from_due_at timestamptz not null,
  to_due_at timestamptz not null,
  message_id bigint,
  by_id bigint,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check (to_due_at > from_due_at),
  foreign key (workspace_id, promise_id) references promises (workspace_id, id) on delete cascade,
  foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete set null (message_id),
  foreign key (workspace_id, by_id) references users (workspace_id, id)
);
create index promise_redates_promise_idx on promise_redates (workspace_id, promise_id, id);
create index promise_redates_message_idx on promise_redates (workspace_id, message_id)
  where message_id is not null;
create index promise_redates_by_idx on promise_redates (workspace_id, by_id) where by_id is not null;
-- Reports: delay notices per period.
create index promise_redates_time_idx on promise_redates (workspace_id, created_at);
