import { actorUserId, type Ctx } from '../../context.ts';
import type { Channel, ConversationStatus, Priority } from '../../db/schema.ts';
import { forbidden, invalid } from '../../errors.ts';
import { decodeCursor, toPage } from '../../pagination.ts';
import type { ConversationRow } from './conversation.repo.ts';
import { can } from './conversation.policy.ts';
import { SLA_AT_RISK_MS } from './conversation.status.ts';
import { findClientIdsMatching } from '../clients/client-match.service.ts';
import * as repo from './inbox.repo.ts';
import type { InboxCursor, InboxQuery, InboxSearch } from './inbox.repo.ts';

function authoriseRead(ctx: Ctx) {
  if (!can(ctx.actor, 'read')) throw forbidden();
}

export interface ListConversationsInput {
  view: InboxQuery['view'];
  status?: string;
  priority?: Priority;
  tag?: string;
  team_id?: string;
  assignee_id?: string;
  client_id?: string;
  channel?: Channel;
  q?: string;
  sort: InboxQuery['sort'];
  limit: number;
  cursor?: string;
}

// Timestamps as PostgreSQL prints them ("2026-11-05 10:00:00.123456+00").
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}(:\d{2})?)?$/;
const ID = /^[1-9]\d{0,18}$/;

const CURSOR_KINDS: Record<InboxQuery['sort'], InboxCursor['kind'][]> = {
  last_activity: ['activity'],
  sla_due: ['due', 'no_due'],
};

function decodeInboxCursor(cursor: string, sort: InboxQuery['sort']): InboxCursor {
  const [kind, key, id] = decodeCursor(cursor, 3);
  if (
    !CURSOR_KINDS[sort].includes(kind as InboxCursor['kind']) ||
    typeof key !== 'string' ||
    !PG_TIMESTAMP.test(key) ||
    typeof id !== 'string' ||
    !ID.test(id)
  ) {
    throw invalid({ cursor: 'is not a cursor from this list' });
  }
  return { kind: kind as InboxCursor['kind'], key, id };
}

function cursorOf(row: ConversationRow, sort: InboxQuery['sort']): unknown[] {
  if (sort === 'sla_due' && row.sla_due_key !== null) return ['due', row.sla_due_key, row.id];
  if (sort === 'sla_due') return ['no_due', row.activity_key, row.id];
  return ['activity', row.activity_key, row.id];
}

/** How many clients a search may name; the clients search ranks the best first. */
const SEARCH_CLIENTS = 100;
const MAX_NUMBER = 2_147_483_647;

/**
 * Reads the search box: "#123" is a conversation number alone; otherwise the
 * words look for the subject and, through client search, the client's name,
 * email or phone, and a bare number is also tried as a conversation number.
 */
async function readInboxSearch(ctx: Ctx, q: string): Promise<InboxSearch | undefined> {
  const text = q.trim();
  if (!text) return undefined;
  const hashNumber = /^#\s*(\d{1,10})$/.exec(text);
  if (hashNumber) {
    const n = Number(hashNumber[1]);
    return { number: n <= MAX_NUMBER ? n : -1, clientIds: [], subjectWords: [] };
  }
  const bare = /^\d{1,10}$/.test(text) ? Number(text) : undefined;
  // As client search splits a name: letters, digits and marks only, so the words
  // always make a valid tsquery.
  const subjectWords = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean)
    .slice(0, 10);
  return {
    number: bare !== undefined && bare <= MAX_NUMBER ? bare : undefined,
    clientIds: await findClientIdsMatching(ctx, text, SEARCH_CLIENTS),
    subjectWords,
  };
}

/** A page of the inbox: a view, filters, a search and a sort, keyset-paginated. */
export async function listConversations(ctx: Ctx, input: ListConversationsInput) {
  authoriseRead(ctx);
  const now = ctx.now();
  // Each page looks the clients up again: cheap (indexed, at most SEARCH_CLIENTS),
  // and the cursor stays a plain keyset position.
  const search = input.q ? await readInboxSearch(ctx, input.q) : undefined;
  const rows = await repo.listConversationRows(ctx.db, ctx.workspaceId, {
    view: input.view,
    userId: actorUserId(ctx),
    statuses: input.status
      ? ([...new Set(input.status.split(','))] as ConversationStatus[])
      : undefined,
    priority: input.priority,
    tag: input.tag,
    teamId: input.team_id,
    assigneeId: input.assignee_id,
    clientId: input.client_id,
    channel: input.channel,
    search,
    sort: input.sort,
    riskAt: new Date(now.getTime() + SLA_AT_RISK_MS),
    after: input.cursor ? decodeInboxCursor(input.cursor, input.sort) : undefined,
    limit: input.limit,
  });
  return toPage(
    rows,
    input.limit,
    (r) => cursorOf(r, input.sort),
    (r) => r,
  );
}

/** How many active conversations each inbox view holds (resolved and closed are never counted). */
export async function countInboxViews(ctx: Ctx) {
  authoriseRead(ctx);
  const riskAt = new Date(ctx.now().getTime() + SLA_AT_RISK_MS);
  return repo.countInbox(ctx.db, ctx.workspaceId, actorUserId(ctx), riskAt);
}
