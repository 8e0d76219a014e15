-- The word indexes of conversations and messages (0030), split by ranges of
-- ids inside each index (ADR 0010). A GIN index answers a word with every row
-- holding it, in no order: over ten million messages a common word is
-- 450,000 entries, 70–400 ms to read before search keeps the newest 500.
-- Search looks for the newest matches range by range of ids, newest first
-- (search-matches.repo.ts); with each word indexed under its range's name
-- ("r9:comand"), a look-up in one range reads only that range's entries: a
-- tenth of them at ten million messages. Still one index per configuration
-- and table, built by one pass over the table: partial indexes per range
-- would each read the whole table to build, as data grows.

-- The words of a text stemmed with a configuration, each under its range's
-- name: 'r' || range || ':' || lexeme. Positions are dropped: search ranks
-- what it found by parsing the text again.
create function ranged_tsvector(config regconfig, body text, k bigint) returns tsvector
  language sql immutable parallel safe strict
  as $$ select array_to_tsvector(array(
    select 'r' || k || ':' || lexeme from unnest(tsvector_to_array(to_tsvector(config, body))) lexeme)) $$;

drop index conversations_search_en_idx;
drop index conversations_search_es_idx;
drop index conversations_search_hu_idx;
drop index conversations_search_ro_idx;
drop index conversations_search_ru_idx;
drop index conversations_search_simple_idx;
drop index messages_search_en_idx;
drop index messages_search_es_idx;
drop index messages_search_hu_idx;
drop index messages_search_ro_idx;
drop index messages_search_ru_idx;
drop index messages_search_simple_idx;

-- GIN builds go faster with more memory to gather entries in (this migration only).
set local maintenance_work_mem = '128MB';

-- Range k holds the ids above k × size and up to (k + 1) × size: 250,000
-- conversations, 1,000,000 messages, about the same span of time
-- (search-ranges.ts has the same sizes; queries repeat these expressions).
create index conversations_search_en_idx on conversations
  using gin (ranged_tsvector('english', subject, (id - 1) / 250000)) where language = 'en';
create index conversations_search_es_idx on conversations
  using gin (ranged_tsvector('spanish', subject, (id - 1) / 250000)) where language = 'es';
create index conversations_search_hu_idx on conversations
  using gin (ranged_tsvector('hungarian', subject, (id - 1) / 250000)) where language = 'hu';
create index conversations_search_ro_idx on conversations
  using gin (ranged_tsvector('romanian', subject, (id - 1) / 250000)) where language = 'ro';
create index conversations_search_ru_idx on conversations
  using gin (ranged_tsvector('russian', subject, (id - 1) / 250000)) where language = 'ru';
create index conversations_search_simple_idx on conversations
  using gin (ranged_tsvector('simple', subject, (id - 1) / 250000)) where language = 'kk' or language is null;

create index messages_search_en_idx on messages
  using gin (ranged_tsvector('english', body_text, (id - 1) / 1000000)) where language = 'en';
create index messages_search_es_idx on messages
  using gin (ranged_tsvector('spanish', body_text, (id - 1) / 1000000)) where language = 'es';
create index messages_search_hu_idx on messages
  using gin (ranged_tsvector('hungarian', body_text, (id - 1) / 1000000)) where language = 'hu';
create index messages_search_ro_idx on messages
  using gin (ranged_tsvector('romanian', body_text, (id - 1) / 1000000)) where language = 'ro';
create index messages_search_ru_idx on messages
  using gin (ranged_tsvector('russian', body_text, (id - 1) / 1000000)) where language = 'ru';
create index messages_search_simple_idx on messages
  using gin (ranged_tsvector('simple', body_text, (id - 1) / 1000000)) where language = 'kk' or language is null;
