import { z } from 'zod';

// The realtime protocol over GET /api/v1/realtime (WebSocket, JSON text frames).
// The server tells what changed (ids only); the client refetches through the REST
// API. Presence is the only thing the client sends.

export {
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_CHATTY,
  CLOSE_TOO_SLOW,
  PRESENCE_REPLYING_TTL_MS,
  PRESENCE_VIEWING_TTL_MS,
  REALTIME_MAX_CLIENT_FRAME_BYTES,
} from './constants.ts';

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
