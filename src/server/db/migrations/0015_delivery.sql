-- Outbound delivery: an agent's reply on email or SMS is queued (delivery_state
-- 'queued') and sent by the message.deliver job. Why the last attempt failed,
-- and when the state last changed, are shown beside the message.
alter table messages add column delivery_error text;
alter table messages add column delivery_updated_at timestamptz;
