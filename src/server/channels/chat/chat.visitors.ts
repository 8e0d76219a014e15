// The chat visitors' sockets of this process and the fan-out to them. Agents'
// replies, agents' typing and resyncs reach every process on the realtime hub's
// channel (see ADR 0004); each process pushes them to its own visitors of that
// conversation. A visitor's typing travels the other way on the same channel.
import type { WebSocket } from 'ws';
import type { ServerChatFrame } from '../../../shared/api/chat.ts';
import type { Database } from '../../db/database.ts';
import type { BaseCtx } from '../../features/auth/auth.service.ts';
import { REALTIME_CHANNEL, type RealtimeHub } from '../../realtime/realtime.hub.ts';
import {
  chatLimits,
  listVisitorMessagesAfter,
  markRepliesSent,
  systemCtx,
  toChatMessage,
} from './chat.service.ts';

/** One visitor's socket. */
export interface VisitorConnection {
  socket: WebSocket;
  workspaceId: string;
  ip: string;
  /** Set by hello. */
  visitorId: string | null;
  language: string;
  /** Whether the visitor was last told an agent is online (welcome, then each change). */
  online: boolean;
  conversationId: string | null;
  /** The newest message id this socket has been sent (ids grow). */
  lastMessageId: bigint;
  /** The visitor's own messages not pushed back yet, and the ref its widget gave each. */
  refs: Map<string, string | undefined>;
  missedPongs: number;
  lastTypingAt: number;
  transcripts: number;
}

const key = (workspaceId: string, conversationId: string) => `${workspaceId}:${conversationId}`;
/** Visitors cannot send faster than this anyway: the socket's buffer limit, as for agents. */
const MAX_BUFFERED_BYTES = 512 * 1024;
/** A visitor's typing is relayed at most this often (its widget reports while keys are pressed). */
const TYPING_RELAY_MS = 2_000;
/**
 * Which workspaces have an agent online is announced by every process on the
 * channel: at once when its own set changes (checked every second), and again
 * every 10 s; another process's announcement lapses after 30 s (a crashed one).
 */
const AGENTS_CHECK_MS = 1_000;
const AGENTS_REFRESH_MS = 10_000;
const AGENTS_TTL_MS = 30_000;
/** Workspace ids per announcement, far under pg_notify's 8000 bytes. */
const AGENTS_PER_PAYLOAD = 300;

export class ChatVisitors {
  readonly #all = new Set<VisitorConnection>();
  readonly #byConversation = new Map<string, Set<VisitorConnection>>();
  readonly #perIp = new Map<string, number>();
  /** Send times of each visitor's recent messages (workspace:visitor), for the rate limit. */
  readonly #recent = new Map<string, number[]>();
  /** Conversations being refetched; true: fetch again when done (a notice arrived meanwhile). */
  readonly #fetching = new Map<string, boolean>();
  /** Agents online in other processes: workspace → process → until (ms). */
  readonly #agentsElsewhere = new Map<string, Map<string, number>>();
  #announced = '';
  #announcedAt = 0;
  #unsubscribe?: () => void;
  #timer?: NodeJS.Timeout;
  #agentsTimer?: NodeJS.Timeout;

  constructor(
    private readonly base: BaseCtx,
    private readonly database: Database,
    private readonly hub: RealtimeHub,
    private readonly heartbeatMs = 25_000,
  ) {}

  start() {
    this.#unsubscribe = this.hub.subscribe((p) => this.#onPayload(p));
    this.#timer = setInterval(() => this.#heartbeat(), this.heartbeatMs);
    this.#timer.unref();
    this.#agentsTimer = setInterval(() => {
      void this.#announceAgents();
      this.#tellOnline();
    }, AGENTS_CHECK_MS);
    this.#agentsTimer.unref();
    void this.#announceAgents();
  }

  async stop() {
    this.#unsubscribe?.();
    clearInterval(this.#timer);
    clearInterval(this.#agentsTimer);
    for (const v of this.#all) v.socket.close(1001, 'server stopping');
    // The other processes forget this one's agents now rather than after the TTL.
    if (this.#announced)
      await this.#notify({ t: 'chat_agents', p: this.hub.processId, w: [], all: true });
  }

  /** Whether an agent of the workspace has the app open, in this process or another. */
  isAgentOnline(workspaceId: string) {
    if (this.hub.hasConnections(workspaceId)) return true;
    const now = Date.now();
    for (const until of this.#agentsElsewhere.get(workspaceId)?.values() ?? [])
      if (until > now) return true;
    return false;
  }

  /**
   * Tells visitors (after their welcome) when their workspace's agents come online or the
   * last one leaves, so a widget left open switches between the chat and the message form.
   */
  #tellOnline() {
    const online = new Map<string, boolean>();
    for (const v of this.#all) {
      if (!v.visitorId) continue;
      let now = online.get(v.workspaceId);
      if (now === undefined) online.set(v.workspaceId, (now = this.isAgentOnline(v.workspaceId)));
      if (v.online === now) continue;
      v.online = now;
      this.send(v, { type: 'online', online: now });
    }
  }

  async #announceAgents() {
    const workspaces = this.hub.workspacesWithConnections().sort();
    const key = workspaces.join(',');
    const now = Date.now();
    if (key === this.#announced && now - this.#announcedAt < AGENTS_REFRESH_MS) return;
    this.#announced = key;
    this.#announcedAt = now;
    const all = workspaces.length <= AGENTS_PER_PAYLOAD;
    for (let i = 0; i === 0 || i < workspaces.length; i += AGENTS_PER_PAYLOAD) {
      const w = workspaces.slice(i, i + AGENTS_PER_PAYLOAD);
      await this.#notify({ t: 'chat_agents', p: this.hub.processId, w, all });
    }
  }

  #onAgents(processId: string, workspaces: string[], all: boolean) {
    if (processId === this.hub.processId) return;
    const until = Date.now() + AGENTS_TTL_MS;
    const listed = new Set(workspaces);
    if (all) {
      for (const [w, processes] of this.#agentsElsewhere) {
        if (listed.has(w)) continue;
        processes.delete(processId);
        if (processes.size === 0) this.#agentsElsewhere.delete(w);
      }
    }
    for (const w of listed) {
      let processes = this.#agentsElsewhere.get(w);
      if (!processes) this.#agentsElsewhere.set(w, (processes = new Map()));
      processes.set(processId, until);
    }
  }

  async #notify(payload: object) {
    try {
      await this.database.query('select pg_notify($1, $2)', [
        REALTIME_CHANNEL,
        JSON.stringify(payload),
      ]);
    } catch (err) {
      this.base.log.warn({ err }, 'chat: not announced on the realtime channel');
    }
  }

  get size() {
    return this.#all.size;
  }

  /** Whether this address may open one more socket. */
  canConnect(ip: string) {
    return (this.#perIp.get(ip) ?? 0) < chatLimits.maxConnectionsPerIp;
  }

  /** Registers a new socket; it is forgotten when it closes. */
  attach(socket: WebSocket, workspaceId: string, ip: string): VisitorConnection {
    const v: VisitorConnection = {
      socket,
      workspaceId,
      ip,
      visitorId: null,
      language: 'en',
      online: false,
      conversationId: null,
      lastMessageId: 0n,
      refs: new Map(),
      missedPongs: 0,
      lastTypingAt: 0,
      transcripts: 0,
    };
    this.#all.add(v);
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    socket.on('pong', () => (v.missedPongs = 0));
    socket.on('close', () => {
      this.#all.delete(v);
      const n = (this.#perIp.get(ip) ?? 1) - 1;
      if (n > 0) this.#perIp.set(ip, n);
      else this.#perIp.delete(ip);
      if (v.conversationId) {
        if (v.lastTypingAt) void this.announceTyping(v, false);
        this.#leave(v);
      }
    });
    return v;
  }

  /** The socket follows this conversation from now on. */
  join(v: VisitorConnection, conversationId: string) {
    if (v.conversationId === conversationId) return;
    if (v.conversationId) this.#leave(v);
    v.conversationId = conversationId;
    const k = key(v.workspaceId, conversationId);
    let set = this.#byConversation.get(k);
    if (!set) this.#byConversation.set(k, (set = new Set()));
    set.add(v);
  }

  #leave(v: VisitorConnection) {
    const k = key(v.workspaceId, v.conversationId!);
    const set = this.#byConversation.get(k);
    set?.delete(v);
    if (set?.size === 0) this.#byConversation.delete(k);
  }

  send(v: VisitorConnection, frame: ServerChatFrame) {
    const { socket } = v;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(frame));
  }

  /**
   * Counts a message of the visitor against its limit (all its sockets in this
   * process together); returns how long to wait when over it, else 0.
   */
  takeMessage(v: VisitorConnection, now: number): number {
    const k = `${v.workspaceId}:${v.visitorId}`;
    const times = (this.#recent.get(k) ?? []).filter((t) => t > now - chatLimits.windowMs);
    if (times.length >= chatLimits.maxMessages) {
      this.#recent.set(k, times);
      return times[0]! + chatLimits.windowMs - now;
    }
    times.push(now);
    this.#recent.set(k, times);
    return 0;
  }

  /** Tells the agents (in every process) that the visitor types or stopped. */
  async announceTyping(v: VisitorConnection, typing: boolean) {
    if (!v.conversationId) return;
    const now = Date.now();
    if (typing && now - v.lastTypingAt < TYPING_RELAY_MS) return;
    v.lastTypingAt = typing ? now : 0;
    await this.#notify({ t: 'chat_typing', w: v.workspaceId, c: v.conversationId, s: typing });
  }

  #onPayload(p: { t: string; w?: string } & Record<string, unknown>) {
    switch (p.t) {
      case 'message': {
        const visitors = this.#byConversation.get(key(p.w!, p.c as string));
        if (!visitors) break;
        // The visitor's own message, already pushed back: no query for nothing.
        const newest = /^\d+$/.test(String(p.m)) ? BigInt(p.m as string) : undefined;
        if (newest !== undefined && [...visitors].every((v) => v.lastMessageId >= newest)) break;
        this.refresh(p.w!, p.c as string);
        break;
      }
      case 'resync':
        for (const k of this.#byConversation.keys()) {
          const [w, c] = k.split(':') as [string, string];
          if (w === p.w) this.refresh(w, c);
        }
        break;
      case 'presence':
        // An agent writing in the conversation's composer.
        if (p.s === 'replying' && typeof p.c === 'string') {
          for (const v of this.#byConversation.get(key(p.w!, p.c)) ?? [])
            this.send(v, { type: 'typing', typing: true });
        }
        break;
      case 'chat_agents':
        if (Array.isArray(p.w)) this.#onAgents(p.p as string, p.w as string[], p.all === true);
        break;
      case 'chat_typing':
        this.hub.sendToWorkspace(p.w!, {
          type: 'chat.typing',
          conversation_id: p.c as string,
          typing: p.s === true,
        });
        break;
    }
  }

  /** Sends the conversation's visitors what they have not seen yet (one query for all of them). */
  refresh(workspaceId: string, conversationId: string) {
    const k = key(workspaceId, conversationId);
    if (this.#fetching.has(k)) {
      this.#fetching.set(k, true);
      return;
    }
    this.#fetching.set(k, false);
    void this.#fetch(workspaceId, conversationId)
      .catch((err: unknown) => this.base.log.warn({ err }, 'chat: messages not pushed'))
      .finally(() => {
        const again = this.#fetching.get(k);
        this.#fetching.delete(k);
        if (again) this.refresh(workspaceId, conversationId);
      });
  }

  async #fetch(workspaceId: string, conversationId: string) {
    const visitors = this.#byConversation.get(key(workspaceId, conversationId));
    if (!visitors?.size) return;
    let after: bigint | undefined;
    for (const v of visitors)
      if (after === undefined || v.lastMessageId < after) after = v.lastMessageId;
    const ctx = systemCtx(this.base, workspaceId);
    const rows = await listVisitorMessagesAfter(ctx, conversationId, String(after ?? 0n));
    if (rows.length === 0) return;
    const delivered = new Set<string>();
    for (const v of visitors) {
      for (const row of rows) {
        const id = BigInt(row.id);
        if (id <= v.lastMessageId) continue;
        const ref = v.refs.get(row.id);
        v.refs.delete(row.id);
        this.send(v, { type: 'message', message: toChatMessage(row), ...(ref ? { ref } : {}) });
        v.lastMessageId = id;
        if (row.direction === 'outbound') delivered.add(row.id);
      }
    }
    await markRepliesSent(ctx, [...delivered]);
  }

  #heartbeat() {
    // Visitors quiet for a whole window are forgotten by the rate limit.
    const since = Date.now() - chatLimits.windowMs;
    for (const [k, times] of this.#recent) if (times.at(-1)! <= since) this.#recent.delete(k);
    for (const v of this.#all) {
      if (v.missedPongs >= 2) {
        v.socket.terminate();
        continue;
      }
      v.missedPongs++;
      v.socket.ping();
    }
  }
}
