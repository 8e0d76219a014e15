import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Server } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_TOO_CHATTY,
  ClientMessage,
  REALTIME_MAX_CLIENT_FRAME_BYTES,
} from '../../shared/api/realtime.ts';
import { CHAT_MAX_FRAME_BYTES } from '../../shared/api/chat.ts';
import { AppError } from '../errors.ts';
import { authenticateToken, isSessionLive, type BaseCtx } from '../features/auth/auth.service.ts';
import { getUser } from '../features/users/user.service.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { hashSecret } from '../security.ts';
import { RealtimeHub, realtimeTuning } from './realtime.hub.ts';

// One hub per HTTP server, so tests can reach the hub of the app they started.
const hubs = new WeakMap<object, RealtimeHub>();

/** The realtime hub of an app (tests use it to simulate load). */
export function realtimeHubOf(app: { server: Server }): RealtimeHub | undefined {
  return hubs.get(app.server);
}

/**
 * A cookie is sent by the browser whatever page opens the socket, so a socket
 * opened with a session must come from a page of this server: its Origin must
 * name the host the request was sent to (cross-site WebSocket hijacking).
 * Tokens are not ambient credentials and need no such check.
 */
function checkOrigin(request: FastifyRequest) {
  if (request.ctx.actor.kind !== 'user' || request.ctx.actor.via !== 'session') return;
  const origin = request.headers.origin;
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || originHost !== request.headers.host)
    throw new AppError(
      'forbidden',
      'the Origin of a cookie-authenticated socket must be this server',
    );
}

/**
 * WebSocket support for the whole app, registered before any route: its hooks
 * must run first so an upgrade refused by authentication (401, 403) closes
 * its connection instead of leaving it open.
 */
export async function registerWebSocketSupport(app: FastifyInstance) {
  await app.register(websocket, {
    // The chat widget's frames may be larger than the agents' (a message's text);
    // each route refuses what is too big for it.
    options: { maxPayload: Math.max(REALTIME_MAX_CLIENT_FRAME_BYTES, CHAT_MAX_FRAME_BYTES) },
    // A client gone mid-frame or sending too much is its own problem, not an error of ours.
    errorHandler: (err, socket, request) => {
      request.log.info({ err: err.message }, 'realtime: socket error');
      socket.terminate();
    },
  });
}

/** GET /api/v1/realtime: the WebSocket agents' browsers (and integrations) follow changes on. */
export function registerRealtimeRoutes(api: FastifyInstance) {
  const base: BaseCtx = api.base;
  const hub = new RealtimeHub(api.database, api.log);
  hubs.set(api.server, hub);
  api.addHook('onReady', () => hub.start());
  api.addHook('preClose', () => hub.stop());

  api.get(
    '/realtime',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary:
          'WebSocket: change notices (ids only) for the workspace, presence and notifications',
      },
      preValidation: async (request) => checkOrigin(request),
    },
    async (socket: WebSocket, request: FastifyRequest) => {
      const ctx = request.ctx;
      if (ctx.actor.kind !== 'user') return socket.close(1008, 'sign in first');
      const actor = ctx.actor;
      // Frames may arrive while the user's name is looked up: hold them until attached.
      const early: [RawData, boolean][] = [];
      const holdEarly = (data: RawData, isBinary: boolean) => early.push([data, isBinary]);
      socket.on('message', holdEarly);

      const cookie = actor.via === 'session' ? request.cookies[SESSION_COOKIE] : undefined;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const user = await getUser(ctx, actor.userId);
      if (socket.readyState !== socket.OPEN) return;
      const conn = hub.attach(socket, {
        workspaceId: ctx.workspaceId,
        userId: actor.userId,
        userName: user.name,
        sessionPrefix: cookie ? hashSecret(cookie).slice(0, 16) : undefined,
        isStillValid: async () => {
          if (cookie) return isSessionLive(base, cookie);
          if (bearer) return Boolean(await authenticateToken(base, bearer));
          return false;
        },
      });

      let windowStart = Date.now();
      let frames = 0;
      const onFrame = (data: RawData, isBinary: boolean) => {
        const now = Date.now();
        if (now - windowStart > realtimeTuning.clientWindowMs) {
          windowStart = now;
          frames = 0;
        }
        if (++frames > realtimeTuning.maxClientFrames)
          return socket.close(CLOSE_TOO_CHATTY, 'too many messages');
        if (isBinary) return socket.close(1003, 'text frames only');
        if ((data as Buffer).length > REALTIME_MAX_CLIENT_FRAME_BYTES)
          return socket.close(1009, 'frame too large');
        let parsed;
        try {
          parsed = ClientMessage.safeParse(JSON.parse(data.toString()));
        } catch {
          return socket.close(1007, 'not JSON');
        }
        if (!parsed.success) return socket.close(1007, 'not a realtime message');
        const message = parsed.data;
        if (message.type === 'ping') return hub.send(conn, { type: 'pong' });
        void hub.setPresence(conn, message.conversation_id, message.state);
      };
      socket.off('message', holdEarly);
      socket.on('message', onFrame);
      for (const [data, isBinary] of early) onFrame(data, isBinary);
    },
  );
}
