-- Discount authority (issue #6): how large a discount each role (and, where
-- an admin says so, each user) may promise a client on their own; the
-- requests for a supervisor's approval above it; and every discount a sent
-- reply promised, recorded on the client.
--
-- A reply's discount is read by the shared detector (src/shared/discounts):
-- the largest percentage off it promises and how many coupons (promo codes,
-- vouchers) it gives in that one reply.

-- Each role's authority in a workspace. A null limit is no limit.
create table discount_role_limits (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  max_percent numeric(5, 2) check (max_percent between 0 and 100),
  max_coupons integer check (max_coupons between 0 and 1000),
  updated_at timestamptz not null default now(),
  updated_by_id bigint,
  primary key (workspace_id, role),
  foreign key (workspace_id, updated_by_id) references users (workspace_id, id) on delete set null (updated_by_id)
);
create index discount_role_limits_updated_by_idx on discount_role_limits (workspace_id, updated_by_id)
  where updated_by_id is not null;

-- The defaults (the same as DEFAULT_DISCOUNT_AUTHORITY in src/shared/api/discounts.ts,
-- which new workspaces get): agents 5 % and one coupon, supervisors 15 % and
-- five, admins without limit.
insert into discount_role_limits (workspace_id, role, max_percent, max_coupons)
select w.id, d.role, d.max_percent, d.max_coupons
from workspaces w
cross join (values ('agent', 5, 1), ('supervisor', 15, 5), ('admin', null, null))
  as d (role, max_percent, max_coupons);

-- One user's authority where it differs from their role's. A null limit
-- takes the role's.
create table discount_user_limits (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  user_id bigint not null,
  max_percent numeric(5, 2) check (max_percent between 0 and 100),
  max_coupons integer check (max_coupons between 0 and 1000),
  updated_at timestamptz not null default now(),
  updated_by_id bigint,
  primary key (workspace_id, user_id),
  check (max_percent is not null or max_coupons is not null),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade,
  foreign key (workspace_id, updated_by_id) references users (workspace_id, id) on delete set null (updated_by_id)
);
create index discount_user_limits_updated_by_idx on discount_user_limits (workspace_id, updated_by_id)
  where updated_by_id is not null;

-- A request for a discount above the requester's authority on a conversation,
-- with the reply that waits for it (sent as the requester once approved). A
-- decision (approved, denied; cancelled by the requester) is final; an
-- approval is used by the first reply on the conversation it covers.
create table discount_requests (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  conversation_id bigint not null,
  requester_id bigint not null,
  percent numeric(5, 2) not null default 0 check (percent between 0 and 100),
  coupons integer not null default 0 check (coupons between 0 and 1000),
  reason text not null check (length(reason) between 1 and 1000),
  -- the waiting reply; null when the request comes first and the reply later
  reply_text text check (length(reply_text) between 1 and 200000),
  -- the requester's own authority when they asked (null: no limit)
  limit_percent numeric(5, 2),
  limit_coupons integer,
  status text not null default 'pending'
    check (status in ('pending', 'approved', 'denied', 'cancelled')),
  decided_by_id bigint,
  decided_at timestamptz,
  decision_comment text check (length(decision_comment) <= 1000),
  -- the reply that used the approval
  used_message_id bigint,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check (percent > 0 or coupons > 0),
  check ((status = 'pending') = (decided_at is null)),
  check (used_at is null or status = 'approved'),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, requester_id) references users (workspace_id, id),
  foreign key (workspace_id, decided_by_id) references users (workspace_id, id),
  foreign key (workspace_id, used_message_id) references messages (workspace_id, id) on delete set null (used_message_id)
);
-- The lists, newest first: by status (a supervisor's pending queue), a
-- conversation's, a requester's.
create index discount_requests_status_idx on discount_requests (workspace_id, status, id);
create index discount_requests_conversation_idx on discount_requests (workspace_id, conversation_id, id);
create index discount_requests_requester_idx on discount_requests (workspace_id, requester_id, id);
create index discount_requests_decided_by_idx on discount_requests (workspace_id, decided_by_id)
  where decided_by_id is not null;
create index discount_requests_used_message_idx on discount_requests (workspace_id, used_message_id)
  where used_message_id is not null;
-- One pending request per requester and conversation: a second is a duplicate.
create unique index discount_requests_pending_uq on discount_requests (workspace_id, conversation_id, requester_id)
  where status = 'pending';

-- Every discount a sent reply promised the client: within the author's
-- authority, or under an approval (request_id, approved_by_id).
create table client_discounts (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  client_id bigint not null,
  conversation_id bigint not null,
  message_id bigint not null,
  agent_id bigint not null,
  -- the largest percentage promised (null: coupons only) and the coupons given
  percent numeric(5, 2) check (percent > 0 and percent <= 100),
  coupons integer not null default 0 check (coupons between 0 and 1000),
  -- the words found in the reply
  text text not null default '' check (length(text) <= 500),
  request_id bigint,
  approved_by_id bigint,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check (percent is not null or coupons > 0),
  foreign key (workspace_id, client_id) references clients (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete cascade,
  foreign key (workspace_id, agent_id) references users (workspace_id, id),
  foreign key (workspace_id, request_id) references discount_requests (workspace_id, id) on delete set null (request_id),
  foreign key (workspace_id, approved_by_id) references users (workspace_id, id)
);
-- One record per reply.
create unique index client_discounts_message_uq on client_discounts (workspace_id, message_id);
-- The client's list, newest first.
create index client_discounts_client_idx on client_discounts (workspace_id, client_id, id);
create index client_discounts_conversation_idx on client_discounts (workspace_id, conversation_id);
create index client_discounts_agent_idx on client_discounts (workspace_id, agent_id, created_at);
create index client_discounts_request_idx on client_discounts (workspace_id, request_id)
  where request_id is not null;
create index client_discounts_approved_by_idx on client_discounts (workspace_id, approved_by_id)
  where approved_by_id is not null;
