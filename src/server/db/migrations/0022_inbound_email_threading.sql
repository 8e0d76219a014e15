-- Inbound email threading: a client's reply whose In-Reply-To/References name
-- only the acknowledgement Rapport sent (an event, not a message) finds its
-- conversation through the acknowledgement's Message-ID.
create index email_acknowledgements_message_id_idx
  on email_acknowledgements (workspace_id, message_id_header)
  where message_id_header is not null;
