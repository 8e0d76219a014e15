import type { Updateable } from 'kysely';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { Channel, ConversationsTable, ConversationStatus, Priority } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../../pagination.ts';
import type { Language } from '../../../shared/api/common.ts';
import {
  contactIdentity,
  findOrCreateClient,
  type ClientContact,
} from '../clients/client.service.ts';
import { checkReplyOnSend, recordCoachOverride } from '../coach/coach.service.ts';
import { checkDiscountOnSend, recordDiscountOnSend } from '../discounts/discount-send.service.ts';
import {
  authoriseDiscountRequest,
  holdOpeningReply,
} from '../discounts/discount-request.workflow.ts';
import { listTimelineEvents, recordEvent } from '../events/event.service.ts';
import { proposePromisesFromReply } from '../promises/promise-proposals.service.ts';
import { recordPolicyInputsForSla, recordStatusForSla } from '../sla/sla.service.ts';
import * as repo from './conversation.repo.ts';
import type { ConversationRecord, ConversationRow } from './conversation.repo.ts';
import { can, type ConversationAction } from './conversation.policy.ts';
import { excerptOf, planStatusChange } from './conversation.status.ts';
import {
  appendMessage,
  openConversation,
  refuseHtml,
  retryOnUniqueViolation,
} from './conversation.workflow.ts';
import { appendInboundToThread } from './ingest.repo.ts';
import * as messages from './message.repo.ts';

const ID = /^[1-9]\d{0,18}$/;

/** Inbound messages thread into the client's conversation on the channel if it moved this recently. */
const THREAD_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

function authorise(
  ctx: Ctx,
  action: ConversationAction,
  conversation?: { status: ConversationStatus },
) {
  if (!can(ctx.actor, action, conversation)) throw forbidden();
}

/** The conversation as lists and pages show it, or not_found (also for another workspace's). */
export async function getConversation(ctx: Ctx, id: string): Promise<ConversationRow> {
  const row = await repo.findConversationRow(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('conversation');
  authorise(ctx, 'read', row);
  return row;
}

/** Locks the conversation for a change in this transaction, or not_found. */
async function lockConversation(tx: Ctx, id: string) {
  const conversation = await repo.lockConversation(tx.db, tx.workspaceId, id);
  if (!conversation) throw notFound('conversation');
  return conversation;
}

export interface CreateConversationInput {
  client_id?: string;
  client?: { name?: string; email?: string; phone?: string; language?: Language };
  subject: string;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  message: {
    body_text: string;
    body_html?: string;
    external_id?: string;
    coach_override?: { reason: string };
    /** Above the agent's discount authority: open the conversation, the message waits for approval. */
    discount_request?: { reason: string; percent?: number; coupons?: number };
  };
  priority?: Priority;
  team_id?: string | null;
  assignee_id?: string | null;
  tags?: string[];
  assign?: 'round_robin';
}

/**
 * Opens a conversation with its first message, for a known client or one found
 * or created from contact details. Idempotent by the message's external_id: a
 * second call returns the first conversation with created = false. An agent's
 * opening message that asks for a discount approval is not sent: it waits on
 * the request, and the conversation opens without it (ADR 0011).
 */
export async function createConversation(ctx: Ctx, input: CreateConversationInput) {
  authorise(ctx, 'create');
  const held = input.message.discount_request;
  if (held) authoriseDiscountRequest(ctx);
  const fields: Record<string, string> = {};
  if (held) {
    if (input.direction !== 'outbound')
      fields['message.discount_request'] = "only an agent's outbound message waits for approval";
    if (input.message.coach_override)
      fields['message.coach_override'] =
        'a message that waits for approval is sent as the coach checks it then: no override';
    if (input.message.external_id)
      fields['message.external_id'] = 'a message already sent elsewhere cannot wait for approval';
  }
  if (input.client_id && input.client) fields.client = 'give client_id or client, not both';
  if (!input.client_id && !input.client) fields.client_id = 'give client_id or client';
  if (input.client && !input.client.email && !input.client.phone && !input.client.name) {
    fields.client = 'give the client an email, a phone or a name';
  }
  if (input.assign === 'round_robin') {
    if (!input.team_id) fields.team_id = 'is required to assign by round robin';
    if (input.assignee_id) fields.assign = 'give assign or assignee_id, not both';
  }
  if (Object.keys(fields).length) throw invalid(fields);
  refuseHtml('message.body_html', input.message.body_html);
  if (input.message.coach_override !== undefined && input.direction !== 'outbound')
    throw invalid({ 'message.coach_override': 'only an outbound message is checked by the coach' });
  const externalId = input.message.external_id ?? null;

  return retryOnUniqueViolation(ctx, () =>
    withTransaction(ctx, async (tx) => {
      if (externalId) {
        const existing = await messages.findMessageByExternalId(tx.db, tx.workspaceId, externalId);
        if (existing) {
          return {
            conversation: await getConversation(tx, existing.conversation_id),
            created: false,
          };
        }
      }
      let client: { id: string; tier: string; is_vip: boolean };
      if (input.client_id) {
        const found = await repo.findLiveClientId(tx.db, tx.workspaceId, input.client_id);
        if (!found) throw invalid({ client_id: 'no such client in this workspace' });
        client = found;
      } else {
        client = (await findOrCreateClient(tx, input.client as ClientContact)).client;
      }
      const teamId = input.team_id ? await requireTeam(tx, input.team_id) : null;
      let assigneeId = input.assignee_id ? await requireAssignee(tx, input.assignee_id) : null;
      if (input.assign === 'round_robin' && teamId) assigneeId = await pickAssignee(tx, teamId);

      const { conversation, messageId } = await openConversation(
        tx,
        {
          client,
          subject: input.subject,
          channel: input.channel,
          direction: input.direction,
          priority: input.priority ?? 'normal',
          teamId,
          assigneeId,
          tags: uniqueTags(input.tags ?? []),
          assignedVia: input.assign === 'round_robin' ? 'round_robin' : 'manual',
        },
        {
          channel: input.channel,
          bodyText: input.message.body_text,
          externalId,
          authorUserId: input.direction === 'outbound' ? actorUserId(tx) : null,
          authorClientId: input.direction === 'inbound' ? client.id : null,
          held: held !== undefined,
        },
      );
      if (held) await holdOpeningReply(tx, conversation, input.message.body_text, held);
      else if (messageId && input.direction === 'outbound' && tx.actor.kind === 'user')
        await checkOpeningReply(tx, conversation, messageId, input.message);
      authorise(tx, 'read', conversation);
      return { conversation, created: true };
    }),
  );
}

/**
 * An agent's opening message is a reply like any other: the coach's blocks and
 * the sender's discount authority refuse it (and the conversation with it: one
 * transaction), its promises are proposed and its discount is recorded.
 */
async function checkOpeningReply(
  tx: Ctx,
  conversation: ConversationRow,
  messageId: string,
  message: CreateConversationInput['message'],
) {
  const verdict = await checkReplyOnSend(
    tx,
    conversation.id,
    message.body_text,
    message.coach_override,
    { opening: true },
  );
  const discount = await checkDiscountOnSend(tx, conversation.id, message.body_text);
  const stored = {
    id: messageId,
    conversation_id: conversation.id,
    direction: 'outbound',
    body_text: message.body_text,
    author_user_id: actorUserId(tx),
    created_at: conversation.created_at,
  };
  if (verdict.override) await recordCoachOverride(tx, conversation.id, messageId, verdict.override);
  await proposePromisesFromReply(tx, stored);
  if (discount) await recordDiscountOnSend(tx, discount, stored, conversation.client_id);
}

async function requireTeam(tx: Ctx, teamId: string) {
  const team = await repo.findTeam(tx.db, tx.workspaceId, teamId);
  if (!team) throw invalid({ team_id: 'must be a team of this workspace' });
  return team.id;
}

async function requireAssignee(tx: Ctx, userId: string) {
  const user = await repo.findActiveUser(tx.db, tx.workspaceId, userId);
  if (!user) throw invalid({ assignee_id: 'must be an active user of this workspace' });
  return user.id;
}

async function pickAssignee(tx: Ctx, teamId: string) {
  const userId = await repo.pickRoundRobinAssignee(tx.db, tx.workspaceId, teamId, tx.now());
  if (!userId) {
    throw conflict('nobody in the team is available to take the conversation', {
      team_id: 'has no available agent',
    });
  }
  return userId;
}

function uniqueTags(tags: string[]) {
  return [...new Set(tags)];
}

export interface UpdateConversationInput {
  status?: ConversationStatus;
  priority?: Priority;
  assignee_id?: string | null;
  team_id?: string | null;
  tags?: string[];
  add_tags?: string[];
  remove_tags?: string[];
}

/** Changes status, priority, assignee, team or tags; each change is a timeline event with before/after. */
export async function updateConversation(ctx: Ctx, id: string, input: UpdateConversationInput) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockConversation(tx, id);
    authorise(tx, 'update', current);
    if (input.assignee_id !== undefined) authorise(tx, 'assign', current);
    if (input.tags && (input.add_tags || input.remove_tags)) {
      throw invalid({ tags: 'give tags, or add_tags/remove_tags, not both' });
    }
    const now = tx.now();
    const patch: Updateable<ConversationsTable> = {};
    const changes: { type: string; field: keyof ConversationRecord; after: unknown }[] = [];

    if (input.status !== undefined) {
      const plan = planStatusChange(current, input.status, now);
      if (!plan.ok) throw conflict(plan.reason, { status: plan.reason });
      if (plan.changed) {
        Object.assign(patch, plan.patch);
        changes.push({ type: 'conversation.status_changed', field: 'status', after: input.status });
      }
    }
    if (input.priority !== undefined && input.priority !== current.priority) {
      patch.priority = input.priority;
      changes.push({
        type: 'conversation.priority_changed',
        field: 'priority',
        after: input.priority,
      });
    }
    if (input.assignee_id !== undefined && input.assignee_id !== current.assignee_id) {
      patch.assignee_id = input.assignee_id ? await requireAssignee(tx, input.assignee_id) : null;
      changes.push({
        type: 'conversation.assigned',
        field: 'assignee_id',
        after: patch.assignee_id,
      });
    }
    if (input.team_id !== undefined && input.team_id !== current.team_id) {
      patch.team_id = input.team_id ? await requireTeam(tx, input.team_id) : null;
      changes.push({ type: 'conversation.team_changed', field: 'team_id', after: patch.team_id });
    }
    const tags = nextTags(current.tags, input);
    if (tags && !sameSet(tags, current.tags)) {
      patch.tags = tags;
      changes.push({ type: 'conversation.tags_changed', field: 'tags', after: tags });
    }
    if (changes.length === 0) return getConversation(tx, id);

    await repo.updateConversation(tx.db, tx.workspaceId, id, { ...patch, updated_at: now });
    for (const change of changes) {
      await recordEvent(tx, {
        type: change.type,
        conversationId: id,
        data: {
          before: { [change.field]: current[change.field] },
          after: { [change.field]: change.after },
        },
      });
    }
    if (patch.status) await recordStatusForSla(tx, id, current.status, patch.status);
    if (patch.priority) await recordPolicyInputsForSla(tx, id);
    return getConversation(tx, id);
  });
}

function nextTags(current: string[], input: UpdateConversationInput): string[] | undefined {
  if (input.tags) return uniqueTags(input.tags);
  if (!input.add_tags && !input.remove_tags) return undefined;
  const removed = new Set(input.remove_tags ?? []);
  const tags = uniqueTags([...current, ...(input.add_tags ?? [])]).filter((t) => !removed.has(t));
  if (tags.length > 30) throw invalid({ add_tags: 'a conversation holds at most 30 tags' });
  return tags;
}

function sameSet(a: string[], b: string[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Assigns the conversation by round robin within a team (the given one, which
 * then becomes the conversation's team, or its current team).
 */
export async function assignConversation(ctx: Ctx, id: string, input: { team_id?: string }) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockConversation(tx, id);
    authorise(tx, 'assign', current);
    const teamId = input.team_id ? await requireTeam(tx, input.team_id) : current.team_id;
    if (!teamId) throw invalid({ team_id: 'the conversation has no team: give team_id' });
    const assigneeId = await pickAssignee(tx, teamId);
    const now = tx.now();
    await repo.updateConversation(tx.db, tx.workspaceId, id, {
      assignee_id: assigneeId,
      team_id: teamId,
      updated_at: now,
    });
    if (teamId !== current.team_id) {
      await recordEvent(tx, {
        type: 'conversation.team_changed',
        conversationId: id,
        data: { before: { team_id: current.team_id }, after: { team_id: teamId } },
      });
    }
    await recordEvent(tx, {
      type: 'conversation.assigned',
      conversationId: id,
      data: {
        before: { assignee_id: current.assignee_id },
        after: { assignee_id: assigneeId },
        via: 'round_robin',
      },
    });
    return getConversation(tx, id);
  });
}

/** The conversation's timeline (events), newest first, with the acting users' names. */
export async function listConversationEvents(
  ctx: Ctx,
  id: string,
  input: { limit: number; cursor?: string },
) {
  await getConversation(ctx, id);
  const before = input.cursor ? decodeIdCursor(input.cursor) : undefined;
  const rows = await listTimelineEvents(ctx, { conversationId: id }, input.limit, before);
  const userIds = [...new Set(rows.flatMap((e) => (e.actor_user_id ? [e.actor_user_id] : [])))];
  const names = new Map(
    (await repo.listUserNames(ctx.db, ctx.workspaceId, userIds)).map((u) => [u.id, u.name]),
  );
  return toPage(
    rows,
    input.limit,
    (e) => [e.id],
    (e) => ({ ...e, actor_name: e.actor_user_id ? (names.get(e.actor_user_id) ?? null) : null }),
  );
}

/** Decodes a cursor holding one id. */
export function decodeIdCursor(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !ID.test(id)) {
    throw invalid({ cursor: 'is not a cursor from this list' });
  }
  return id;
}

export interface InboundMessage {
  contact: { email?: string; phone?: string; chat?: string; name?: string; language?: string };
  channel: Channel;
  subject: string;
  body_text: string;
  body_html?: string;
  external_id?: string;
  /** The conversation the source says it answers (e.g. from In-Reply-To), if known. */
  conversation_id?: string;
  /**
   * HTML already sanitised by a channel's own allow-list (inbound email); stored
   * as the message's body_html. Unlike body_html, never from a request body.
   */
  sanitised_html?: string;
  /** Start a new conversation unless conversation_id names an open one (email threads by its own rules). */
  new_conversation?: boolean;
  /** The team of a new conversation (a mailbox's default team). */
  team_id?: string | null;
  /**
   * Recorded on the new conversation's timeline, in the same transaction, when this
   * message opens one (a chat's pre-chat form): never half of it without the other.
   */
  opening_event?: { type: string; data: Record<string, unknown> };
}

/**
 * Stores an inbound message, in one transaction: finds or creates the sender,
 * threads the message into the given conversation (unless it is closed or
 * unknown), else into the sender's latest active conversation on the channel
 * within 7 days, else opens a new one. Idempotent by external_id.
 */
export async function ingestInboundMessage(ctx: Ctx, input: InboundMessage) {
  authorise(ctx, 'create');
  if (!input.contact.email && !input.contact.phone && !input.contact.chat) {
    throw invalid({
      contact: 'give an email, a phone or a chat visitor id to identify the sender',
    });
  }
  if (!input.body_text.trim()) throw invalid({ body_text: 'must not be empty' });
  refuseHtml('body_html', input.body_html);
  const externalId = input.external_id ?? null;

  const identity = contactIdentity(input.contact);
  return retryOnUniqueViolation(ctx, async (retry) => {
    // Most messages continue a conversation and change nothing but its counters:
    // one statement does that (see appendInboundToThread) or writes nothing.
    if (
      !retry &&
      !ctx.db.isTransaction &&
      !input.conversation_id &&
      !input.new_conversation &&
      !input.sanitised_html &&
      identity
    ) {
      const at = ctx.now();
      const appended = await appendInboundToThread(ctx.db, ctx.workspaceId, {
        identity,
        channel: input.channel,
        since: new Date(at.getTime() - THREAD_WINDOW_MS),
        bodyText: input.body_text,
        excerpt: excerptOf(input.body_text),
        externalId,
        at,
      });
      if (appended) {
        const { message_id: messageId, ...conversation } = appended;
        return { conversation, messageId, created: true, conversationCreated: false };
      }
    }
    return withTransaction(ctx, async (tx) => {
      // A repeat is rare: the unique index on external_id refuses it, and the retry
      // (or a caller's transaction, which cannot retry) looks it up first.
      if (externalId && (retry || ctx.db.isTransaction)) {
        const existing = await messages.findMessageByExternalId(tx.db, tx.workspaceId, externalId);
        if (existing) {
          return {
            conversation: await getConversation(tx, existing.conversation_id),
            messageId: existing.id,
            created: false,
            conversationCreated: false,
          };
        }
      }
      const message = {
        direction: 'inbound' as const,
        channel: input.channel,
        bodyText: input.body_text,
        externalId,
        authorUserId: null,
        bodyHtml: input.sanitised_html ?? null,
      };
      // Found by the sender's identity in one query, the thread is locked, and
      // two messages into it are serialised there.
      if (!input.conversation_id && !input.new_conversation && identity) {
        const since = new Date(tx.now().getTime() - THREAD_WINDOW_MS);
        const thread = await repo.lockThreadConversation(
          tx.db,
          tx.workspaceId,
          identity,
          input.channel,
          since,
        );
        if (thread) {
          const { conversation, messageId } = await appendMessage(tx, thread, {
            ...message,
            authorClientId: thread.client_id,
          });
          authorise(tx, 'read', conversation);
          return { conversation, messageId, created: true, conversationCreated: false };
        }
      }
      // Locking the sender threads two messages from one client one after the other
      // (otherwise both could open a new conversation).
      const sender = await findOrCreateClient(tx, input.contact, { lock: true });
      const { client } = sender;
      const thread = await findThread(tx, client.id, input, sender.created);
      const { conversation, messageId } = thread
        ? await appendMessage(tx, thread, { ...message, authorClientId: client.id })
        : await openConversation(
            tx,
            {
              client,
              subject: input.subject.trim().slice(0, 500),
              channel: input.channel,
              direction: 'inbound',
              priority: 'normal',
              teamId: input.team_id ?? null,
              assigneeId: null,
              tags: [],
            },
            { ...message, authorClientId: client.id },
          );
      authorise(tx, 'read', conversation);
      if (!thread && input.opening_event) {
        await recordEvent(tx, {
          type: input.opening_event.type,
          conversationId: conversation.id,
          data: input.opening_event.data,
          byClient: true,
        });
      }
      return { conversation, messageId, created: true, conversationCreated: !thread };
    });
  });
}

/** The locked conversation an inbound message belongs to, or undefined for a new one. */
async function findThread(tx: Ctx, clientId: string, input: InboundMessage, newClient: boolean) {
  if (input.conversation_id && ID.test(input.conversation_id)) {
    const given = await repo.lockConversation(tx.db, tx.workspaceId, input.conversation_id);
    // A closed conversation is finished: a new message starts a new one.
    if (given && given.status !== 'closed') return given;
  }
  // A client created just now has no conversation yet.
  if (newClient || input.new_conversation) return undefined;
  const since = new Date(tx.now().getTime() - THREAD_WINDOW_MS);
  return repo.lockThreadConversation(tx.db, tx.workspaceId, { id: clientId }, input.channel, since);
}
