// The web chat protocol between the widget (a visitor's browser) and the server:
// JSON text frames over GET /api/v1/chat/ws?workspace=<id>. Types only and
// constants: the widget imports nothing else from here, so no library is bundled.

/** The largest frame a visitor may send; a bigger one closes that visitor's socket (1009). */
export const CHAT_MAX_FRAME_BYTES = 16 * 1024;
/** The longest chat message, in characters. */
export const CHAT_MAX_TEXT_CHARS = 2000;
/** How long the widget shows "typing" after the last report (agents report every few seconds). */
export const CHAT_TYPING_TTL_MS = 7_000;

/** Close codes beyond the standard ones. */
export const CHAT_CLOSE_TOO_CHATTY = 4029;
export const CHAT_CLOSE_NO_HELLO = 4000;

/** What the visitor's browser sends. */
export type VisitorFrame =
  | { type: 'hello'; token?: string; language?: string }
  | { type: 'message'; text: string; ref?: string; name?: string; email?: string }
  | { type: 'typing'; typing: boolean }
  | { type: 'leave_message'; text: string; email: string; name?: string }
  | { type: 'transcript'; email: string };

/** One message as the visitor sees it (never an agent's internal note). */
export interface ChatMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  /** ISO 8601. */
  at: string;
  /** The agent's name on an agent's message. */
  author: string | null;
}

export type ChatErrorCode =
  'invalid_frame' | 'rate_limited' | 'no_conversation' | 'unavailable' | 'failed';

/** What the server sends the visitor. */
export type ServerChatFrame =
  | {
      type: 'welcome';
      /** Keep it (localStorage): the same visitor on the next page load. */
      token: string;
      /** Whether an agent is online now; otherwise the widget offers to leave a message. */
      online: boolean;
      prechat: boolean;
      /** The workspace's greeting in the visitor's language, if it set one. */
      greeting: string | null;
      /** The visitor's current conversation with its latest messages (empty for a new visitor). */
      messages: ChatMessage[];
    }
  /** A message of the conversation; ref echoes the visitor's own frame that created it. */
  | { type: 'message'; message: ChatMessage; ref?: string }
  | { type: 'typing'; typing: boolean }
  /** Agents came online, or the last one left: the widget offers the chat or a message form. */
  | { type: 'online'; online: boolean }
  | { type: 'message_left' }
  | { type: 'transcript_queued' }
  | { type: 'error'; code: ChatErrorCode; retry_after_ms?: number; ref?: string };
