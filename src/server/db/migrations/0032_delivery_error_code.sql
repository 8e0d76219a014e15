-- Why a reply was not sent, as a code the agent app words in the agent's own
-- language (delivery_error keeps the server's or provider's own words, for the
-- admin who has to fix it). Null while nothing failed.
alter table messages add column delivery_error_code text
  check (delivery_error_code in ('no_mailbox', 'no_email_address', 'no_phone_number',
    'no_sms_provider', 'empty_message', 'channel_unsupported', 'server_unreachable',
    'auth_failed', 'refused', 'provider_error', 'not_delivered', 'other'));
