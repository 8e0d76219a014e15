import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { BaseCtx } from '../../features/auth/auth.service.ts';
import { ingestInbound } from '../../features/conversations/ingest-many.service.ts';
import type { Ctx } from '../../context.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Secrets } from '../../security/secrets.ts';
import { CHAT_MAX_TEXT_CHARS, type ChatMessage } from '../../../shared/api/chat.ts';
import * as repo from './chat.repo.ts';

/** Chat limits (production values; tests shorten nothing but may read them). */
export const chatLimits = {
  /** Messages a visitor may send per window; more get an error frame. */
  maxMessages: 10,
  windowMs: 10_000,
  /** Visitor sockets one IP address may hold at once. */
  maxConnectionsPerIp: 50,
  maxTextChars: CHAT_MAX_TEXT_CHARS,
  /** Frames of any kind (typing included) a socket may send per window before it is closed. */
  maxFrames: 60,
  /** Transcripts one socket may ask for. */
  maxTranscripts: 3,
  /** How long a new socket may take to say hello. */
  helloTimeoutMs: 10_000,
  /** How many earlier messages a returning visitor sees. */
  historyMessages: 50,
};

/** What a visitor's browser may send (JSON text frames). */
export const VisitorFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().max(500).optional(),
    language: z.string().max(20).optional(),
  }),
  z.object({
    type: z.literal('message'),
    text: z.string().trim().min(1).max(chatLimits.maxTextChars),
    ref: z.string().max(40).optional(),
    name: z.string().trim().max(200).optional(),
    email: z.email().max(254).optional(),
  }),
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
  z.object({
    type: z.literal('leave_message'),
    text: z.string().trim().min(1).max(chatLimits.maxTextChars),
    email: z.email().max(254),
    name: z.string().trim().max(200).optional(),
  }),
  z.object({ type: z.literal('transcript'), email: z.email().max(254) }),
]);
export type VisitorFrame = z.infer<typeof VisitorFrame>;

/**
 * Signs and checks visitor tokens. With the app's secrets the token is sealed
 * (AES-GCM, so it cannot be forged and is valid in every process); without
 * them (a test app) an HMAC with a per-process key.
 */
export class VisitorTokens {
  readonly #key = randomBytes(32);
  constructor(private readonly secrets: Secrets | undefined) {}

  issue(workspaceId: string, visitorId: string = randomUUID()) {
    const payload = `${workspaceId}.${visitorId}`;
    if (this.secrets) return { visitorId, token: this.secrets.seal(payload) };
    const mac = createHmac('sha256', this.#key).update(payload).digest('base64url');
    return { visitorId, token: `${payload}.${mac}` };
  }

  /** The visitor id of a token of this workspace, or undefined (forged, other workspace). */
  verify(workspaceId: string, token: string): string | undefined {
    let payload: string;
    try {
      if (this.secrets) payload = this.secrets.open(token);
      else {
        const i = token.lastIndexOf('.');
        payload = token.slice(0, i);
        const mac = Buffer.from(token.slice(i + 1), 'base64url');
        const want = createHmac('sha256', this.#key).update(payload).digest();
        if (mac.length !== want.length || !timingSafeEqual(mac, want)) return undefined;
      }
    } catch {
      return undefined;
    }
    const [w, v] = payload.split('.');
    return w === workspaceId && v && /^[0-9a-f-]{36}$/.test(v) ? v : undefined;
  }
}

export function systemCtx(base: BaseCtx, workspaceId: string): Ctx {
  return {
    workspaceId,
    actor: { kind: 'system' },
    db: base.db,
    log: base.log,
    now: base.now,
    jobs: base.jobs,
    secrets: base.secrets,
    inbound: base.inbound,
  };
}

function subjectOf(text: string) {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * A visitor's chat message: into its chat conversation (a new one when none is
 * open). The pre-chat form's email is unverified: it is shown to the agents on
 * the timeline (chat.prechat) but never identifies the client, or a visitor
 * typing someone else's address would read that person's conversations.
 */
export async function receiveChatMessage(
  ctx: Ctx,
  visitor: { visitorId: string; name?: string; email?: string; language: string },
  text: string,
) {
  // Visitors writing at once share transactions (group commit); one alone goes at once.
  const result = await ingestInbound(ctx, {
    contact: { chat: visitor.visitorId, name: visitor.name, language: visitor.language },
    channel: 'chat',
    subject: subjectOf(text),
    body_text: text,
    ...(visitor.name || visitor.email
      ? {
          opening_event: {
            type: 'chat.prechat',
            data: { name: visitor.name ?? null, email: visitor.email ?? null },
          },
        }
      : {}),
  });
  return { conversationId: result.conversationId, messageId: result.messageId as string | null };
}

/** "Leave a message" when nobody is online: it becomes an email conversation with the visitor's address. */
export async function leaveMessage(
  ctx: Ctx,
  input: { email: string; name?: string; text: string; language: string },
) {
  const result = await ingestInbound(ctx, {
    contact: { email: input.email, name: input.name, language: input.language },
    channel: 'email',
    subject: subjectOf(input.text),
    body_text: input.text,
    new_conversation: true,
  });
  return { conversationId: result.conversationId };
}

export const TRANSCRIPT_JOB = 'chat.transcript';

/**
 * Stores the visitor's transcript request and enqueues its sending (job
 * chat.transcript) in the same transaction.
 */
export async function requestTranscript(
  ctx: Ctx,
  input: { conversationId: string; email: string; language: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertTranscriptRequest(trx, ctx.workspaceId, input);
    if (ctx.jobs)
      await ctx.jobs.sendWith(trx, TRANSCRIPT_JOB, {
        workspaceId: ctx.workspaceId,
        requestId: row.id,
      });
    return row;
  });
}

/** A stored message as the visitor sees it. */
export function toChatMessage(m: repo.ChatMessageRow): ChatMessage {
  return {
    id: m.id,
    from: m.direction === 'inbound' ? 'visitor' : 'agent',
    text: m.body_text,
    at: m.created_at.toISOString(),
    author: m.direction === 'inbound' ? null : m.author_name,
  };
}

/**
 * A visitor says hello: who it is (its token, or a new identity) and what it
 * sees (the chat settings, its open conversation's latest messages).
 * Undefined when the workspace does not exist or has chat turned off.
 */
export async function greetVisitor(
  ctx: Ctx,
  tokens: VisitorTokens,
  input: { token?: string; language: string },
) {
  const settings = await repo.findChatSettings(ctx.db, ctx.workspaceId);
  if (!settings?.enabled) return undefined;
  const known = input.token ? tokens.verify(ctx.workspaceId, input.token) : undefined;
  const { visitorId, token } = known
    ? { visitorId: known, token: input.token! }
    : tokens.issue(ctx.workspaceId);
  const conversation = known
    ? await repo.findVisitorConversation(ctx.db, ctx.workspaceId, visitorId)
    : undefined;
  // A closed conversation is over: the next message starts a new one, shown empty.
  const current = conversation && conversation.status !== 'closed' ? conversation : undefined;
  const messages = current
    ? await repo.listMessagesAfter(
        ctx.db,
        ctx.workspaceId,
        current.id,
        '0',
        chatLimits.historyMessages,
      )
    : [];
  return {
    visitorId,
    token,
    settings,
    conversationId: current?.id ?? null,
    messages,
    greeting: settings.greetings[input.language] ?? null,
  };
}

/** The visible messages of the conversation after a message id (what a visitor's socket missed). */
export function listVisitorMessagesAfter(ctx: Ctx, conversationId: string, afterId: string) {
  return repo.listMessagesAfter(ctx.db, ctx.workspaceId, conversationId, afterId);
}

/** Agents' replies that reached the visitor's socket count as sent. */
export function markRepliesSent(ctx: Ctx, messageIds: string[]) {
  return repo.markSent(ctx.db, ctx.workspaceId, messageIds);
}

/** Admins change the chat settings; admins and supervisors see them (the widget reads them through its socket). */
function assertCanSettings(ctx: Ctx, action: 'view' | 'update') {
  if (ctx.actor.kind !== 'user') return;
  const role = ctx.actor.role;
  if (role === 'admin' || (action === 'view' && role === 'supervisor')) return;
  throw forbidden(
    action === 'view'
      ? 'only admins and supervisors see the chat settings'
      : 'only admins change the chat settings',
  );
}

export async function getChatSettings(ctx: Ctx): Promise<repo.ChatSettings> {
  assertCanSettings(ctx, 'view');
  const settings = await repo.findChatSettings(ctx.db, ctx.workspaceId);
  if (!settings) throw notFound('workspace');
  return settings;
}

export async function updateChatSettings(ctx: Ctx, input: repo.ChatSettings) {
  assertCanSettings(ctx, 'update');
  await repo.upsertChatSettings(ctx.db, ctx.workspaceId, input, ctx.now());
  return getChatSettings(ctx);
}
