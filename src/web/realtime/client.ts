import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type {
  ClientMessage,
  PresencePerson,
  PresenceState,
  ServerMessage,
} from '../../shared/api/realtime.ts';
import { CLOSE_SESSION_ENDED, PRESENCE_VIEWING_TTL_MS } from '../../shared/api/constants.ts';
import { CHAT_TYPING_TTL_MS } from '../../shared/api/chat.ts';

export type ConnectionState = 'connecting' | 'open' | 'offline';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Changes arriving together are refetched together. */
const INVALIDATE_AFTER_MS = 150;

/**
 * The one realtime socket of this tab: reconnects with backoff, turns change
 * notices into TanStack Query invalidations, keeps the presence of the open
 * conversation and announces this tab's own.
 */
class RealtimeClient {
  #queryClient?: QueryClient;
  #socket?: WebSocket;
  #state: ConnectionState = 'offline';
  #attempt = 0;
  #retry?: ReturnType<typeof setTimeout>;
  #silence?: ReturnType<typeof setTimeout>;
  #heartbeatMs = 25_000;
  #everConnected = false;
  #userId?: string;
  #focus: { conversationId: string | null; state: PresenceState } = {
    conversationId: null,
    state: 'viewing',
  };
  #refresh?: ReturnType<typeof setInterval>;
  #people = new Map<string, PresencePerson[]>();
  #pending = new Map<string, QueryKey>();
  #everything = false;
  #flush?: ReturnType<typeof setTimeout>;
  #listeners = new Set<() => void>();
  #version = 0;
  /** Chat conversations whose visitor is typing, with a timer that ends it. */
  #visitorTyping = new Map<string, ReturnType<typeof setTimeout>>();

  /** Opens the socket (once per tab); the query client receives the invalidations. */
  start(queryClient: QueryClient) {
    this.#queryClient = queryClient;
    if (this.#socket || this.#retry) return;
    this.#connect();
  }

  /** Closes the socket for good (sign-out, the shell unmounting). */
  stop() {
    clearTimeout(this.#retry);
    clearTimeout(this.#silence);
    clearInterval(this.#refresh);
    this.#retry = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'bye');
    this.#people.clear();
    this.#everConnected = false;
    this.#setState('offline');
  }

  get state() {
    return this.#state;
  }
  get userId() {
    return this.#userId;
  }
  /** Whether the link was lost after it had worked (the UI says so). */
  get isReconnecting() {
    return this.#everConnected && this.#state !== 'open';
  }
  /** Changes whenever something the UI shows changed (for useSyncExternalStore). */
  get version() {
    return this.#version;
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Who (besides this user) has the conversation open. */
  peopleIn(conversationId: string): PresencePerson[] {
    return (this.#people.get(conversationId) ?? []).filter((p) => p.user_id !== this.#userId);
  }

  /** Whether the web chat visitor of the conversation is typing now. */
  isVisitorTyping(conversationId: string): boolean {
    return this.#visitorTyping.has(conversationId);
  }

  #setVisitorTyping(conversationId: string, typing: boolean) {
    clearTimeout(this.#visitorTyping.get(conversationId));
    if (typing)
      this.#visitorTyping.set(
        conversationId,
        // The widget reports every few seconds while keys are pressed; silence ends it.
        setTimeout(() => this.#setVisitorTyping(conversationId, false), CHAT_TYPING_TTL_MS),
      );
    else this.#visitorTyping.delete(conversationId);
    this.#changed();
  }

  /** This tab shows the conversation (null: none); state says whether its user is typing. */
  setFocus(conversationId: string | null, state: PresenceState = 'viewing') {
    const changed = this.#focus.conversationId !== conversationId || this.#focus.state !== state;
    this.#focus = { conversationId, state };
    clearInterval(this.#refresh);
    if (conversationId !== null) {
      // Refresh before the server forgets us.
      this.#refresh = setInterval(() => this.#sendFocus('viewing'), PRESENCE_VIEWING_TTL_MS / 2.5);
    }
    if (changed || state === 'replying') this.#sendFocus(state);
  }

  #sendFocus(state: PresenceState) {
    this.#send({ type: 'presence', conversation_id: this.#focus.conversationId, state });
  }

  #send(message: ClientMessage) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #connect() {
    this.#retry = undefined;
    this.#setState('connecting');
    const url = new URL('/api/v1/realtime', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      const reconnected = this.#everConnected;
      this.#everConnected = true;
      this.#setState('open');
      this.#watchSilence();
      if (this.#focus.conversationId !== null) this.#sendFocus('viewing');
      // Whatever happened while we were away: refetch what is on screen.
      if (reconnected) this.#invalidate(null);
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket || typeof event.data !== 'string') return;
      this.#watchSilence();
      try {
        this.#receive(JSON.parse(event.data) as ServerMessage);
      } catch {
        // A frame we cannot read is skipped; the next change or resync catches up.
      }
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      clearTimeout(this.#silence);
      this.#people.clear();
      this.#setState('offline');
      if (event.code === CLOSE_SESSION_ENDED) {
        // Signed out elsewhere: the session query finds out and shows the login page.
        void this.#queryClient?.invalidateQueries({ queryKey: ['session'] });
        return;
      }
      this.#scheduleReconnect();
    };
  }

  #scheduleReconnect() {
    const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.#attempt++);
    // Jitter, so a restarted server is not hit by every tab at the same instant.
    this.#retry = setTimeout(() => this.#connect(), base / 2 + Math.random() * (base / 2));
  }

  /** The server pings every heartbeat: twice that without a word means the link is dead. */
  #watchSilence() {
    clearTimeout(this.#silence);
    this.#silence = setTimeout(() => this.#socket?.close(4000, 'silent'), this.#heartbeatMs * 2.5);
  }

  #receive(m: ServerMessage) {
    switch (m.type) {
      case 'hello':
        this.#userId = m.user_id;
        this.#heartbeatMs = m.heartbeat_ms;
        this.#watchSilence();
        this.#changed();
        break;
      case 'ping':
      case 'pong':
        break;
      case 'conversation.created':
        this.#invalidate(['conversations'], ['client-conversations']);
        break;
      case 'conversation.updated':
        this.#invalidate(
          ['conversation', m.conversation_id],
          ['events', m.conversation_id],
          ['escalations', m.conversation_id],
          ['discount-requests', 'conversation', m.conversation_id],
          ['callbacks'],
          ['promises'],
          ['conversations'],
          ['client-conversations'],
        );
        break;
      case 'message.created':
        // The visitor's message arrived: it stopped typing it.
        if (this.#visitorTyping.has(m.conversation_id))
          this.#setVisitorTyping(m.conversation_id, false);
        this.#invalidate(
          ['messages', m.conversation_id],
          ['conversation', m.conversation_id],
          ['events', m.conversation_id],
          ['timeline', m.conversation_id],
          ['conversations'],
          // A colleague's reply may have proposed a promise.
          ['promises', 'conversation', m.conversation_id],
        );
        break;
      case 'message.updated':
        this.#invalidate(['messages', m.conversation_id]);
        break;
      case 'counts.changed':
        this.#invalidate(['counts']);
        break;
      case 'client.updated':
        this.#invalidate(
          ['client', m.client_id],
          ['client-timeline', m.client_id],
          ['client-notes', m.client_id],
          ['clients'],
        );
        break;
      case 'notification.created':
        // A promise reminder or a broken promise, a discount asked for or decided: the lists show it.
        this.#invalidate(['notifications'], ['promises'], ['discount-requests']);
        break;
      case 'chat.typing':
        this.#setVisitorTyping(m.conversation_id, m.typing);
        break;
      case 'presence':
        this.#people.set(m.conversation_id, m.people);
        this.#changed();
        break;
      case 'resync':
        this.#invalidate(null);
        break;
    }
  }

  /** Queues invalidations (null: everything but the session) and runs them together shortly. */
  #invalidate(...keys: (QueryKey | null)[]) {
    for (const key of keys) {
      if (key === null) this.#everything = true;
      else this.#pending.set(JSON.stringify(key), key);
    }
    if (this.#flush) return;
    this.#flush = setTimeout(() => {
      this.#flush = undefined;
      const queryClient = this.#queryClient;
      const everything = this.#everything;
      const pending = [...this.#pending.values()];
      this.#everything = false;
      this.#pending.clear();
      if (!queryClient) return;
      if (everything) {
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
        return;
      }
      for (const queryKey of pending) void queryClient.invalidateQueries({ queryKey });
    }, INVALIDATE_AFTER_MS);
  }

  #setState(state: ConnectionState) {
    if (this.#state === state) return;
    this.#state = state;
    this.#changed();
  }

  #changed() {
    this.#version++;
    for (const listener of this.#listeners) listener();
  }
}

/** The tab's realtime connection. */
export const realtime = new RealtimeClient();
