-- Client search folds accents and Kazakh letters away, so "Kovacs Arpad" finds
-- "Kovács Árpád" and "Нурсултанов" finds "Нұрсұлтанов": people type names without
-- the diacritics or on a Russian keyboard. translate() keeps the function
-- immutable (indexable) and needs no extension, so PGlite and PostgreSQL agree.
create function search_fold(t text) returns text
  language sql immutable parallel safe strict
  as $$ select translate(
    lower(t),
    'áàâäãåāăąçćčďéèêëēęěğíìîïīłñńňóòôöõőøōřşșšśţțťúùûüűūůýÿžźżёәғқңөұүһійьъ',
    'aaaaaaaaacccdeeeeeeegiiiiilnnnoooooooorsssstttuuuuuuuyyzzzеагкноуухии'
  ) $$;

-- The folded name is stored: search rechecks and scores thousands of candidate
-- rows, and folding each again would triple the cost.
alter table clients add column search_name text generated always as (search_fold(name)) stored;

-- Typo-tolerant name search (word_similarity, the <% operator) over live clients.
create index clients_search_name_trgm_idx on clients using gin (search_name gin_trgm_ops)
  where deleted_at is null;
