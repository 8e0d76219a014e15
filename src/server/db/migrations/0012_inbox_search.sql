-- The inbox search box matches the words of a conversation's subject as typed
-- prefixes ("refund del" finds "Refund delayed"), folded like client names
-- (search_fold, 0002_client_search.sql) so accents and Kazakh letters do not
-- matter. The words are stored: when a search matches many conversations the
-- planner walks the inbox's own indexes and tests each row, and folding and
-- parsing every subject again there cost ten times more than reading them.
-- Word lookups through the index are exact: a rare word costs only what it finds.
-- Numbers and clients are found through the existing (workspace_id, number)
-- and (workspace_id, client_id, ...) indexes.
alter table conversations add column subject_words tsvector
  generated always as (to_tsvector('simple', search_fold(subject))) stored;
create index conversations_subject_words_idx on conversations using gin (subject_words);
