import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/api/realtime.ts';

// Test helper: a real WebSocket client (the ws package) over loopback.

/** A real WebSocket client over loopback that keeps every message it receives. */
export interface TestSocket {
  socket: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the first message (already received or coming) that matches. */
  next<T extends ServerMessage>(
    match: (m: ServerMessage) => m is T,
    timeoutMs?: number,
  ): Promise<T>;
  next(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
}

export function openSocket(
  url: string,
  headers: Record<string, string>,
  options: WebSocket.ClientOptions = {},
): Promise<TestSocket> {
  const socket = new WebSocket(`${url}/api/v1/realtime`, { headers, ...options });
  const messages: ServerMessage[] = [];
  const waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] =
    [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const client: TestSocket = {
    socket,
    messages,
    closed,
    send: (m) => socket.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next(match: (m: ServerMessage) => boolean, timeoutMs = 5000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<ServerMessage>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  } as TestSocket;
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`upgrade refused: ${res.statusCode}`));
    });
    socket.once('error', reject);
  });
}

/** A matcher for a message type and some of its fields. */
export const is =
  <K extends ServerMessage['type']>(type: K, extra: Record<string, unknown> = {}) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type &&
    Object.entries(extra).every(([k, v]) => (m as unknown as Record<string, unknown>)[k] === v);
