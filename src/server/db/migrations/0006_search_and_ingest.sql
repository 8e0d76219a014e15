-- Client search first looks for names whose words start with the words typed
-- ("kovacs arpad" -> kovacs:* & arpad:*). The trigram index alone answers that
-- slowly where many clients share a word: its candidates are approximate, and
-- a misspelt "Иванва" made it recheck every "Иванова" (25,000 at 500k clients)
-- to find none. Word lookups here are exact, so they cost only what they find.
create index clients_search_words_idx on clients
  using gin (to_tsvector('simple', search_name)) where deleted_at is null;

-- A mistyped email is picked by its local part ("clinet778@…"), so only local
-- parts are indexed for it: a smaller index, and a cheaper recheck of each
-- candidate than matching the whole address.
create index client_identities_email_local_trgm_idx on client_identities
  using gin (split_part(value, '@', 1) gin_trgm_ops) where kind = 'email';

-- A conversation is inserted with a draft number (negative, from this sequence)
-- and takes the workspace's next number just before commit: taking it holds the
-- workspace row lock to the commit, which serialises opening conversations, so
-- the lock is taken as late as possible. Drafts only have to differ between
-- transactions in flight at once; the sequence may wrap around.
create sequence conversation_draft_number_seq as integer cycle;
