// Inbound messages of several callers stored in one transaction (group commit for
// chat, SMS webhooks and the API): what ingestInboundMessage does for each, decided
// over one set of look-ups (stored external ids, senders, their threads) and written
// by ingestInboundBatch's multi-row statements.
import { withTransaction, type Ctx } from '../../context.ts';
import {
  createGroupCommitter,
  GroupPartlyStored,
  ItemFailure,
  type GroupCommitter,
} from '../../db/group-commit.ts';
import { forbidden } from '../../errors.ts';
import {
  contactIdentity,
  findOrCreateClientsByIdentity,
  identityKeyOf,
} from '../clients/client.service.ts';
import { excerptOf } from './conversation.status.ts';
import { can } from './conversation.policy.ts';
import { ingestInboundMessage, type InboundMessage } from './conversation.service.ts';
import type { ConversationRecord } from './conversation.repo.ts';
import {
  appendWhereOnlyCountersChange,
  ingestInboundBatch,
  type InboundBatchItem,
} from './ingest-batch.service.ts';
import {
  addInboundMessageAlone,
  addInboundMessages,
  addMessageAlone,
  isGroupableMessage,
  NotGroupable,
  type AddedMessage,
  type AddMessageInput,
} from './message.service.ts';
import * as ingestRepo from './ingest.repo.ts';

/** What storing an inbound message gives its caller. */
export interface InboundOutcome {
  conversationId: string;
  messageId: string;
  /** False when the external_id was stored before: nothing was written. */
  created: boolean;
  conversationCreated: boolean;
}

/** As ingestInboundMessage threads: the sender's conversation on the channel active within 7 days. */
const THREAD_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether ingestInboundMessages takes this message: a sender known by one identity,
 * threaded by the usual rule (no conversation named, no new one forced), text only.
 * Anything else goes by ingestInboundMessage alone.
 */
export function isGroupable(input: InboundMessage): boolean {
  const identities = [input.contact.email, input.contact.phone, input.contact.chat].filter(
    (v) => !!v,
  ).length;
  return (
    identities === 1 &&
    !input.conversation_id &&
    !input.new_conversation &&
    input.body_html === undefined &&
    !!input.body_text.trim()
  );
}

/**
 * Stores inbound messages (each isGroupable) in one transaction, in the order given, as
 * ingestInboundMessage would one after the other: finds or creates the senders, threads
 * each into its sender's latest active conversation on the channel within 7 days (or
 * the one an earlier message of the group opens), else opens one. Idempotent by
 * external_id: a message stored before, or earlier in the group, gives that message
 * with created = false. `received_at` is when each message arrived (default now).
 */
export async function ingestInboundMessages(
  ctx: Ctx,
  inputs: (InboundMessage & { received_at?: Date })[],
): Promise<InboundOutcome[]> {
  if (!can(ctx.actor, 'create')) throw forbidden();
  if (ctx.db.isTransaction) return ingestInTransaction(ctx, inputs);
  // Most messages continue a conversation and change nothing but its counters: one
  // statement stores those of the group (see appendInboundToThreads), a transaction
  // the others.
  const appended = await appendWhereOnlyCountersChange(
    ctx,
    THREAD_WINDOW_MS,
    inputs.map((input) => ({
      identity: contactIdentity(input.contact)!,
      channel: input.channel,
      bodyText: input.body_text,
      excerpt: excerptOf(input.body_text),
      externalId: input.external_id ?? null,
      at: input.received_at ?? ctx.now(),
    })),
    inputs.some((i) => i.sanitised_html),
  );
  const outcomes: InboundOutcome[] = new Array(inputs.length);
  for (const a of appended) {
    outcomes[a.ord] = {
      conversationId: a.conversation_id,
      messageId: a.message_id,
      created: true,
      conversationCreated: false,
    };
  }
  const rest = inputs.flatMap((_, i) => (outcomes[i] ? [] : [i]));
  if (rest.length === 0) return outcomes;
  try {
    const more = await ingestInTransaction(
      ctx,
      rest.map((i) => inputs[i]!),
    );
    rest.forEach((i, n) => (outcomes[i] = more[n]!));
    return outcomes;
  } catch (err) {
    // Nothing stored: the caller may store the group again one by one.
    if (appended.length === 0) throw err;
  }
  // Part of the group is stored: the rest one by one, each with its own answer.
  ctx.log.warn({ messages: rest.length }, 'inbound messages: storing the rest one by one');
  const results: (InboundOutcome | ItemFailure)[] = [...outcomes];
  for (const i of rest) {
    const input = inputs[i]!;
    const at = input.received_at ?? ctx.now();
    try {
      results[i] = await ingestOne({ ...ctx, now: () => at }, input);
    } catch (err) {
      results[i] = new ItemFailure(err);
    }
  }
  if (results.some((r) => r instanceof ItemFailure)) throw new GroupPartlyStored(results);
  return results as InboundOutcome[];
}

/** ingestInboundMessages in the caller's transaction: the general path of each message. */
async function ingestInTransaction(
  ctx: Ctx,
  inputs: (InboundMessage & { received_at?: Date })[],
): Promise<InboundOutcome[]> {
  return withTransaction(ctx, async (tx) => {
    const outcomes: (InboundOutcome | undefined)[] = new Array(inputs.length);
    // Repeats: of a stored message, or of an earlier one of the group.
    const stored = new Map(
      (
        await ingestRepo.listMessagesByExternalIds(tx.db, tx.workspaceId, [
          ...new Set(inputs.flatMap((i) => (i.external_id ? [i.external_id] : []))),
        ])
      ).map((m) => [m.external_id!, m]),
    );
    const firstWith = new Map<string, number>();
    const repeatOf = new Map<number, number>();
    const fresh: number[] = [];
    inputs.forEach((input, i) => {
      const externalId = input.external_id;
      const before = externalId ? stored.get(externalId) : undefined;
      if (before) {
        outcomes[i] = {
          conversationId: before.conversation_id,
          messageId: before.id,
          created: false,
          conversationCreated: false,
        };
      } else if (externalId && firstWith.has(externalId)) {
        repeatOf.set(i, firstWith.get(externalId)!);
      } else {
        if (externalId) firstWith.set(externalId, i);
        fresh.push(i);
      }
    });

    // The senders first, locked: a concurrent group or message with the same sender
    // waits here until this one commits, and its look-ups then see what this stored.
    const clients = await findOrCreateClientsByIdentity(
      tx,
      fresh.map((i) => inputs[i]!.contact),
    );
    const keyOf = (i: number) => identityKeyOf(inputs[i]!.contact);
    const threadKey = (i: number) => `${clients.get(keyOf(i))!.client.id}:${inputs[i]!.channel}`;
    const known = [...new Set(fresh.filter((i) => !clients.get(keyOf(i))!.created))];
    const pairs = new Map(
      known.map((i) => [
        threadKey(i),
        { clientId: clients.get(keyOf(i))!.client.id, channel: inputs[i]!.channel },
      ]),
    );
    const since = new Date(tx.now().getTime() - THREAD_WINDOW_MS);
    const threads = new Map<string, ConversationRecord>();
    for (const c of await ingestRepo.lockThreadsOfClients(
      tx.db,
      tx.workspaceId,
      [...pairs.values()],
      since,
    )) {
      threads.set(`${c.client_id}:${c.channel}`, c);
    }

    const items: InboundBatchItem[] = [];
    const openedBy = new Map<string, number>();
    for (const i of fresh) {
      const input = inputs[i]!;
      const key = threadKey(i);
      const locked = threads.get(key);
      const opener = openedBy.get(key);
      const thread = locked
        ? { conversation: locked }
        : opener !== undefined
          ? { openedBy: opener }
          : undefined;
      if (!thread) openedBy.set(key, items.length);
      items.push({
        contact: input.contact,
        channel: input.channel,
        subject: input.subject,
        body_text: input.body_text,
        sanitised_html: input.sanitised_html,
        external_id: input.external_id ?? null,
        team_id: input.team_id ?? null,
        thread,
        received_at: input.received_at,
        opening_event: input.opening_event,
      });
    }
    const results = await ingestInboundBatch(tx, items);
    fresh.forEach((i, n) => {
      const r = results[n]!;
      outcomes[i] = { ...r, created: true };
    });
    for (const [i, first] of repeatOf) {
      outcomes[i] = { ...outcomes[first]!, created: false, conversationCreated: false };
    }
    return outcomes as InboundOutcome[];
  });
}

/** A group's transaction is its first caller's: its members share a workspace and an actor. */
function actorKey(ctx: Ctx) {
  return ctx.actor.kind === 'user' ? `user:${ctx.actor.userId}` : 'system';
}

/** ingestInboundMessage's answer as an InboundOutcome. */
async function ingestOne(ctx: Ctx, input: InboundMessage): Promise<InboundOutcome> {
  const r = await ingestInboundMessage(ctx, input);
  return {
    conversationId: r.conversation.id,
    messageId: r.messageId,
    created: r.created,
    conversationCreated: r.conversationCreated,
  };
}

/** Stores inbound messages of concurrent callers: alone when nothing waits, together when they do. */
export interface InboundCommitter {
  /** ingestInboundMessage's work (a channel's message: chat, SMS). */
  ingest(ctx: Ctx, input: InboundMessage): Promise<InboundOutcome>;
  /** addMessage's work for a client's message posted to a conversation (the API). */
  add(ctx: Ctx, conversationId: string, input: AddMessageInput): Promise<AddedMessage>;
}

/**
 * A process's group commit of inbound messages (one per app). A message goes at once,
 * by ingestInboundMessage's one-statement path, while fewer than `inFlight` transactions
 * of its workspace and actor are running; otherwise it waits for one of them to commit
 * and goes with the others that waited, in one transaction (ingestInboundMessages).
 * Each caller gets its own result or error: a group that fails is stored again message
 * by message. Messages that cannot be grouped (isGroupable) always go alone.
 */
export function createInboundCommitter(
  options: { inFlight?: number; maxItems?: number } = {},
): InboundCommitter {
  type Item = { ctx: Ctx; input: InboundMessage & { received_at?: Date } };
  const committer: GroupCommitter<Item, InboundOutcome> = createGroupCommitter<
    Item,
    InboundOutcome
  >({
    inFlight: options.inFlight ?? 2,
    maxItems: options.maxItems ?? 200,
    // The group's transaction is its first caller's (same workspace and actor);
    // every message keeps the time its own caller gave it.
    commitMany: (items) =>
      ingestInboundMessages(
        items[0]!.ctx,
        items.map((i) => i.input),
      ),
    commitOne: ({ ctx, input }) => ingestOne(ctx, input),
    onGroupFailed: (err, items) =>
      items[0]!.ctx.log.warn(
        { err, messages: items.length },
        'inbound messages: the group failed; storing them one by one',
      ),
  });
  type Post = { ctx: Ctx; conversationId: string; input: AddMessageInput; receivedAt: Date };
  const posts = createGroupCommitter<Post, AddedMessage>({
    inFlight: options.inFlight ?? 2,
    maxItems: options.maxItems ?? 200,
    commitMany: (items) => addInboundMessages(items[0]!.ctx, items),
    commitOne: ({ ctx, conversationId, input }) =>
      addInboundMessageAlone(ctx, conversationId, input),
    onGroupFailed: (err, items) => {
      // A missing or closed conversation: each message gets addMessage's own answer.
      if (err instanceof NotGroupable) return;
      items[0]!.ctx.log.warn(
        { err, messages: items.length },
        'inbound messages: the group failed; adding them one by one',
      );
    },
  });
  return {
    add(ctx, conversationId, input) {
      if (ctx.db.isTransaction || !isGroupableMessage(input)) {
        return addMessageAlone(ctx, conversationId, input);
      }
      return posts.commit(`${ctx.workspaceId}:${actorKey(ctx)}`, {
        ctx,
        conversationId,
        input,
        receivedAt: ctx.now(),
      });
    },
    ingest(ctx, input) {
      if (ctx.db.isTransaction || !isGroupable(input)) return ingestOne(ctx, input);
      return committer.commit(`${ctx.workspaceId}:${actorKey(ctx)}`, {
        ctx,
        input: { ...input, received_at: ctx.now() },
      });
    },
  };
}

/**
 * Stores an inbound message from a channel: by the app's group commit when the ctx
 * carries one (concurrent messages then share transactions), else alone.
 */
export function ingestInbound(ctx: Ctx, input: InboundMessage): Promise<InboundOutcome> {
  return ctx.inbound ? ctx.inbound.ingest(ctx, input) : ingestOne(ctx, input);
}
