-- One search for agents (GET /api/v1/search) over conversations, messages,
-- clients and articles. Clients are found through the trigram and word
-- indexes of 0002/0006; articles through knowledge_article_versions'
-- search_vector (0023). This adds the language of conversations and messages
-- and their language-aware word indexes.

-- The language a conversation (its subject and first message) or a message
-- is written in, detected by the app when it is stored (detectLanguage,
-- src/shared/coach/detect.ts); null when the text tells nothing (a bare
-- "OK", a number). It picks the text-search configuration the words are
-- stemmed with, so "rendelésemet" is indexed as "rendelés".
alter table conversations add column language text
  check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru'));
alter table messages add column language text
  check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru'));

-- What was stored before detection existed: the client's language, when it is
-- one of ours, is the best guess there is (a wrong guess still finds the
-- words as written, as simple would).
update conversations c set language = cl.language
from clients cl
where cl.workspace_id = c.workspace_id and cl.id = c.client_id
  and cl.language in ('en', 'es', 'hu', 'ro', 'kk', 'ru');
update messages m set language = c.language
from conversations c
where c.workspace_id = m.workspace_id and c.id = m.conversation_id and c.language is not null;

-- The words of a subject and of a message body, each stemmed with the
-- configuration of its language, language_ts_config(language) (0023): one
-- partial index per configuration, so a search asks each configuration's
-- index for its own stems and finds only texts of its languages (a prefix
-- like 'kedvezm':* would otherwise be looked up six times among the same
-- Hungarian texts). A text of no known language is indexed with simple, as
-- Kazakh is. Queries repeat an index's expression and predicate exactly, or
-- it is not used (search.repo.ts). Expression indexes rather than stored
-- vectors: messages are the largest table, and a search parses again only the
-- matches it ranks (at most 500 of each type).
create index conversations_search_en_idx on conversations
  using gin (to_tsvector('english', subject)) where language = 'en';
create index conversations_search_es_idx on conversations
  using gin (to_tsvector('spanish', subject)) where language = 'es';
create index conversations_search_hu_idx on conversations
  using gin (to_tsvector('hungarian', subject)) where language = 'hu';
create index conversations_search_ro_idx on conversations
  using gin (to_tsvector('romanian', subject)) where language = 'ro';
create index conversations_search_ru_idx on conversations
  using gin (to_tsvector('russian', subject)) where language = 'ru';
create index conversations_search_simple_idx on conversations
  using gin (to_tsvector('simple', subject)) where language = 'kk' or language is null;

create index messages_search_en_idx on messages
  using gin (to_tsvector('english', body_text)) where language = 'en';
create index messages_search_es_idx on messages
  using gin (to_tsvector('spanish', body_text)) where language = 'es';
create index messages_search_hu_idx on messages
  using gin (to_tsvector('hungarian', body_text)) where language = 'hu';
create index messages_search_ro_idx on messages
  using gin (to_tsvector('romanian', body_text)) where language = 'ro';
create index messages_search_ru_idx on messages
  using gin (to_tsvector('russian', body_text)) where language = 'ru';
create index messages_search_simple_idx on messages
  using gin (to_tsvector('simple', body_text)) where language = 'kk' or language is null;
