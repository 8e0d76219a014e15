// Inbound messages ingested as a batch, in the caller's transaction: what
// ingestInboundMessage does for one message, in a dozen statements for the whole
// batch (clients, conversations, clocks, messages, counters, numbers and events
// each written by one multi-row statement). A message whose conversation would
// change more than its counters (a status, an SLA clock) takes appendMessage, the
// one-message path, at its place in the batch.
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Channel, DB } from '../../db/schema.ts';
import { forbidden, invalid } from '../../errors.ts';
import {
  findOrCreateClientsByIdentity,
  identityKeyOf,
  type IdentityContact,
} from '../clients/client.service.ts';
import { eventRow, recordEvents } from '../events/event.service.ts';
import { searchLanguageOf } from '../search/search-language.ts';
import {
  inboundMayStartClock,
  listSlaClocksOf,
  planConversationSlas,
  writeConversationSlas,
  type ConversationSlaPlan,
} from '../sla/sla.service.ts';
import type { ClockState } from '../sla/sla.clock.ts';
import * as repo from './conversation.repo.ts';
import type { ConversationRecord } from './conversation.repo.ts';
import { can } from './conversation.policy.ts';
import { excerptOf, statusAfterMessage } from './conversation.status.ts';
import { appendMessage } from './conversation.workflow.ts';
import * as batchRepo from './ingest.repo.ts';

export interface InboundBatchItem {
  /** The sender, by one identity: an email, a phone number or a chat visitor id. */
  contact?: IdentityContact;
  /**
   * The sender when the caller knows them (a message the API adds to a conversation the
   * item's thread names): then no contact is looked up.
   */
  client_id?: string;
  channel: Channel;
  subject: string;
  body_text: string;
  /** HTML already sanitised by the channel (as InboundMessage.sanitised_html). */
  sanitised_html?: string;
  external_id: string | null;
  /** The team of a new conversation. */
  team_id: string | null;
  /**
   * Where the message goes, as the channel's threading decided: a conversation the
   * caller locked in this transaction (not closed), the one an earlier item of the
   * batch opens (its index; that item has no thread), or none: a new conversation.
   */
  thread?: { conversation: ConversationRecord } | { openedBy: number };
  /**
   * When the message reached Rapport (a stored raw email's time), which the message,
   * its conversation's activity and a new conversation's SLA clocks keep; default the
   * batch's ctx.now(). Items come in this order.
   */
  received_at?: Date;
  /** Recorded on the conversation's timeline when this item opens one (a chat's pre-chat form). */
  opening_event?: { type: string; data: Record<string, unknown> };
}

export interface InboundBatchResult {
  conversationId: string;
  messageId: string;
  conversationCreated: boolean;
}

/** A conversation as the batch sees it while it goes through the messages. */
interface ConversationState {
  /** Unset while the conversation waits to be inserted at the next flush. */
  id?: string;
  /** The locked row (as it was after the last message appendMessage stored). */
  row?: ConversationRecord;
  status: ConversationRecord['status'];
  slaPolicyId: string | null;
  firstRespondedAt: Date | null;
  /** Its SLA clocks, or undefined once appendMessage may have changed them (unknown). */
  clocks: ClockState[] | undefined;
  /** Messages added since the last flush that change only the counters (the last one's time). */
  pendingCount: number;
  pendingExcerpt: string;
  pendingAt?: Date;
  /** For a conversation to insert: the item that opens it and its SLA plan. */
  opening?: { item: number; plan: ConversationSlaPlan; clientId: string };
}

/**
 * Locks conversations a batch of inbound messages may continue (in the order of their
 * ids), for the channel's threading to check them before it decides.
 */
export function lockThreadConversations(ctx: Ctx, ids: string[]) {
  return repo.lockConversations(ctx.db, ctx.workspaceId, ids);
}

/**
 * Stores a batch of inbound messages in the caller's transaction, in the order given:
 * finds or creates their senders, opens conversations or appends to those the items
 * name. The caller has resolved threading and idempotency (no item repeats a stored or
 * earlier external_id; the unique index refuses one that does, failing the batch).
 */
export async function ingestInboundBatch(
  ctx: Ctx,
  items: InboundBatchItem[],
): Promise<InboundBatchResult[]> {
  if (!can(ctx.actor, 'create')) throw forbidden();
  if (!ctx.db.isTransaction) throw new Error('ingestInboundBatch runs in a transaction');
  items.forEach((item, i) => {
    if (!item.body_text.trim()) throw invalid({ [`items.${i}.body_text`]: 'must not be empty' });
    if (item.client_id ? !(item.thread && 'conversation' in item.thread) : !item.contact) {
      throw invalid({
        [`items.${i}.contact`]: 'give a contact, or a client with its conversation',
      });
    }
  });
  // Each message keeps the time it arrived; what has no time of its own takes the batch's.
  const now = ctx.now();
  const tx: Ctx = { ...ctx, now: () => now };
  const atOf = (i: number) => items[i]!.received_at ?? now;
  const clients = await findOrCreateClientsByIdentity(
    tx,
    items.flatMap((i) => (i.client_id ? [] : [i.contact!])),
  );
  const clientOf = (item: InboundBatchItem) =>
    item.client_id ? { id: item.client_id } : clients.get(identityKeyOf(item.contact!))!.client;

  const locked = new Map<string, ConversationRecord>();
  for (const item of items) {
    if (item.thread && 'conversation' in item.thread) {
      locked.set(item.thread.conversation.id, item.thread.conversation);
    }
  }
  const clocks = await listSlaClocksOf(tx, [...locked.keys()]);
  const opened = items.flatMap((item, i) => (item.thread ? [] : [i]));
  const plans = await planConversationSlas(
    tx,
    opened.map((i) => {
      const client = clients.get(identityKeyOf(items[i]!.contact!))!.client;
      return {
        priority: 'normal',
        tier: client.tier,
        isVip: client.is_vip,
        status: 'new' as const,
        firstRespondedAt: null,
        at: atOf(i),
      };
    }),
  );

  const states = new Map<string, ConversationState>();
  for (const [id, row] of locked) {
    states.set(id, {
      id,
      row,
      status: row.status,
      slaPolicyId: row.sla_policy_id,
      firstRespondedAt: row.first_responded_at,
      clocks: clocks.filter((c) => c.conversation_id === id),
      pendingCount: 0,
      pendingExcerpt: '',
    });
  }
  opened.forEach((i, n) => {
    const plan = plans[n]!;
    states.set(`item:${i}`, {
      status: 'new',
      slaPolicyId: plan.policyId,
      firstRespondedAt: null,
      clocks: plan.targets,
      pendingCount: 0,
      pendingExcerpt: '',
      opening: { item: i, plan, clientId: clientOf(items[i]!).id },
    });
  });

  const results: InboundBatchResult[] = new Array(items.length);
  // Written at the next flush: conversations to open, messages, counters to add.
  let toOpen: ConversationState[] = [];
  let messages: { item: number; state: ConversationState }[] = [];
  const touched = new Set<ConversationState>();

  const flush = async () => {
    // First: opening conversations takes their numbers, which holds the workspace's row
    // lock until commit (as one by one, where numbering comes last in each transaction).
    const rows = await batchRepo.openInboundConversations(
      tx.db,
      tx.workspaceId,
      toOpen.map((s) => {
        const item = items[s.opening!.item]!;
        const openedAt = atOf(s.opening!.item);
        const subject = subjectOf(item);
        return {
          subject,
          client_id: s.opening!.clientId,
          channel: item.channel,
          team_id: item.team_id,
          message_count: 1 + s.pendingCount,
          last_excerpt: s.pendingCount ? s.pendingExcerpt : excerptOf(item.body_text),
          sla_policy_id: s.opening!.plan.policyId,
          sla_due_at: s.opening!.plan.dueAt,
          language: searchLanguageOf(`${subject}\n${item.body_text}`),
          created_at: openedAt,
          last_message_at: s.pendingCount ? latest(s.pendingAt, openedAt) : openedAt,
          event: creationEvent({ ...tx, now: () => openedAt }, item, s),
        };
      }),
    );
    toOpen.forEach((s, n) => {
      s.id = rows[n]!.id;
      s.row = rows[n]!;
      s.pendingCount = 0;
    });
    await writeConversationSlas(
      tx,
      toOpen.map((s) => ({ conversationId: s.id!, plan: s.opening!.plan })),
    );
    const ids = await batchRepo.insertMessages(
      tx.db,
      tx.workspaceId,
      messages.map(({ item: i, state }) => {
        const item = items[i]!;
        return {
          conversation_id: state.id!,
          direction: 'inbound' as const,
          channel: item.channel,
          author_user_id: null,
          author_client_id: clientOf(item).id,
          body_text: item.body_text,
          body_html: item.sanitised_html ?? null,
          external_id: item.external_id,
          created_at: atOf(i),
          delivery_state: 'none' as const,
          language: searchLanguageOf(item.body_text),
        };
      }),
    );
    messages.forEach(({ item: i, state }, n) => {
      results[i] = {
        conversationId: state.id!,
        messageId: ids[n]!,
        conversationCreated: state.opening?.item === i,
      };
    });
    await batchRepo.addInboundToConversations(
      tx.db,
      tx.workspaceId,
      [...touched].map((s) => ({
        id: s.id!,
        count: s.pendingCount,
        excerpt: s.pendingExcerpt,
        at: s.pendingAt!,
      })),
    );
    for (const s of touched) s.pendingCount = 0;
    toOpen = [];
    messages = [];
    touched.clear();
  };

  for (const [i, item] of items.entries()) {
    const thread = item.thread;
    if (!thread) {
      const state = states.get(`item:${i}`)!;
      toOpen.push(state);
      messages.push({ item: i, state });
      continue;
    }
    const state =
      'conversation' in thread
        ? states.get(thread.conversation.id)!
        : states.get(`item:${thread.openedBy}`)!;
    if (changesOnlyCounters(state)) {
      state.pendingCount++;
      state.pendingExcerpt = excerptOf(item.body_text);
      state.pendingAt = latest(state.pendingAt, atOf(i));
      if (state.id && !toOpen.includes(state)) touched.add(state);
      messages.push({ item: i, state });
      continue;
    }
    // A status to change or a clock to start: the one-message path, after what came before.
    await flush();
    const appended = await appendMessage({ ...tx, now: () => atOf(i) }, state.row!, {
      direction: 'inbound',
      channel: item.channel,
      bodyText: item.body_text,
      externalId: item.external_id,
      authorUserId: null,
      authorClientId: clientOf(item).id,
      bodyHtml: item.sanitised_html ?? null,
    });
    state.row = appended.conversation;
    state.status = appended.conversation.status;
    state.firstRespondedAt = appended.conversation.first_responded_at;
    state.clocks = undefined;
    results[i] = {
      conversationId: appended.conversation.id,
      messageId: appended.messageId,
      conversationCreated: false,
    };
  }
  await flush();
  // A chat's pre-chat form, on the timelines of the conversations its message opened.
  const openingEvents = items.flatMap((item, i) =>
    item.opening_event && results[i]!.conversationCreated
      ? [
          {
            type: item.opening_event.type,
            conversationId: results[i]!.conversationId,
            data: item.opening_event.data,
            byClient: true,
            at: atOf(i),
          },
        ]
      : [],
  );
  if (openingEvents.length) await recordEvents(tx, openingEvents);
  return results;
}

/**
 * appendInboundToThreads, unless the group cannot take that path: HTML to store, or an
 * external id twice in it or stored before (the statement then fails on the unique index
 * having written nothing, and the transaction's look-ups sort the repeats out).
 */
export async function appendWhereOnlyCountersChange(
  ctx: Ctx,
  threadWindowMs: number,
  items: batchRepo.InboundToAppend[],
  hasHtml = false,
) {
  const ids = items.flatMap((i) => (i.externalId ? [i.externalId] : []));
  if (hasHtml || new Set(ids).size !== ids.length) return [];
  try {
    return await batchRepo.appendInboundToThreads(
      ctx.db as Kysely<DB>,
      ctx.workspaceId,
      items,
      new Date(ctx.now().getTime() - threadWindowMs),
    );
  } catch (err) {
    if (isUniqueViolation(err)) return [];
    throw err;
  }
}

/** The later of two times (activity never moves back). */
function latest(a: Date | undefined, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

/** A new conversation's subject, as ingestInboundMessage stores it. */
function subjectOf(item: InboundBatchItem) {
  return item.subject.trim().slice(0, 500);
}

/** True when a client's message changes nothing but the conversation's counters. */
function changesOnlyCounters(s: ConversationState) {
  if (!s.clocks) return false;
  if (statusAfterMessage(s.status, 'inbound')) return false;
  return !inboundMayStartClock(
    { status: s.status, sla_policy_id: s.slaPolicyId, first_responded_at: s.firstRespondedAt },
    s.clocks,
  );
}

/** The conversation.created event of a conversation an item opens, as openConversation records it. */
function creationEvent(tx: Ctx, item: InboundBatchItem, s: ConversationState) {
  return eventRow(tx, {
    type: 'conversation.created',
    clientId: s.opening!.clientId,
    data: {
      after: {
        number: null,
        subject: subjectOf(item),
        channel: item.channel,
        direction: 'inbound',
        status: 'new',
        priority: 'normal',
        team_id: item.team_id,
        assignee_id: null,
        tags: [],
      },
    },
  });
}
