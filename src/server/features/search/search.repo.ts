import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ConversationStatus, DB, KnowledgeState } from '../../db/schema.ts';
import type { SearchType } from '../../../shared/api/search.ts';
import {
  matchConversations,
  matchMessages,
  matchUnion,
  timeFilters,
  type SearchFilters,
} from './search-matches.repo.ts';
import {
  CONFIG_LANGUAGES,
  SEARCH_CONFIGS,
  type ConfigQuery,
  type SearchConfig,
} from './search-query.ts';

export type { SearchFilters } from './search-matches.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** How types follow each other among results of equal score (the cursor's tie-break). */
export const TYPE_ORDER: Record<SearchType, number> = {
  conversation: 0,
  message: 1,
  client: 2,
  article: 3,
};

/** Where the previous page ended: its last item's score (6 decimals, as text), type and id. */
export interface SearchAfter {
  score: string;
  type: SearchType;
  id: string;
}

export interface TextSearch {
  /** One query per configuration whose documents can match (search-query.ts). */
  queries: ConfigQuery[];
  filters: SearchFilters;
  after?: SearchAfter;
  /** Rows wanted: the page's size + 1. */
  rows: number;
  /** ts_headline options (markers and fragment sizes) for the snippet. */
  headline: string;
}

// Article versions carry their vectors (0023), so ranking them is cheap; a
// knowledge base is hundreds of articles in six languages, not millions.
const ARTICLE_MATCH_CAP = 3000;

// ts_rank_cd's weights, {D, C, B, A}. Subjects are titles (words without a
// weight are D); a message body counts as an article's body (C); articles'
// own title (A), meta description (B) and body (C) keep the defaults.
const SUBJECT_WEIGHTS = sql.lit('{1.0, 0.2, 0.4, 1.0}');
const BODY_WEIGHTS = sql.lit('{0.2, 0.2, 0.4, 1.0}');
const ARTICLE_WEIGHTS = sql.lit('{0.1, 0.2, 0.4, 1.0}');
// rank / (rank + 1): every score falls in 0..1 whatever the text's length,
// so scores of different types can be merged.
const NORMALIZATION = sql.lit(32);
// A match by a stem's shorter prefix only (stemPrefix) counts this much.
const BROAD_SHARE = sql.lit(0.25);

const config = (c: SearchConfig) => sql`${sql.lit(c)}::regconfig`;

/** The query of a document's own configuration (null for one without a query: it never matched). */
function querySql(configOf: RawBuilder<unknown>, queries: ConfigQuery[], kind: 'strict' | 'broad') {
  return sql`(case ${configOf} ${sql.join(
    queries.map((q) => sql`when ${config(q.config)} then ${q[kind]}::tsquery`),
    sql` `,
  )} end)`;
}

/** The score of a document (0..1, 6 decimals): exact stems first, shorter prefixes less. */
function scoreSql(
  weights: RawBuilder<unknown>,
  vector: RawBuilder<unknown>,
  configOf: RawBuilder<unknown>,
  queries: ConfigQuery[],
) {
  const strict = querySql(configOf, queries, 'strict');
  const broad = querySql(configOf, queries, 'broad');
  return sql<string>`round((
    ts_rank_cd(${weights}::float4[], ${vector}, ${strict}, ${NORMALIZATION})
    + ${BROAD_SHARE} * ts_rank_cd(${weights}::float4[], ${vector}, ${broad}, ${NORMALIZATION})
  )::numeric / (1 + ${BROAD_SHARE}), 6)`;
}

/**
 * After the previous page's last item, in the order (score desc, type,
 * id asc): a type before the cursor's takes only lower scores, the
 * cursor's own type lower scores or the same score and a greater id, a
 * later type the same score or lower.
 */
function afterSql(type: SearchType, after: SearchAfter | undefined) {
  if (!after) return sql<boolean>`true`;
  const score = sql`${after.score}::numeric`;
  if (TYPE_ORDER[type] < TYPE_ORDER[after.type]) return sql<boolean>`r.score < ${score}`;
  if (TYPE_ORDER[type] > TYPE_ORDER[after.type]) return sql<boolean>`r.score <= ${score}`;
  return sql<boolean>`(r.score < ${score} or (r.score = ${score} and r.id > ${after.id}::bigint))`;
}

interface ConversationHit {
  id: string;
  number: number;
  subject: string;
  status: ConversationStatus;
  language: string | null;
  client_id: string;
  client_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  updated_at: Date;
  score: string;
  snippet_marked: string;
}

/** The configuration a conversation's or message's text is indexed with (language_ts_config; null: simple). */
const textConfig = (alias: string) =>
  sql`language_ts_config(coalesce(${sql.ref(`${alias}.language`)}, ''))`;

/**
 * Conversations whose subject holds the words (or, with `number`, the
 * conversation of that number, scored 1), best first, after the cursor.
 */
export async function searchConversations(
  db: Db,
  workspaceId: string,
  s: TextSearch & { number?: number; numberOnly?: boolean },
): Promise<ConversationHit[]> {
  const queries = s.numberOnly ? [] : s.queries;
  const ids = await matchConversations(db, workspaceId, s);
  if (ids.length === 0) return [];
  const score = queries.length
    ? scoreSql(SUBJECT_WEIGHTS, sql`v.vec`, textConfig('v'), queries)
    : sql<string>`0`;
  const snippet = queries.length
    ? sql<string>`ts_headline(${textConfig('r')}, r.subject, ${querySql(textConfig('r'), queries, 'broad')}, ${s.headline})`
    : sql<string>`r.subject`;
  const result = await sql<ConversationHit>`
    with vectors as materialized (
      select c.id, c.number, c.subject, c.status, c.language, c.client_id, c.assignee_id, c.updated_at,
        to_tsvector(${textConfig('c')}, c.subject) as vec
      from conversations c
      where c.workspace_id = ${workspaceId} and c.id = any(${sql.val(ids)}::bigint[])
    ), ranked as materialized (
      select v.id, v.number, v.subject, v.status, v.language, v.client_id, v.assignee_id, v.updated_at,
        case when v.number = ${s.number ?? null}::integer then 1::numeric else ${score} end as score
      from vectors v
    )
    select r.id, r.number, r.subject, r.status, r.language, r.client_id, cl.name as client_name,
      r.assignee_id, u.name as assignee_name, r.updated_at, r.score::text as score,
      ${snippet} as snippet_marked
    from (select * from ranked r where ${afterSql('conversation', s.after)}
          order by r.score desc, r.id limit ${s.rows}) r
    join clients cl on cl.workspace_id = ${workspaceId} and cl.id = r.client_id
    left join users u on u.workspace_id = ${workspaceId} and u.id = r.assignee_id
    order by r.score desc, r.id`.execute(db);
  return result.rows;
}

interface MessageHit {
  id: string;
  conversation_id: string;
  conversation_number: number;
  subject: string;
  direction: 'inbound' | 'outbound' | 'note';
  status: ConversationStatus;
  language: string | null;
  client_id: string;
  client_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: Date;
  score: string;
  snippet_marked: string;
}

/** Messages (notes too) whose body holds the words, best first, after the cursor. */
export async function searchMessages(
  db: Db,
  workspaceId: string,
  s: TextSearch,
): Promise<MessageHit[]> {
  const ids = await matchMessages(db, workspaceId, s);
  if (ids.length === 0) return [];
  const result = await sql<MessageHit>`
    with vectors as materialized (
      select m.id, m.conversation_id, m.direction, m.language, m.body_text, m.created_at,
        to_tsvector(${textConfig('m')}, m.body_text) as vec
      from messages m
      where m.workspace_id = ${workspaceId} and m.id = any(${sql.val(ids)}::bigint[])
    ), ranked as materialized (
      select v.id, v.conversation_id, v.direction, v.language, v.body_text, v.created_at,
        ${scoreSql(BODY_WEIGHTS, sql`v.vec`, textConfig('v'), s.queries)} as score
      from vectors v
    )
    select r.id, r.conversation_id, c.number as conversation_number, c.subject, r.direction,
      c.status, r.language, c.client_id, cl.name as client_name, c.assignee_id,
      u.name as assignee_name, r.created_at, r.score::text as score,
      ts_headline(${textConfig('r')}, r.body_text, ${querySql(textConfig('r'), s.queries, 'broad')}, ${s.headline}) as snippet_marked
    from (select * from ranked r where ${afterSql('message', s.after)}
          order by r.score desc, r.id limit ${s.rows}) r
    join conversations c on c.workspace_id = ${workspaceId} and c.id = r.conversation_id
    join clients cl on cl.workspace_id = ${workspaceId} and cl.id = c.client_id
    left join users u on u.workspace_id = ${workspaceId} and u.id = c.assignee_id
    order by r.score desc, r.id`.execute(db);
  return result.rows;
}

interface ArticleHit {
  id: string;
  slug: string;
  visibility: 'public' | 'internal';
  language: string;
  title: string;
  state: KnowledgeState;
  updated_at: Date;
  score: string;
  snippet_marked: string;
}

/**
 * Articles (internal ones and drafts too) with a language version holding
 * the words, each once with its best version, best first, after the cursor.
 */
export async function searchArticles(
  db: Db,
  workspaceId: string,
  s: TextSearch,
): Promise<ArticleHit[]> {
  const states = s.filters.states ? sql`v.state in (${sql.join(s.filters.states)})` : sql`true`;
  const matches = matchUnion(
    s.queries,
    (q) => sql`select v.article_id as id, v.language, v.title, v.state, v.body_text,
        v.search_vector, v.updated_at
      from knowledge_article_versions v
      where v.workspace_id = ${workspaceId} and ${states}
        and ${timeFilters(s.filters, sql`v.updated_at`)}
        and v.language in (${sql.join(CONFIG_LANGUAGES[q.config].filter((c) => c !== null).map((c) => sql.lit(c)))})
        and v.search_vector @@ ${q.match}::tsquery`,
  );
  const rQuery = querySql(sql`language_ts_config(r.language)`, s.queries, 'broad');
  const result = await sql<ArticleHit>`
    with matched as materialized (
      select * from (${matches}) u order by u.id desc, u.language limit ${ARTICLE_MATCH_CAP}
    ), best as (
      -- One item per article: its best-scoring version (ties: by language code).
      select distinct on (m.id) m.id, m.language, m.title, m.state, m.body_text, m.updated_at,
        ${scoreSql(ARTICLE_WEIGHTS, sql`m.search_vector`, sql`language_ts_config(m.language)`, s.queries)} as score
      from matched m
      order by m.id, score desc, m.language
    )
    select r.id, a.slug, a.visibility, r.language, r.title, r.state, r.updated_at,
      r.score::text as score,
      ts_headline(language_ts_config(r.language), r.body_text, ${rQuery}, ${s.headline}) as snippet_marked
    from (select * from best r where ${afterSql('article', s.after)}
          order by r.score desc, r.id limit ${s.rows}) r
    join knowledge_articles a on a.workspace_id = ${workspaceId} and a.id = r.id
    order by r.score desc, r.id`.execute(db);
  return result.rows;
}

/**
 * Settings for a search's transaction (local to it). Bitmaps of the word
 * indexes' answers stay exact: over work_mem they become lossy, and each row
 * of a lossy page is checked by parsing its text again (a common word over
 * ten million messages needs about 20 MB). No parallel workers: starting
 * them costs more than the window queries take. And no JIT compiling: a
 * window query over a range of a million messages is estimated above
 * jit_above_cost, and compiling it took 20 ms of a statement of 60.
 */
export async function tuneSearchTransaction(db: Db) {
  await sql`select set_config('work_mem', '64MB', true),
    set_config('max_parallel_workers_per_gather', '0', true),
    set_config('jit', 'off', true)`.execute(db);
}

/**
 * The lexemes of each word in each configuration (stop words have none), as
 * the documents were indexed: the stems come from the database's dictionaries.
 */
export async function stemWords(db: Db, words: string[]) {
  const result = await sql<{ config: SearchConfig; i: number; lexemes: string[] }>`
    select c.config, w.i::int as i,
      tsvector_to_array(to_tsvector(c.config::regconfig, w.word)) as lexemes
    from unnest(${sql.val(SEARCH_CONFIGS)}::text[]) as c(config)
    cross join unnest(${sql.val(words)}::text[]) with ordinality as w(word, i)
    order by c.config, w.i`.execute(db);
  const byConfig: Partial<Record<SearchConfig, string[][]>> = {};
  for (const row of result.rows) {
    (byConfig[row.config] ??= [])[row.i - 1] = row.lexemes;
  }
  return byConfig;
}
