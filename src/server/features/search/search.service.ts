import { withTransaction, type Ctx } from '../../context.ts';
import type { ConversationStatus, KnowledgeState } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../pagination.ts';
import { ConversationStatus as ConversationStatusEnum } from '../../../shared/api/common.ts';
import type { SearchItem, SearchQuery, SearchType } from '../../../shared/api/search.ts';
import { findClientsMatching } from '../clients/client-match.service.ts';
import { MARK_END, MARK_START } from '../knowledge/public-knowledge.service.ts';
import { assertCanSearch } from './search.policy.ts';
import {
  presentArticleHit,
  presentClientHit,
  presentConversationHit,
  presentMessageHit,
  scoreText,
} from './search.presenter.ts';
import * as repo from './search.repo.ts';
import { TYPE_ORDER, type SearchAfter, type SearchFilters } from './search.repo.ts';
import { buildConfigQueries, queryNumber, queryWords } from './search-query.ts';

const ALL_TYPES: SearchType[] = ['conversation', 'message', 'client', 'article'];
const CONVERSATION_STATUSES = new Set<string>(ConversationStatusEnum.options);
// Client search ranks at most this many clients for one query; its pages are
// cut from them, as other types' pages are cut from their MATCH_CAP matches.
const CLIENT_MATCHES = 100;

const SNIPPET_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;
const SUBJECT_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

const SCORE = /^\d{1,3}\.\d{6}$/;
const ID = /^[1-9]\d{0,18}$/;

function decodeSearchCursor(cursor: string): SearchAfter {
  const [score, type, id] = decodeCursor(cursor, 3);
  if (
    typeof score !== 'string' ||
    !SCORE.test(score) ||
    !ALL_TYPES.includes(type as SearchType) ||
    typeof id !== 'string' ||
    !ID.test(id)
  )
    throw invalid({ cursor: 'is not a cursor from this list' });
  return { score, type: type as SearchType, id };
}

/** Which types a filter leaves in: one with no status or assignee is out when those are asked. */
function typesFor(types: SearchType[], filters: SearchFilters): SearchType[] {
  return types.filter((type) => {
    switch (type) {
      case 'conversation':
      case 'message':
        return filters.statuses === undefined || filters.statuses.length > 0;
      case 'client':
        return filters.statuses === undefined && filters.assigneeId === undefined;
      case 'article':
        return (
          (filters.states === undefined || filters.states.length > 0) &&
          filters.assigneeId === undefined
        );
    }
  });
}

/** The order of results: score, then type, then id (the cursor's key). */
function compareItems(a: SearchItem, b: SearchItem): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Whether an item comes after the cursor in that order (clients are cut in memory). */
function isAfter(item: SearchItem, after: SearchAfter | undefined): boolean {
  if (!after) return true;
  const score = Number(after.score);
  if (item.score !== score) return item.score < score;
  if (item.type !== after.type) return TYPE_ORDER[item.type] > TYPE_ORDER[after.type];
  return BigInt(item.id) > BigInt(after.id);
}

/**
 * Runs the parts of a search at once, each in its own transaction (its own
 * pooled connection on PostgreSQL; PGlite's one connection takes them in
 * turn), tuned for search. Inside a caller's transaction they run one after
 * another in it.
 */
async function inParts<T>(ctx: Ctx, parts: ((tx: Ctx) => Promise<T[]>)[]): Promise<T[]> {
  const run = (part: (tx: Ctx) => Promise<T[]>) =>
    withTransaction(ctx, async (tx) => {
      await repo.tuneSearchTransaction(tx.db);
      return part(tx);
    });
  if (ctx.db.isTransaction) {
    const found: T[] = [];
    for (const part of parts) found.push(...(await run(part)));
    return found;
  }
  return (await Promise.all(parts.map(run))).flat();
}

/**
 * One search over conversations, messages, clients and articles, best
 * first, keyset-paginated. Each type's best `limit + 1` after the cursor
 * are fetched and merged: the page's items are always among them. The types
 * are asked at once, each in a transaction of its own (ADR 0019).
 */
export async function search(ctx: Ctx, input: SearchQuery) {
  const asked = input.type ?? ALL_TYPES;
  assertCanSearch(ctx.actor, asked);
  const after = input.cursor ? decodeSearchCursor(input.cursor) : undefined;
  const statuses = input.status?.filter((s) => CONVERSATION_STATUSES.has(s)) as
    ConversationStatus[] | undefined;
  const states = input.status?.filter((s) => !CONVERSATION_STATUSES.has(s)) as
    KnowledgeState[] | undefined;
  const filters: SearchFilters = {
    statuses,
    states,
    assigneeId: input.assignee_id,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  };
  const types = typesFor(asked, filters);
  const words = queryWords(input.q);
  const number = queryNumber(input.q);
  const rows = input.limit + 1;

  const queries =
    words.length && !number?.only ? buildConfigQueries(await repo.stemWords(ctx.db, words)) : [];
  const text = { queries, filters, after, rows, headline: SNIPPET_OPTIONS };
  const parts: ((tx: Ctx) => Promise<SearchItem[]>)[] = [];
  if (types.includes('conversation') && (queries.length || number))
    parts.push(async (tx) => {
      const hits = await repo.searchConversations(tx.db, tx.workspaceId, {
        ...text,
        headline: SUBJECT_OPTIONS,
        number: number?.number,
        numberOnly: number?.only,
      });
      return hits.map(presentConversationHit);
    });
  if (types.includes('message') && queries.length)
    parts.push(async (tx) =>
      (await repo.searchMessages(tx.db, tx.workspaceId, text)).map(presentMessageHit),
    );
  if (types.includes('client') && !number?.only)
    parts.push(async (tx) => {
      const clients = await findClientsMatching(tx, input.q, CLIENT_MATCHES);
      return clients
        .filter(
          (c) =>
            (!filters.from || c.updatedAt >= filters.from) &&
            (!filters.to || c.updatedAt < filters.to),
        )
        .map((c) => presentClientHit(c, words))
        .filter((item) => isAfter(item, after))
        .sort(compareItems)
        .slice(0, rows);
    });
  if (types.includes('article') && queries.length)
    parts.push(async (tx) =>
      (await repo.searchArticles(tx.db, tx.workspaceId, text)).map(presentArticleHit),
    );
  const items = (await inParts(ctx, parts)).sort(compareItems);

  const page = items.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page,
    next_cursor:
      items.length > input.limit && last
        ? encodeCursor([scoreText(last.score), last.type, last.id])
        : null,
  };
}
