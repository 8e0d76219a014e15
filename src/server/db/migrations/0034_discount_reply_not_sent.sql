-- Why an approved request's waiting reply was not sent when it was approved
-- (the conversation closed meanwhile, the reply coach now blocks it, it
-- promises more than approved, the requester left), so the requester sees
-- why beside the reply they send again. Null: sent, or no reply waited.
alter table discount_requests add column reply_not_sent text
  check (reply_not_sent in ('conversation_closed', 'coach_blocked', 'exceeds_approval',
    'requester_inactive'));
