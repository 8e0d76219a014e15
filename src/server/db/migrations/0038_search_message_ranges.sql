-- The word indexes of messages with ranges of 100,000 ids instead of
-- 1,000,000 (0033, ADR 0019). A look-up within a range reads all of that
-- range's entries for the word, and for a common word that was the cost of a
-- search: at ten million messages, "заказ" is 75,261 entries in its range of
-- a million, read to keep the newest 500 (170 ms of a 185 ms statement on a
-- loaded machine), against 7,168 in a range of 100,000 (3.6 ms). Rare words,
-- whose look-ups cover many ranges, ask for whole ranges in one statement
-- (search-matches.repo.ts), so more ranges cost entries, not statements.
-- Conversations keep their ranges of 250,000: subjects are short and a
-- range's entries of a common word are a tenth as many.

drop index messages_search_en_idx;
drop index messages_search_es_idx;
drop index messages_search_hu_idx;
drop index messages_search_ro_idx;
drop index messages_search_ru_idx;
drop index messages_search_simple_idx;

-- GIN builds go faster with more memory to gather entries in (this migration only).
set local maintenance_work_mem = '128MB';

-- Range k holds the ids above k × 100,000 and up to (k + 1) × 100,000
-- (search-ranges.ts has the same size; queries repeat these expressions).
create index messages_search_en_idx on messages
  using gin (ranged_tsvector('english', body_text, (id - 1) / 100000)) where language = 'en';
create index messages_search_es_idx on messages
  using gin (ranged_tsvector('spanish', body_text, (id - 1) / 100000)) where language = 'es';
create index messages_search_hu_idx on messages
  using gin (ranged_tsvector('hungarian', body_text, (id - 1) / 100000)) where language = 'hu';
create index messages_search_ro_idx on messages
  using gin (ranged_tsvector('romanian', body_text, (id - 1) / 100000)) where language = 'ro';
create index messages_search_ru_idx on messages
  using gin (ranged_tsvector('russian', body_text, (id - 1) / 100000)) where language = 'ru';
create index messages_search_simple_idx on messages
  using gin (ranged_tsvector('simple', body_text, (id - 1) / 100000)) where language = 'kk' or language is null;
