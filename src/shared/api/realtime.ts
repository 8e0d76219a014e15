import { z } from 'zod';

// The realtime protocol over GET /api/v1/realtime (WebSocket, JSON text frames).
// The server tells what changed (ids only); the client refetches through the REST
// API. Presence is the only thing the client sends.

/** How long a viewer stays shown without a refresh from its tab (the client refreshes twice as often). */
export const PRESENCE_VIEWING_TTL_MS = 45_000;
/** How long "replying" stays shown after the last keystroke report. */
export const PRESENCE_REPLYING_TTL_MS = 7_000;
/** The largest frame a client may send; a bigger one closes its socket (1009). */
export const REALTIME_MAX_CLIENT_FRAME_BYTES = 1024;

export type PresenceState = 'viewing' | 'replying';

/** What the client may send: where it is (null: no conversation open) and whether it is typing. */
export const ClientMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('presence'),
      conversation_id: z
        .string()
        .regex(/^\d{1,19}$/)
        .nullable(),
      state: z.enum(['viewing', 'replying']).default('viewing'),
    })
    .strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);
export type ClientMessage = z.input<typeof ClientMessage>;

export interface PresencePerson {
  user_id: string;
  name: string;
  state: PresenceState;
}

/** What the server sends. */
export type ServerMessage =
  | { type: 'hello'; user_id: string; heartbeat_ms: number }
  | { type: 'ping' }
  | { type: 'pong' }
  | { type: 'conversation.created'; conversation_id: string }
  | { type: 'conversation.updated'; conversation_id: string }
  | { type: 'message.created'; conversation_id: string; message_id: string }
  /** A reply's delivery state changed (sent, delivered, failed). */
  | { type: 'message.updated'; conversation_id: string; message_id: string }
  | { type: 'client.updated'; client_id: string }
  | { type: 'counts.changed' }
  | { type: 'notification.created'; notification_id: string }
  /** A web chat visitor started or stopped typing in a chat conversation. */
  | { type: 'chat.typing'; conversation_id: string; typing: boolean }
  /** Who else has the conversation open (the receiver included: the client leaves itself out). */
  | { type: 'presence'; conversation_id: string; people: PresencePerson[] }
  /** Something was missed or too much changed at once: refetch everything on screen. */
  | { type: 'resync' };

/** Close codes beyond the standard ones. */
export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_TOO_SLOW = 4008;
export const CLOSE_TOO_CHATTY = 4029;
