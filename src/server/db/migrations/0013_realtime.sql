-- Realtime: what changed is announced on the channel rapport_realtime by triggers,
-- so every write path (services, ingestion, the SLA sweep's set-based SQL) is
-- covered and a payload is delivered only if, and when, its transaction commits
-- (NOTIFY is transactional). See docs/adr/0004-realtime.md.
--
-- Payloads carry ids, never bodies (pg_notify's limit is 8000 bytes; clients
-- refetch through the API, which checks permissions). Statement-level triggers
-- with transition tables send one payload per workspace (or per conversation,
-- per user) and statement, and a bulk statement touching many conversations
-- sends one "resync" instead of thousands of payloads.
--   {"t":"change","w":ws,"c":[conversation ids],"n":[created ids],"cl":[client ids]}
--   {"t":"message","w":ws,"c":conversation,"m":newest message id}
--   {"t":"notification","w":ws,"u":user,"n":newest notification id}
--   {"t":"resync","w":ws}
--   {"t":"session_end","s":first 16 hex digits of the session id hash}
--   {"t":"session_check"}

create function realtime_events_notify() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select workspace_id,
           array_agg(distinct conversation_id::text) filter (where conversation_id is not null) as convs,
           array_agg(distinct conversation_id::text)
             filter (where conversation_id is not null and type = 'conversation.created') as created,
           array_agg(distinct client_id::text)
             filter (where client_id is not null and conversation_id is null) as clients
    from new_rows
    where conversation_id is not null or client_id is not null
    group by workspace_id
  loop
    if coalesce(cardinality(r.convs), 0) + coalesce(cardinality(r.clients), 0) > 20 then
      perform pg_notify('rapport_realtime',
        jsonb_build_object('t', 'resync', 'w', r.workspace_id::text)::text);
    else
      perform pg_notify('rapport_realtime', jsonb_build_object(
        't', 'change', 'w', r.workspace_id::text,
        'c', coalesce(r.convs, '{}'), 'n', coalesce(r.created, '{}'),
        'cl', coalesce(r.clients, '{}'))::text);
    end if;
  end loop;
  return null;
end;
$$;
create trigger events_realtime after insert on events
  referencing new table as new_rows
  for each statement execute function realtime_events_notify();

create function realtime_messages_notify() returns trigger language plpgsql as $$
declare
  r record;
  busy bigint[];
begin
  -- A workspace with more than 20 conversations in one statement (an import) gets one resync.
  select coalesce(array_agg(workspace_id), '{}') into busy from (
    select workspace_id from new_rows group by workspace_id
    having count(distinct conversation_id) > 20) b;
  for r in select unnest(busy) as workspace_id loop
    perform pg_notify('rapport_realtime',
      jsonb_build_object('t', 'resync', 'w', r.workspace_id::text)::text);
  end loop;
  for r in
    select workspace_id, conversation_id, max(id) as message_id
    from new_rows
    where workspace_id <> all (busy)
    group by workspace_id, conversation_id
  loop
    perform pg_notify('rapport_realtime', jsonb_build_object(
      't', 'message', 'w', r.workspace_id::text,
      'c', r.conversation_id::text, 'm', r.message_id::text)::text);
  end loop;
  return null;
end;
$$;
create trigger messages_realtime after insert on messages
  referencing new table as new_rows
  for each statement execute function realtime_messages_notify();

create function realtime_notifications_notify() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in
    select workspace_id, user_id, max(id) as notification_id
    from new_rows
    group by workspace_id, user_id
  loop
    perform pg_notify('rapport_realtime', jsonb_build_object(
      't', 'notification', 'w', r.workspace_id::text,
      'u', r.user_id::text, 'n', r.notification_id::text)::text);
  end loop;
  return null;
end;
$$;
create trigger notifications_realtime after insert on notifications
  referencing new table as new_rows
  for each statement execute function realtime_notifications_notify();

-- A session that ends (logout, password change, deactivation, purge) closes its sockets.
create function realtime_sessions_notify() returns trigger language plpgsql as $$
declare
  ended text;
begin
  if (select count(*) from old_rows) > 50 then
    perform pg_notify('rapport_realtime', '{"t":"session_check"}');
    return null;
  end if;
  for ended in select left(id, 16) from old_rows loop
    perform pg_notify('rapport_realtime',
      jsonb_build_object('t', 'session_end', 's', ended)::text);
  end loop;
  return null;
end;
$$;
create trigger sessions_realtime after delete on sessions
  referencing old table as old_rows
  for each statement execute function realtime_sessions_notify();
