-- Knowledge base: categories, articles with one version per language
-- (draft or published), the revisions of every save, and "was this helpful?"
-- votes. Agents read everything; the public FAQ and the customer portal read
-- public, published versions only.
--
-- Text-search configurations, checked with `select cfgname from pg_ts_config`
-- (2026-11): english, spanish, hungarian, romanian, russian and simple exist on
-- PGlite 0.5.16 (PostgreSQL 18.6) and on Debian's PostgreSQL 15.20. On both,
-- romanian_stem has no stop-word list (its dictionary is "language = 'romanian'"
-- only), so Romanian words like "și" are indexed; Kazakh has no stemmer
-- anywhere and uses simple (lower-cased words, no stemming).

-- The text-search configuration of a language code. Immutable, so generated
-- columns and indexes may use it; the unified search indexes other documents
-- with the same function, so an article and a message of one language agree.
create function language_ts_config(language text) returns regconfig
  language sql immutable parallel safe strict
  as $$ select case language
    when 'en' then 'english'::regconfig
    when 'es' then 'spanish'::regconfig
    when 'hu' then 'hungarian'::regconfig
    when 'ro' then 'romanian'::regconfig
    when 'ru' then 'russian'::regconfig
    else 'simple'::regconfig
  end $$;

create table knowledge_categories (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index knowledge_categories_slug_uq on knowledge_categories (workspace_id, slug);
create index knowledge_categories_position_idx on knowledge_categories (workspace_id, position, id);

-- A category's name and description in each language it is written in.
create table knowledge_category_translations (
  workspace_id bigint not null,
  category_id bigint not null,
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  name text not null,
  description text not null default '',
  primary key (workspace_id, category_id, language),
  foreign key (workspace_id, category_id) references knowledge_categories (workspace_id, id) on delete cascade
);

create table knowledge_articles (
  workspace_id bigint not null references workspaces (id) on delete cascade,
  id bigint generated always as identity,
  -- A category with articles cannot be deleted: move or delete them first.
  category_id bigint not null,
  visibility text not null check (visibility in ('public', 'internal')),
  position integer not null default 0,
  -- One slug for every language of the article: /faq/<lang>/<slug> pairs the
  -- language versions (hreflang) without a table of localised slugs.
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, category_id) references knowledge_categories (workspace_id, id),
  foreign key (workspace_id, created_by) references users (workspace_id, id) on delete set null (created_by)
);
create unique index knowledge_articles_slug_uq on knowledge_articles (workspace_id, slug);
-- The article list in its two orders (by position within a category, recently
-- changed first), with and without a category filter.
create index knowledge_articles_category_idx on knowledge_articles (workspace_id, category_id, position, id);
create index knowledge_articles_position_idx on knowledge_articles (workspace_id, position, id);
create index knowledge_articles_updated_idx on knowledge_articles (workspace_id, updated_at desc, id desc);
create index knowledge_articles_created_by_idx on knowledge_articles (workspace_id, created_by) where created_by is not null;

-- One row per language of an article: what is saved now and whether it is
-- published. body_html is rendered from body_markdown and sanitised on the
-- server at every save; body_text is its plain text (search, snippets).
create table knowledge_article_versions (
  workspace_id bigint not null,
  article_id bigint not null,
  language text not null check (language in ('en', 'es', 'hu', 'ro', 'kk', 'ru')),
  title text not null,
  body_markdown text not null,
  body_html text not null,
  body_text text not null,
  meta_description text not null default '',
  state text not null check (state in ('draft', 'published')),
  published_at timestamptz,
  -- The newest revision of this version (no foreign key: revisions point here).
  revision_id bigint,
  updated_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Title first, then the meta description, then the body, each stemmed with
  -- the configuration of the version's language.
  search_vector tsvector generated always as (
    setweight(to_tsvector(language_ts_config(language), title), 'A') ||
    setweight(to_tsvector(language_ts_config(language), meta_description), 'B') ||
    setweight(to_tsvector(language_ts_config(language), body_text), 'C')
  ) stored,
  primary key (workspace_id, article_id, language),
  check ((state = 'published') = (published_at is not null)),
  foreign key (workspace_id, article_id) references knowledge_articles (workspace_id, id) on delete cascade,
  foreign key (workspace_id, updated_by) references users (workspace_id, id) on delete set null (updated_by)
);
create index knowledge_article_versions_search_idx on knowledge_article_versions using gin (search_vector);
-- Filters by language and state (the public FAQ: published versions of a language).
create index knowledge_article_versions_language_idx on knowledge_article_versions (workspace_id, language, state, article_id);
create index knowledge_article_versions_updated_by_idx on knowledge_article_versions (workspace_id, updated_by) where updated_by is not null;

-- Every save of a language version keeps a row; restoring one saves it again
-- as a new revision, so history is never rewritten.
create table knowledge_article_revisions (
  workspace_id bigint not null,
  id bigint generated always as identity,
  article_id bigint not null,
  language text not null,
  title text not null,
  body_markdown text not null,
  meta_description text not null default '',
  state text not null check (state in ('draft', 'published')),
  -- The revision this one restored, when it is a restore.
  restored_from_id bigint,
  author_id bigint,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, article_id, language)
    references knowledge_article_versions (workspace_id, article_id, language) on delete cascade,
  foreign key (workspace_id, author_id) references users (workspace_id, id) on delete set null (author_id)
);
create index knowledge_article_revisions_version_idx on knowledge_article_revisions (workspace_id, article_id, language, id desc);
create index knowledge_article_revisions_author_idx on knowledge_article_revisions (workspace_id, author_id) where author_id is not null;

-- "Was this helpful?": one vote per voter and language version; voting again
-- changes the vote. voter_key is 'c:<client id>' for a known client or
-- 'a:<sha-256 of a fingerprint>' for an anonymous reader (no address stored).
create table knowledge_votes (
  workspace_id bigint not null,
  id bigint generated always as identity,
  article_id bigint not null,
  language text not null,
  helpful boolean not null,
  comment text,
  voter_key text not null check (voter_key ~ '^(c:[0-9]+|a:[0-9a-f]{64})$'),
  client_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check ((client_id is not null) = (voter_key like 'c:%')),
  foreign key (workspace_id, article_id, language)
    references knowledge_article_versions (workspace_id, article_id, language) on delete cascade,
  foreign key (workspace_id, client_id) references clients (workspace_id, id) on delete cascade
);
create unique index knowledge_votes_voter_uq on knowledge_votes (workspace_id, article_id, language, voter_key);
create index knowledge_votes_article_idx on knowledge_votes (workspace_id, article_id, id desc);
create index knowledge_votes_language_idx on knowledge_votes (workspace_id, article_id, language, id desc);
create index knowledge_votes_comments_idx on knowledge_votes (workspace_id, article_id, language, id desc)
  where comment is not null;
create index knowledge_votes_client_idx on knowledge_votes (workspace_id, client_id) where client_id is not null;
