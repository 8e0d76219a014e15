-- Realtime notices leave the writers' transactions on PostgreSQL
-- (docs/adr/0006-realtime-outbox.md).
--
-- PostgreSQL serialises the commits of all transactions that executed NOTIFY
-- (a lock on the database held from before the commit record until the commit
-- is flushed). With the triggers of 0013_realtime.sql every ingested message
-- paid for it. Now the triggers hand their payloads to realtime_emit(), which,
-- on a connection that sets rapport.realtime_outbox = on (the app's pool on
-- PostgreSQL does), writes them into an UNLOGGED outbox (no WAL, no lock beyond
-- the insert; a row becomes visible only when its transaction commits, and
-- vanishes with a rollback). Each server process drains the outbox every few
-- tens of milliseconds with realtime_drain(), which deletes the committed rows
-- and NOTIFYs their payloads on rapport_realtime in a transaction of its own.
-- Elsewhere (PGlite, with its one connection; psql; scripts) realtime_emit()
-- notifies at once, as before. The channel's payloads are unchanged (see
-- 0013_realtime.sql for their shapes).

create unlogged table realtime_outbox (
  id bigint generated always as identity primary key,
  payload text not null
) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);

-- Sends the payloads of one statement: into the outbox, or at once.
create function realtime_emit(payloads text[]) returns void language plpgsql as $$
begin
  if coalesce(cardinality(payloads), 0) = 0 then
    return;
  end if;
  if current_setting('rapport.realtime_outbox', true) = 'on' then
    insert into realtime_outbox (payload) select unnest(payloads);
  else
    perform pg_notify('rapport_realtime', p) from unnest(payloads) as p;
  end if;
end;
$$;

-- One drainer at a time across all processes (the others skip their turn):
-- the rows it deletes and the notices it sends commit together, so a drainer
-- that dies before its commit leaves the rows for the next one (nothing lost),
-- and a row is deleted by one drainer only (nothing sent twice). Rows
-- committed meanwhile wait for the next call. NOTIFY drops a payload repeated
-- within one transaction, so repeats within a drain go out once. Returns how
-- many rows were drained, or -1 when another drainer held the lock.
create function realtime_drain(max_rows integer) returns integer language plpgsql as $$
declare
  payloads text[];
begin
  if not pg_try_advisory_xact_lock(72617021) then
    return -1;
  end if;
  with d as (
    delete from realtime_outbox
    where id in (select id from realtime_outbox order by id limit max_rows)
    returning id, payload)
  select coalesce(array_agg(payload order by id), '{}') into payloads from d;
  perform pg_notify('rapport_realtime', p) from unnest(payloads) as p;
  return cardinality(payloads);
end;
$$;

create or replace function realtime_events_notify() returns trigger language plpgsql as $$
begin
  perform realtime_emit(array(
    select case
      when coalesce(cardinality(r.convs), 0) + coalesce(cardinality(r.clients), 0) > 20 then
        jsonb_build_object('t', 'resync', 'w', r.workspace_id::text)::text
      else jsonb_build_object(
        't', 'change', 'w', r.workspace_id::text,
        'c', coalesce(r.convs, '{}'), 'n', coalesce(r.created, '{}'),
        'cl', coalesce(r.clients, '{}'))::text
      end
    from (
      select workspace_id,
             array_agg(distinct conversation_id::text) filter (where conversation_id is not null) as convs,
             array_agg(distinct conversation_id::text)
               filter (where conversation_id is not null and type = 'conversation.created') as created,
             array_agg(distinct client_id::text)
               filter (where client_id is not null and conversation_id is null) as clients
      from new_rows
      where conversation_id is not null or client_id is not null
      group by workspace_id) r));
  return null;
end;
$$;

create or replace function realtime_messages_notify() returns trigger language plpgsql as $$
begin
  -- A workspace with more than 20 conversations in one statement (an import) gets one resync.
  perform realtime_emit(array(
    select case
      when b.conversations > 20 then jsonb_build_object('t', 'resync', 'w', b.workspace_id::text)::text
      else jsonb_build_object('t', 'message', 'w', b.workspace_id::text,
        'c', b.conversation_id::text, 'm', b.message_id::text)::text
      end
    from (
      select distinct on (workspace_id, case when conversations > 20 then null else conversation_id end)
        workspace_id, conversation_id, message_id, conversations
      from (
        select workspace_id, conversation_id, max(id) as message_id,
               count(*) over (partition by workspace_id) as conversations
        from new_rows
        group by workspace_id, conversation_id) g
      order by workspace_id, case when conversations > 20 then null else conversation_id end) b));
  return null;
end;
$$;

create or replace function realtime_notifications_notify() returns trigger language plpgsql as $$
begin
  perform realtime_emit(array(
    select jsonb_build_object('t', 'notification', 'w', workspace_id::text,
        'u', user_id::text, 'n', max(id)::text)::text
    from new_rows
    group by workspace_id, user_id));
  return null;
end;
$$;

-- A session that ends (logout, password change, deactivation, purge) closes its sockets.
create or replace function realtime_sessions_notify() returns trigger language plpgsql as $$
begin
  if (select count(*) from old_rows) > 50 then
    perform realtime_emit(array['{"t":"session_check"}']);
  else
    perform realtime_emit(array(
      select jsonb_build_object('t', 'session_end', 's', left(id, 16))::text from old_rows));
  end if;
  return null;
end;
$$;
