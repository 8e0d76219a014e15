import WebSocket from 'ws';
import type { ServerChatFrame } from '../../../shared/api/chat.ts';

// Test and benchmark helper: a chat visitor over a real WebSocket (the ws package) on loopback.

export interface VisitorSocket {
  socket: WebSocket;
  frames: ServerChatFrame[];
  /** Resolves with the first frame (already received or coming) that matches. */
  next<T extends ServerChatFrame['type']>(
    type: T,
    match?: (f: Extract<ServerChatFrame, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ServerChatFrame, { type: T }>>;
  /** Sends hello and resolves with the welcome. */
  hello(token?: string, language?: string): Promise<Extract<ServerChatFrame, { type: 'welcome' }>>;
  send(frame: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a visitor socket of the workspace; rejects with the HTTP status when the upgrade is refused. */
export function openVisitor(
  baseUrl: string,
  workspaceId: string,
  options: WebSocket.ClientOptions = {},
): Promise<VisitorSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/chat/ws?workspace=${workspaceId}`;
  const socket = new WebSocket(url, options);
  const frames: ServerChatFrame[] = [];
  const waiters: {
    match: (f: ServerChatFrame) => boolean;
    resolve: (f: ServerChatFrame) => void;
  }[] = [];
  socket.on('message', (data) => {
    const f = JSON.parse(data.toString()) as ServerChatFrame;
    frames.push(f);
    for (const w of [...waiters]) {
      if (w.match(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const next = (
    type: string,
    extra: (f: never) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ServerChatFrame> => {
    const match = (f: ServerChatFrame) => f.type === type && extra(f as never);
    const seen = frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type} frame; got ${JSON.stringify(frames).slice(0, 2000)}`)),
        timeoutMs,
      );
      waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  };
  const client = {
    socket,
    frames,
    closed,
    next,
    send: (f: unknown) => socket.send(typeof f === 'string' ? f : JSON.stringify(f)),
    hello(token?: string, language?: string) {
      socket.send(JSON.stringify({ type: 'hello', token, language }));
      return next('welcome');
    },
    close: () => socket.close(),
  } as unknown as VisitorSocket;
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`upgrade refused: ${res.statusCode}`));
    });
    socket.once('error', reject);
  });
}
