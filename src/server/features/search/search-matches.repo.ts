// Which conversations and messages a search ranks: the newest MATCH_CAP that
// hold the words, found through the partial word indexes of 0030 window by
// window of ids, newest first. search.repo.ts then ranks them.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ConversationStatus, DB, KnowledgeState } from '../../db/schema.ts';
import {
  CONFIG_LANGUAGES,
  rangedMatch,
  type ConfigQuery,
  type SearchConfig,
} from './search-query.ts';
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
// are split by ranges of ids (0033, 0038): a window within one range reads
// only that range's index entries, a hundredth of a common word's at ten
// million messages.
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
 * window by window down from the newest id, `newestId`. A window stays
 * within a range of `rangeSize` ids, or covers whole ranges (windowFloor),
 * so each is answered by its ranges' entries of the word indexes (0033).
 * Windows never overlap and go down in order, so the result is exactly the
 * newest MATCH_CAP, whatever the windows.
 */
export async function findNewestMatches(
  newestId: number | null,
  match: MatchWindow,
  firstWindowIds = FIRST_WINDOW_IDS,
  rangeSize: number = SEARCH_RANGE_SIZE.messages,
  growth = Infinity,
): Promise<string[]> {
  if (newestId === null) return [];
  const found: string[] = [];
  let atMost = newestId;
  let size = firstWindowIds;
  for (;;) {
    const above = windowFloor(atMost, size, newestId - atMost, rangeSize);
    found.push(...(await match(above, atMost, MATCH_CAP - found.length)));
    if (found.length >= MATCH_CAP || above <= 0) return found;
    size = nextWindowIds(found.length, newestId - above, firstWindowIds, growth);
    atMost = above;
  }
}

// A window over whole ranges covers at most this many: its query names each
// word under every range's name (rangedMatch).
const MAX_RANGES_PER_WINDOW = 64;

/**
 * Where the window of `size` ids below `atMost` starts, after `scanned` ids
 * were asked. Within its range when the size fits, else at the range's
 * floor: a window intersected with the primary key's range of ids must not
 * cross ranges, and a window down to a floor reads all of its range's
 * entries of the words. Once at least a range's ids were asked and the
 * window starts at a range's ceiling, it covers every whole range below that
 * the size asks for (ADR 0019): all of them for words a range did not hold
 * (size Infinity), in one statement rather than one per range.
 */
function windowFloor(atMost: number, size: number, scanned: number, rangeSize: number) {
  const floor = rangeFloor(atMost, rangeSize);
  const lowest = atMost - size;
  if (lowest >= floor) return lowest;
  if (atMost % rangeSize !== 0 || scanned < rangeSize) return floor;
  const lowestFloor = floor - (MAX_RANGES_PER_WINDOW - 1) * rangeSize;
  return Math.max(0, lowestFloor, Math.ceil(lowest / rangeSize) * rangeSize);
}

// With a filter on the conversation (status, assignee), a window is at most
// this many times the ids asked before it (ADR 0016). How often the matches
// occurred in the newest ids says little of older ones when the filter keeps a
// share of them that changes with age (status=closed: the newest conversations
// are mostly still open), and a window sized by too low a rate reads every
// match of its range: 75,000 rows of a common word at ten million messages,
// 250 ms, for 500. Without such a filter the words' own rate holds, and a
// rare word is better asked the rest of its range at once: a capped window
// short of the range's floor is intersected with the primary key's range, a
// scan of 400,000 ids to spare reading a few rows.
export const WINDOW_GROWTH = 8;

/**
 * The size of the window after `scanned` ids that held `found` matches: big
 * enough, at the rate the words occurred so far, to hold twice what is
 * missing, and at most `growth` times `scanned` (or the first window's
 * size, if more). Until the first window's ids were all asked, the rest of
 * them: the newest range may hold fewer (it has just begun), and a few
 * thousand ids without the words (one long thread) say nothing of how rare
 * they are. After that, a window without any means rare words: the rest of
 * each range is one window (a smaller one would cost a scan of the primary
 * key's range, longer than the few rows it spares).
 */
function nextWindowIds(found: number, scanned: number, firstWindowIds: number, growth: number) {
  if (found === 0) return scanned < firstWindowIds ? firstWindowIds - scanned : Infinity;
  const wanted = Math.ceil((2 * (MATCH_CAP - found) * scanned) / found);
  return Math.min(wanted, growth * Math.max(scanned, firstWindowIds));
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
 * (0030, 0033) holding the words within some ranges of ids: its predicate and
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
      @@ (select ${rangedMatch(q, range.from, range.to)}::tsquery)`;
}

/** A window's ranges of ids (rangeOf), from the oldest to the newest, and the ranges' size. */
export interface RangeOf {
  from: number;
  to: number;
  size: number;
}

/** The ranges a window of ids above `above` and at most `atMost` covers. */
function rangesOf(above: number, atMost: number, size: number): RangeOf {
  return { from: rangeOf(above + 1, size), to: rangeOf(atMost, size), size };
}

// A word is asked alone of the index, the others checked on its rows, only
// when the window's newest range holds at most this many of its rows:
// checking a row parses its text (about 40 µs), as dear as reading about a
// hundred index entries, so a word found a few times a range (at most 640
// rows over 64 ranges) is worth it against a common word's entries, and a
// commoner one is not. The probe stops counting just above.
const RARE_IN_RANGE = 10;

type Searched = { table: 'conversations' | 'messages'; alias: string; column: string };

/**
 * For a window over several ranges: of each configuration's words (when it
 * has several), the one with the fewest rows in the window's newest range,
 * if it is rare there (RARE_IN_RANGE). The index answers a prefix with every entry of it, so an AND of a
 * rare and a common word over 64 ranges read all the common word's entries
 * (100–200 ms at ten million messages) to find a handful of rows.
 */
async function findRarestWords(
  db: Db,
  workspaceId: string,
  on: Searched,
  queries: ConfigQuery[],
  range: RangeOf,
): Promise<Map<SearchConfig, number>> {
  const newest = { from: range.to, to: range.to, size: range.size };
  const branches = queries.flatMap((q) =>
    q.matchForms.length < 2
      ? []
      : q.matchForms.map(
          (forms, i) => sql`select ${q.config}::text as config, ${i}::int as i, (
            select count(*) from (
              select 1 from ${sql.table(on.table)} ${sql.raw(on.alias)}
              where ${sql.ref(`${on.alias}.workspace_id`)} = ${workspaceId}
                and ${inConfigIndex(on.alias, on.column, { ...q, matchForms: [forms] }, newest)}
              limit ${RARE_IN_RANGE + 1}) p)::int as n`,
        ),
  );
  const rarest = new Map<SearchConfig, number>();
  if (branches.length === 0) return rarest;
  const r = await sql<{ config: SearchConfig; i: number; n: number }>`${sql.join(
    branches,
    sql` union all `,
  )}`.execute(db);
  const fewest = new Map<SearchConfig, number>();
  for (const row of r.rows) {
    if (row.n <= RARE_IN_RANGE && row.n < (fewest.get(row.config) ?? Infinity)) {
      fewest.set(row.config, row.n);
      rarest.set(row.config, row.i);
    }
  }
  return rarest;
}

/**
 * A window's condition on the words. Over several ranges, with a rarest word
 * known for the configuration, only that word is asked of the index and the
 * others are checked on the rows it finds, by parsing their texts: the same
 * rows, as a ranged word matches exactly what the plain word matches in its
 * own range's rows.
 */
function wordsInWindow(
  on: Searched,
  q: ConfigQuery,
  range: RangeOf,
  rarest: Map<SearchConfig, number> | undefined,
) {
  const k = rarest?.get(q.config);
  if (k === undefined) return inConfigIndex(on.alias, on.column, q, range);
  const text = sql.ref(`${on.alias}.${on.column}`);
  return sql<boolean>`${inConfigIndex(on.alias, on.column, { ...q, matchForms: [q.matchForms[k]!] }, range)}
    and to_tsvector(${sql.lit(q.config)}::regconfig, ${text}) @@ ${q.match}::tsquery`;
}

/** How much a window may grow: capped with a filter on the conversation (WINDOW_GROWTH). */
function growthFor(f: SearchFilters) {
  return f.statuses || f.assigneeId ? WINDOW_GROWTH : Infinity;
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
 * An id within a window, with literal bounds. A window narrower than its
 * range is intersected with the primary key's range of ids (a BitmapAnd), so
 * only its rows are read. A window down to its range's floor (or over whole
 * ranges) needs no such intersection: the ranges' index entries hold only
 * their rows (0033), and the words are rare there (the window before found
 * none, or too few), so the bounds are only checked on the rows found
 * (\`id + 0\` is no index condition). Intersected anyway, the planner would
 * read the primary key's entries for the whole range (a range of a million
 * ids: 30 ms) to spare the reading of a few rows.
 */
function inWindow(id: RawBuilder<unknown>, above: number, atMost: number, rangeSize: number) {
  if (above <= rangeFloor(atMost, rangeSize))
    return sql<boolean>`${id} + 0 > ${sql.lit(above)} and ${id} + 0 <= ${sql.lit(atMost)}`;
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
  const on: Searched = { table: 'conversations', alias: 'c', column: 'subject' };
  let rarest: Map<SearchConfig, number> | undefined;
  const match: MatchWindow = async (above, atMost, limit) => {
    const window = inWindow(sql`c.id`, above, atMost, size);
    const range = rangesOf(above, atMost, size);
    if (range.from < range.to)
      rarest ??= await findRarestWords(db, workspaceId, on, queries, range);
    const union = matchUnion(
      queries,
      (q) =>
        sql`select c.id from conversations c where ${where} and ${window} and ${wordsInWindow(on, q, range, rarest)}`,
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
  return findNewestMatches(
    newestId,
    match,
    s.firstWindowIds ?? firstWindowFor(queries),
    size,
    growthFor(s.filters),
  );
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
  const on: Searched = { table: 'messages', alias: 'm', column: 'body_text' };
  let rarest: Map<SearchConfig, number> | undefined;
  return findNewestMatches(
    newest.rows[0]?.id ? Number(newest.rows[0].id) : null,
    async (above, atMost, limit) => {
      const window = inWindow(sql`m.id`, above, atMost, size);
      const range = rangesOf(above, atMost, size);
      if (range.from < range.to)
        rarest ??= await findRarestWords(db, workspaceId, on, s.queries, range);
      const union = matchUnion(
        s.queries,
        (q) =>
          sql`select m.id from ${from} where ${where} and ${window} and ${wordsInWindow(on, q, range, rarest)}`,
      );
      const r = await sql<{
        id: string;
      }>`select u.id from (${union}) u order by u.id desc limit ${limit}`.execute(db);
      return r.rows.map((row) => row.id);
    },
    s.firstWindowIds ?? firstWindowFor(s.queries),
    size,
    growthFor(s.filters),
  );
}
