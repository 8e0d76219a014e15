-- A reply's delivery state (queued -> sent -> delivered, or failed) changes after
-- the agent sent it, in the message.deliver job or a provider's status callback.
-- Announced like a new message, as its own payload type ('message_state'), so the
-- agents' apps refetch that conversation's messages (and nothing else: no counts,
-- no push to chat visitors, who already have the message).
create function realtime_delivery_state_notify() returns trigger language plpgsql as $$
begin
  perform realtime_emit(array(
    select case
      when count(*) over (partition by workspace_id) > 20 then
        jsonb_build_object('t', 'resync', 'w', workspace_id::text)::text
      else jsonb_build_object('t', 'message_state', 'w', workspace_id::text,
        'c', conversation_id::text, 'm', message_id::text)::text
      end
    from (
      select n.workspace_id, n.conversation_id, max(n.id) as message_id
      from new_rows n join old_rows o on o.workspace_id = n.workspace_id and o.id = n.id
      where n.delivery_state is distinct from o.delivery_state
      group by n.workspace_id, n.conversation_id) g));
  return null;
end;
$$;

create trigger messages_delivery_state_realtime after update on messages
  referencing new table as new_rows old table as old_rows
  for each statement execute function realtime_delivery_state_notify();
