// Which conversations and messages a search ranks: the newest MATCH_CAP that
// hold the words, found through the partial word indexes of 0030 window by
// window of ids, newest first. search.repo.ts then ranks them.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ConversationStatus, DB, KnowledgeState } from '../../db/schema.ts';
import { CONFIG_LANGUAGES, rangedMatch, type ConfigQuery } from './search-query.ts';
import { SEARCH_RANGE_SIZE, rangeFloor, rangeOf } from './search-ranges.ts';

type Db = Kysely<DB> | Transaction<DB>;

// At most this many matches of a type are ranked, the newest first: a word
// thousands of messages share would otherwise cost a parse and a rank of
// each. The set is the same for every page of a search, so pages neither
// repeat nor skip; an older match beyond it is found with more words or a
// date filter.
export const MATCH_CAP = 500;

// The newest matches are looked for among the newest ids first. A word index
// answers with every row holding the word, in no useful order: for a word a
// tenth of ten million messages share, reading each of its rows to keep the
// newest 500 costs seconds. Limited to a window of ids, the index's answer is
// intersected with the primary key's range (a BitmapAnd) and only the
// window's rows are read. A window that holds too few is followed by an
// older one, sized by how often the words occurred in the windows before, or
// after an empty one by the rest of its range. The word indexes themselves
// are split by ranges of ids (0033): a window within one range reads only
// that range's index entries, a tenth of a common word's at ten million.
//
// The planner does not know how common a word is: it ignores the statistics
// of partial indexes (0030's are), and estimates a query of several words as
// the product of its words' default shares. For two or three words that is
// so few rows that it reads every match and filters the window out of them,
// rather than intersect with the window. So the words reach the index as a
// sub-select (inConfigIndex): unknown when planning, they get the share of
// one word, and the window is intersected whatever the number of words. An
// AND of more words matches fewer rows: the first window grows with them.
const FIRST_WINDOW_IDS = 50_000;

/** The first window for queries of these words: FIRST_WINDOW_IDS for each word of the longest. */
function firstWindowFor(queries: ConfigQuery[]) {
  return FIRST_WINDOW_IDS * Math.max(1, ...queries.map((q) => q.match.split(' & ').length));
}

export interface SearchFilters {
  /** Conversations and messages: their conversation's status is one of these. */
  statuses?: ConversationStatus[];
  /** Articles: the matched language version is in one of these states. */
  states?: KnowledgeState[];
  /** Conversations and messages: their conversation's assignee. */
  assigneeId?: string;
  /** The time an item shows (updated_at; a message's sent time), from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
}

/** Ids above `above` and at most `atMost`, newest first, at most `limit`. */
type MatchWindow = (above: number, atMost: number, limit: number) => Promise<string[]>;

/**
 * The ids of the newest MATCH_CAP matches (newest first), asking `match`
 * window by window down from the newest id, `newestId`. A window never
 * crosses a range of `rangeSize` ids, so each is answered by its range's
 * word indexes (0033). Windows never overlap and go down in order, so the
 * result is exactly the newest MATCH_CAP, whatever the windows.
 */
export async function findNewestMatches(
  newestId: number | null,
  match: MatchWindow,
  firstWindowIds = FIRST_WINDOW_IDS,
  rangeSize: number = SEARCH_RANGE_SIZE.messages,
): Promise<string[]> {
  if (newestId === null) return [];
  const found: string[] = [];
  let atMost = newestId;
  let size = firstWindowIds;
  for (;;) {
    const above = Math.max(atMost - size, rangeFloor(atMost, rangeSize));
    found.push(...(await match(above, atMost, MATCH_CAP - found.length)));
    if (found.length >= MATCH_CAP || above <= 0) return found;
    // Big enough, at the rate the words occurred so far, to hold twice what is
    // missing. After a window without any, the words are rare: the rest of
    // each range is one window (a smaller one would cost a scan of the primary
    // key's range, longer than the few rows it spares).
    const missing = MATCH_CAP - found.length;
    const rate = found.length / (newestId - above);
    size = rate > 0 ? Math.ceil((2 * missing) / rate) : Infinity;
    atMost = above;
  }
}

/**
 * The match as the indexes answer it: for each configuration with a query,
 * the documents of that configuration's languages holding its words, one
 * SELECT per configuration, joined with UNION ALL (a document has one
 * language, so they never overlap). Each SELECT is one index lookup: the
 * configuration's partial index of 0030 (conversations, messages) or the
 * search_vector index of 0023 (articles). One WHERE with an OR of the
 * configurations would find the same rows, then check each again against
 * the whole OR, parsing its text: several times slower.
 */
export function matchUnion(
  queries: ConfigQuery[],
  branch: (q: ConfigQuery) => RawBuilder<unknown>,
  extra?: RawBuilder<unknown>,
) {
  const branches = [...queries.map(branch), ...(extra ? [extra] : [])];
  // The extra branch (a conversation's number) may repeat a row: UNION drops it.
  return sql.join(branches, extra ? sql` union ` : sql` union all `);
}

/**
 * The text of a conversation or message in one configuration's partial index
 * (0030, 0033) holding the words within one range of ids: its predicate and
 * expression written as the index has them, with literals, so the planner can
 * prove the predicate and match the expression.
 */
export function inConfigIndex(alias: string, column: string, q: ConfigQuery, range: RangeOf) {
  const language = sql.ref(`${alias}.language`);
  const codes = CONFIG_LANGUAGES[q.config];
  const predicate = codes.includes(null)
    ? sql`(${sql.join(
        codes.map((c) =>
          c === null ? sql`${language} is null` : sql`${language} = ${sql.lit(c)}`,
        ),
        sql` or `,
      )})`
    : sql`${language} = ${sql.lit(codes[0])}`;
  const id = sql.ref(`${alias}.id`);
  // The query as a sub-select: planned as one word's share (see FIRST_WINDOW_IDS).
  return sql<boolean>`${predicate}
    and ranged_tsvector(${sql.lit(q.config)}, ${sql.ref(`${alias}.${column}`)}, (${id} - 1) / ${sql.lit(range.size)})
      @@ (select ${rangedMatch(q, range.k)}::tsquery)`;
}

/** A window's range of ids (rangeOf) and the ranges' size. */
export interface RangeOf {
  k: number;
  size: number;
}

function conversationFilters(f: SearchFilters, alias: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<boolean>[] = [];
  if (f.statuses) parts.push(sql`${col('status')} in (${sql.join(f.statuses)})`);
  if (f.assigneeId) parts.push(sql`${col('assignee_id')} = ${f.assigneeId}`);
  return parts.length ? sql<boolean>`${sql.join(parts, sql` and `)}` : sql<boolean>`true`;
}

export function timeFilters(f: SearchFilters, column: RawBuilder<unknown>) {
  const parts: RawBuilder<boolean>[] = [];
  if (f.from) parts.push(sql`${column} >= ${f.from}`);
  if (f.to) parts.push(sql`${column} < ${f.to}`);
  return parts.length ? sql<boolean>`${sql.join(parts, sql` and `)}` : sql<boolean>`true`;
}

interface MatchOptions {
  queries: ConfigQuery[];
  filters: SearchFilters;
  /** The first window's size in ids (by default firstWindowFor the queries; tests make it small). */
  firstWindowIds?: number;
  /** The ids per range of the word indexes (by default SEARCH_RANGE_SIZE; tests make it small). */
  rangeSize?: number;
}

/**
 * An id within a window, with literal bounds: the planner proves from them
 * that the window lies in one range's partial indexes (0033), and weighs the
 * range it really is.
 */
function inWindow(id: RawBuilder<unknown>, above: number, atMost: number) {
  return sql<boolean>`${id} > ${sql.lit(above)} and ${id} <= ${sql.lit(atMost)}`;
}

/**
 * The newest MATCH_CAP conversations whose subject holds the words, or with
 * `number`, also the conversation of that number (alone with `numberOnly`).
 */
export async function matchConversations(
  db: Db,
  workspaceId: string,
  s: MatchOptions & { number?: number; numberOnly?: boolean },
): Promise<string[]> {
  const queries = s.numberOnly ? [] : s.queries;
  const size = s.rangeSize ?? SEARCH_RANGE_SIZE.conversations;
  const where = sql`c.workspace_id = ${workspaceId}
    and ${conversationFilters(s.filters, 'c')}
    and ${timeFilters(s.filters, sql`c.updated_at`)}`;
  const match: MatchWindow = async (above, atMost, limit) => {
    const window = inWindow(sql`c.id`, above, atMost);
    const range = { k: rangeOf(atMost, size), size };
    const union = matchUnion(
      queries,
      (q) =>
        sql`select c.id from conversations c where ${where} and ${window} and ${inConfigIndex('c', 'subject', q, range)}`,
      s.number !== undefined
        ? sql`select c.id from conversations c where ${where} and ${window} and c.number = ${s.number}`
        : undefined,
    );
    const r = await sql<{
      id: string;
    }>`select u.id from (${union}) u order by u.id desc limit ${limit}`.execute(db);
    return r.rows.map((row) => row.id);
  };
  const newest = await sql<{ id: string | null }>`
    select max(id) as id from conversations where workspace_id = ${workspaceId}`.execute(db);
  const newestId = newest.rows[0]?.id ? Number(newest.rows[0].id) : null;
  // A number alone is one index lookup: no window to narrow.
  if (queries.length === 0) return newestId === null ? [] : match(0, newestId, MATCH_CAP);
  return findNewestMatches(newestId, match, s.firstWindowIds ?? firstWindowFor(queries), size);
}

/** The newest MATCH_CAP messages (notes too) whose body holds the words. */
export async function matchMessages(
  db: Db,
  workspaceId: string,
  s: MatchOptions,
): Promise<string[]> {
  // The conversation is joined only to filter by its status or assignee.
  const byConversation = Boolean(s.filters.statuses || s.filters.assigneeId);
  const from = byConversation
    ? sql`messages m join conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id`
    : sql`messages m`;
  const size = s.rangeSize ?? SEARCH_RANGE_SIZE.messages;
  const where = sql`m.workspace_id = ${workspaceId}
    and ${byConversation ? conversationFilters(s.filters, 'c') : sql`true`}
    and ${timeFilters(s.filters, sql`m.created_at`)}`;
  const newest = await sql<{ id: string | null }>`
    select max(id) as id from messages where workspace_id = ${workspaceId}`.execute(db);
  return findNewestMatches(
    newest.rows[0]?.id ? Number(newest.rows[0].id) : null,
    async (above, atMost, limit) => {
      const window = inWindow(sql`m.id`, above, atMost);
      const range = { k: rangeOf(atMost, size), size };
      const union = matchUnion(
        s.queries,
        (q) =>
          sql`select m.id from ${from} where ${where} and ${window} and ${inConfigIndex('m', 'body_text', q, range)}`,
      );
      const r = await sql<{
        id: string;
      }>`select u.id from (${union}) u order by u.id desc limit ${limit}`.execute(db);
      return r.rows.map((row) => row.id);
    },
    s.firstWindowIds ?? firstWindowFor(s.queries),
    size,
  );
}
