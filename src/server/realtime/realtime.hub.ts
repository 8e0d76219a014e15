import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import {
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_SLOW,
  type PresenceState,
  type ServerMessage,
} from '../../shared/api/realtime.ts';
import type { Database } from '../db/database.ts';
import { PresenceTable, type PresenceUpdate } from './presence.ts';

/**
 * The one channel every process listens on. The triggers of 0013_realtime.sql
 * (as changed by 0021_realtime_outbox.sql) send on it: on PostgreSQL through
 * the outbox that every process drains (realtime_drain), on PGlite at once.
 */
export const REALTIME_CHANNEL = 'rapport_realtime';

export interface RealtimeTuning {
  /** How often each socket gets a ping; two pings in a row unanswered end it. */
  heartbeatMs: number;
  /** How often an open socket's session or token is checked again (expiry, revocation). */
  authCheckMs: number;
  /** A client this far behind (bytes queued for it) is dropped rather than buffered for. */
  maxBufferedBytes: number;
  /** How often presence is swept for timeouts. */
  presenceSweepMs: number;
  /** Frames a client may send per window before it is cut off. */
  maxClientFrames: number;
  clientWindowMs: number;
  /** How often this process drains the outbox of committed notices onto the channel (PostgreSQL). */
  drainMs: number;
}

/** Production values; integration tests shorten some (a test seam, not configuration). */
export const realtimeTuning: RealtimeTuning = {
  heartbeatMs: 25_000,
  authCheckMs: 60_000,
  maxBufferedBytes: 512 * 1024,
  presenceSweepMs: 1_000,
  maxClientFrames: 60,
  clientWindowMs: 10_000,
  drainMs: 25,
};

/** Payloads per drain; a full batch is followed by another drain at once. */
const DRAIN_BATCH = 5000;

/** Who is at the other end of a socket, as authenticated on the upgrade. */
export interface ConnectionAuth {
  workspaceId: string;
  userId: string;
  userName: string;
  /** For a cookie session: the first 16 hex digits of its id hash (ended sessions are announced by it). */
  sessionPrefix?: string;
  /** Re-checks the credential the socket was opened with; false closes the socket. */
  isStillValid: () => Promise<boolean>;
}

interface Connection extends ConnectionAuth {
  /** Unique across processes: presence entries are keyed by it. */
  key: string;
  socket: WebSocket;
  conversationId: string | null;
  missedPongs: number;
  nextAuthCheckAt: number;
  checking: boolean;
}

/** What the triggers and the processes announce on the channel (see 0013_realtime.sql). */
type ChannelPayload =
  | { t: 'change'; w: string; c: string[]; n: string[]; cl: string[] }
  | { t: 'message'; w: string; c: string; m: string }
  | { t: 'message_state'; w: string; c: string; m: string }
  | { t: 'notification'; w: string; u: string; n: string }
  | { t: 'resync'; w: string }
  | { t: 'session_end'; s: string }
  | { t: 'session_check' }
  | {
      t: 'presence';
      k: string;
      w: string;
      c: string | null;
      u: string;
      n: string;
      s: PresenceState;
    };

/**
 * The sockets of this process and the fan-out to them. Every change reaches
 * every process through PostgreSQL NOTIFY, sent by triggers (on PostgreSQL
 * through an outbox the processes drain after the commit; see ADR 0006),
 * presence too (NOTIFY outside any transaction); each process delivers to its
 * own sockets of the payload's workspace only.
 */
export class RealtimeHub {
  readonly processId = randomUUID().slice(0, 8);
  readonly #byWorkspace = new Map<string, Set<Connection>>();
  readonly #presence = new PresenceTable();
  /** What each conversation's subscribers were last sent, so unchanged presence is not resent. */
  readonly #lastPeople = new Map<string, string>();
  #seq = 0;
  /** Other modules' listeners to every payload heard on the channel (the chat visitors' sockets). */
  readonly #subscribers = new Set<
    (payload: { t: string; w?: string } & Record<string, unknown>) => void
  >();
  #stopListening?: () => Promise<void>;
  #timers: NodeJS.Timeout[] = [];
  #drainTimer?: NodeJS.Timeout;
  #draining?: Promise<void>;
  #stopped = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly tuning: RealtimeTuning = realtimeTuning,
  ) {}

  /** Starts listening on the channel and the timers (heartbeat, presence expiry, re-authentication). */
  async start() {
    this.#stopListening = await this.database.listen(
      REALTIME_CHANNEL,
      (payload) => this.#onPayload(payload),
      () => this.#resyncEveryone(),
    );
    this.#every(this.tuning.heartbeatMs, () => this.#heartbeat());
    this.#every(this.tuning.presenceSweepMs, () => this.#sweepPresence());
    this.#every(Math.min(this.tuning.authCheckMs, 5_000), () => this.#recheckAuth());
    this.#stopped = false;
    // On PGlite the triggers notify at once (one connection: nothing to gain),
    // so the outbox is drained only once, of anything left from elsewhere.
    if (this.database.kind === 'postgres') this.#scheduleDrain(0);
    else await this.drain();
  }

  /**
   * Sends the notices committed to the outbox since the last drain (of any
   * process: one drainer at a time across processes, the others skip their turn).
   */
  async drain(): Promise<void> {
    for (;;) {
      const { rows } = await this.database.query<{ n: number }>('select realtime_drain($1) as n', [
        DRAIN_BATCH,
      ]);
      if ((rows[0]?.n ?? 0) < DRAIN_BATCH) return;
    }
  }

  #scheduleDrain(ms: number) {
    if (this.#stopped) return;
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = undefined;
      this.#draining = this.drain()
        .catch((err: unknown) => this.log.warn({ err }, 'realtime: outbox not drained'))
        .finally(() => {
          this.#draining = undefined;
          this.#scheduleDrain(this.tuning.drainMs);
        });
    }, ms);
    this.#drainTimer.unref();
  }

  /** Stops the timers and the listener; tells the other processes this one's tabs are gone. */
  async stop() {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#stopped = true;
    if (this.#drainTimer) clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
    await this.#draining;
    // What this process committed last goes out now rather than at another's next turn.
    if (this.database.kind === 'postgres') {
      await this.drain().catch((err: unknown) =>
        this.log.warn({ err }, 'realtime: outbox not drained'),
      );
    }
    const leaving = [...this.#connections()].filter((c) => c.conversationId !== null);
    await Promise.all(leaving.map((c) => this.#announce(c, null, 'viewing')));
    await this.#stopListening?.();
    this.#stopListening = undefined;
  }

  /** Takes an authenticated socket: registers it, says hello, and forgets it when it closes. */
  attach(socket: WebSocket, auth: ConnectionAuth): Connection {
    const conn: Connection = {
      ...auth,
      key: `${this.processId}.${++this.#seq}`,
      socket,
      conversationId: null,
      missedPongs: 0,
      nextAuthCheckAt: Date.now() + this.tuning.authCheckMs,
      checking: false,
    };
    let set = this.#byWorkspace.get(auth.workspaceId);
    if (!set) this.#byWorkspace.set(auth.workspaceId, (set = new Set()));
    set.add(conn);
    socket.on('pong', () => (conn.missedPongs = 0));
    socket.on('close', () => {
      set.delete(conn);
      if (set.size === 0) this.#byWorkspace.delete(auth.workspaceId);
      if (conn.conversationId !== null) void this.#announce(conn, null, 'viewing');
    });
    this.send(conn, { type: 'hello', user_id: auth.userId, heartbeat_ms: this.tuning.heartbeatMs });
    return conn;
  }

  /** The client says which conversation it has open and whether it is typing. */
  async setPresence(conn: Connection, conversationId: string | null, state: PresenceState) {
    const moved = conn.conversationId !== conversationId;
    conn.conversationId = conversationId;
    // Show who is already there at once; the announcement comes back through the channel.
    if (moved && conversationId !== null) {
      const people = this.#presence.people(conn.workspaceId, conversationId, Date.now());
      this.send(conn, { type: 'presence', conversation_id: conversationId, people });
    }
    await this.#announce(conn, conversationId, state);
  }

  /**
   * Sends one message, unless the client is too far behind: a socket that does
   * not read is dropped (it reconnects and resyncs) instead of buffered for.
   */
  send(conn: Pick<Connection, 'socket' | 'key'>, message: ServerMessage) {
    const { socket } = conn;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.tuning.maxBufferedBytes) {
      this.log.warn({ socket: conn.key }, 'realtime: dropping a client that does not keep up');
      socket.close(CLOSE_TOO_SLOW, 'too slow');
      // A client that does not read will not read the close frame either.
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  }

  /** Sends to every socket of the workspace (optionally only one user's). */
  sendToWorkspace(workspaceId: string, message: ServerMessage, userId?: string) {
    const set = this.#byWorkspace.get(workspaceId);
    if (!set) return;
    for (const conn of set) if (!userId || conn.userId === userId) this.send(conn, message);
  }

  /** Calls fn with every payload heard on the channel, after the hub's own handling; returns the unsubscribe. */
  subscribe(fn: (payload: { t: string; w?: string } & Record<string, unknown>) => void) {
    this.#subscribers.add(fn);
    return () => void this.#subscribers.delete(fn);
  }

  /** Whether any agent of the workspace has a socket open in this process. */
  hasConnections(workspaceId: string) {
    return (this.#byWorkspace.get(workspaceId)?.size ?? 0) > 0;
  }

  /** The workspaces with at least one agent socket in this process (the chat says who is online). */
  workspacesWithConnections(): string[] {
    return [...this.#byWorkspace.keys()];
  }

  /** How many sockets this process holds (for tests and logs). */
  get connectionCount() {
    let n = 0;
    for (const set of this.#byWorkspace.values()) n += set.size;
    return n;
  }

  *#connections() {
    for (const set of this.#byWorkspace.values()) yield* set;
  }

  #every(ms: number, fn: () => void | Promise<void>) {
    const timer = setInterval(() => {
      Promise.resolve(fn()).catch((err: unknown) => this.log.error({ err }, 'realtime timer'));
    }, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  async #announce(conn: Connection, conversationId: string | null, state: PresenceState) {
    const payload: ChannelPayload = {
      t: 'presence',
      k: conn.key,
      w: conn.workspaceId,
      c: conversationId,
      u: conn.userId,
      n: conn.userName,
      s: state,
    };
    try {
      await this.database.query('select pg_notify($1, $2)', [
        REALTIME_CHANNEL,
        JSON.stringify(payload),
      ]);
    } catch (err) {
      this.log.warn({ err }, 'realtime: presence not announced');
    }
  }

  #onPayload(raw: string) {
    let p: ChannelPayload;
    try {
      p = JSON.parse(raw) as ChannelPayload;
    } catch {
      this.log.warn({ raw: raw.slice(0, 200) }, 'realtime: unreadable payload');
      return;
    }
    for (const fn of this.#subscribers) {
      try {
        fn(p as unknown as { t: string; w?: string } & Record<string, unknown>);
      } catch (err) {
        this.log.warn({ err }, 'realtime: a subscriber failed');
      }
    }
    switch (p.t) {
      case 'change': {
        const created = new Set(p.n);
        for (const id of p.c) {
          this.sendToWorkspace(p.w, {
            type: created.has(id) ? 'conversation.created' : 'conversation.updated',
            conversation_id: id,
          });
        }
        for (const id of p.cl) this.sendToWorkspace(p.w, { type: 'client.updated', client_id: id });
        if (p.c.length > 0) this.sendToWorkspace(p.w, { type: 'counts.changed' });
        break;
      }
      case 'message':
        this.sendToWorkspace(p.w, {
          type: 'message.created',
          conversation_id: p.c,
          message_id: p.m,
        });
        this.sendToWorkspace(p.w, { type: 'counts.changed' });
        break;
      case 'message_state':
        this.sendToWorkspace(p.w, {
          type: 'message.updated',
          conversation_id: p.c,
          message_id: p.m,
        });
        break;
      case 'notification':
        this.sendToWorkspace(p.w, { type: 'notification.created', notification_id: p.n }, p.u);
        break;
      case 'resync':
        this.sendToWorkspace(p.w, { type: 'resync' });
        break;
      case 'session_end':
        for (const conn of this.#connections()) {
          if (conn.sessionPrefix === p.s) conn.socket.close(CLOSE_SESSION_ENDED, 'session ended');
        }
        break;
      case 'session_check':
        for (const conn of this.#connections()) if (conn.sessionPrefix) conn.nextAuthCheckAt = 0;
        void this.#recheckAuth();
        break;
      case 'presence': {
        const update: PresenceUpdate = {
          key: p.k,
          workspaceId: p.w,
          conversationId: p.c,
          userId: p.u,
          name: p.n,
          state: p.s,
        };
        this.#pushPeople(this.#presence.apply(update, Date.now()));
        break;
      }
    }
  }

  /** Sends the new list of people to this process's sockets that have those conversations open. */
  #pushPeople(conversationKeys: string[]) {
    const now = Date.now();
    for (const key of conversationKeys) {
      const [workspaceId, conversationId] = key.split(':') as [string, string];
      const people = this.#presence.people(workspaceId, conversationId, now);
      const json = JSON.stringify(people);
      if (this.#lastPeople.get(key) === json) continue;
      if (people.length === 0) this.#lastPeople.delete(key);
      else this.#lastPeople.set(key, json);
      const set = this.#byWorkspace.get(workspaceId);
      if (!set) continue;
      for (const conn of set) {
        if (conn.conversationId === conversationId)
          this.send(conn, { type: 'presence', conversation_id: conversationId, people });
      }
    }
  }

  #sweepPresence() {
    this.#pushPeople(this.#presence.expire(Date.now()));
  }

  #heartbeat() {
    for (const conn of this.#connections()) {
      if (conn.missedPongs >= 2) {
        this.log.info({ socket: conn.key }, 'realtime: no pong, closing');
        conn.socket.terminate();
        continue;
      }
      conn.missedPongs++;
      conn.socket.ping();
      // Browsers answer pings without telling the page: this one lets the page see a dead link.
      this.send(conn, { type: 'ping' });
    }
  }

  async #recheckAuth() {
    const now = Date.now();
    for (const conn of [...this.#connections()]) {
      if (conn.checking || conn.nextAuthCheckAt > now) continue;
      conn.checking = true;
      try {
        const valid = await conn.isStillValid();
        if (!valid) conn.socket.close(CLOSE_SESSION_ENDED, 'session ended');
      } catch (err) {
        this.log.warn({ err }, 'realtime: could not re-check a socket');
      } finally {
        conn.checking = false;
        conn.nextAuthCheckAt = Date.now() + this.tuning.authCheckMs;
      }
    }
  }

  #resyncEveryone() {
    for (const conn of this.#connections()) this.send(conn, { type: 'resync' });
  }
}

export type { Connection as RealtimeConnection };
