-- Client search corrects a misspelt word against the words clients' names are made
-- of, then looks the corrected words up like words spelt right (ADR 0013). The
-- trigram pass over whole names cost a heap read and a similarity per candidate
-- name: every "Mateo …" for "Mateox", a thousand rows for one query.
--
-- One row per distinct word of the live and past names of a workspace (folded, as
-- search_name is; digits-only words left out: nobody misspells a number in a name).
-- A word is never removed: a word no client has any more finds nobody. No unique
-- constraint: two transactions adding the same new word at once each add it (the
-- search reads words distinct), rather than one waiting for the other's commit, or
-- two batches of new clients deadlocking on each other's words.
create table client_name_words (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  word text not null
);
create index client_name_words_word_idx on client_name_words (workspace_id, word);
create index client_name_words_trgm_idx on client_name_words using gin (word gin_trgm_ops)
  with (fastupdate = off);

create function add_client_name_words() returns trigger
  language plpgsql
  as $$
  begin
    insert into client_name_words (workspace_id, word)
    select distinct a.workspace_id, w.word
    from added a, unnest(tsvector_to_array(to_tsvector('simple', a.search_name))) as w(word)
    where w.word !~ '^[0-9]+$'
      and not exists (
        select from client_name_words d where d.workspace_id = a.workspace_id and d.word = w.word
      );
    return null;
  end $$;

-- Once per statement: a batch of new senders adds its words in one insert.
create trigger clients_name_words_insert after insert on clients
  referencing new table as added for each statement execute function add_client_name_words();
create trigger clients_name_words_update after update on clients
  referencing new table as added for each statement execute function add_client_name_words();

insert into client_name_words (workspace_id, word)
select distinct c.workspace_id, w.word
from clients c, unnest(tsvector_to_array(to_tsvector('simple', c.search_name))) as w(word)
where w.word !~ '^[0-9]+$';

-- The search indexes of clients are read by every search and written once per new
-- client: new entries go straight into them. With the default pending list (up to
-- 4 MB, merged by vacuum), every search scanned up to 40,000 pending entries first:
-- 11 ms of a 12 ms word lookup at 300k clients (docs/benchmarks.md).
alter index clients_search_words_idx set (fastupdate = off);
alter index clients_search_name_trgm_idx set (fastupdate = off);
alter index client_identities_value_trgm_idx set (fastupdate = off);
alter index client_identities_email_local_trgm_idx set (fastupdate = off);
select gin_clean_pending_list('clients_search_words_idx'::regclass);
select gin_clean_pending_list('clients_search_name_trgm_idx'::regclass);
select gin_clean_pending_list('client_identities_value_trgm_idx'::regclass);
select gin_clean_pending_list('client_identities_email_local_trgm_idx'::regclass);

-- Nothing searches lower(name) since 0002 (search_name replaced it); every new client
-- still paid for its trigrams.
drop index clients_name_trgm_idx;
