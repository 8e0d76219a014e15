import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Server } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { CHAT_CLOSE_NO_HELLO, CHAT_CLOSE_TOO_CHATTY } from '../../../shared/api/chat.ts';
import { ChatSettings } from '../../../shared/api/chat-settings.ts';
import { ErrorBody, Id } from '../../../shared/api/common.ts';
import { pickLanguage } from '../../../widget/texts.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { realtimeHubOf } from '../../realtime/realtime.routes.ts';
import * as repo from './chat.repo.ts';
import {
  chatLimits,
  getChatSettings,
  greetVisitor,
  leaveMessage,
  receiveChatMessage,
  requestTranscript,
  systemCtx,
  toChatMessage,
  updateChatSettings,
  VisitorFrame,
  VisitorTokens,
} from './chat.service.ts';
import { ChatVisitors, type VisitorConnection } from './chat.visitors.ts';

const tags = ['chat'];

// One set of visitors per HTTP server, so tests and the benchmark can reach it.
const visitorsByServer = new WeakMap<object, ChatVisitors>();

/** The chat visitors' sockets of an app (tests and the benchmark look at them). */
export function chatVisitorsOf(app: { server: Server }): ChatVisitors | undefined {
  return visitorsByServer.get(app.server);
}

const SocketQuery = z.object({ workspace: Id });

/**
 * The page that opens the socket must be one the workspace allows (when it
 * lists any): the browser always sends Origin on a WebSocket upgrade.
 */
function checkOrigin(request: FastifyRequest, allowed: string[]) {
  if (allowed.length === 0) return;
  const origin = request.headers.origin?.toLowerCase();
  if (!origin || !allowed.includes(origin))
    throw forbidden('this page is not allowed to open the chat (allowed_origins)');
}

/**
 * GET /api/v1/chat/ws: the widget's WebSocket (public; a visitor is known by
 * its signed token), and the admins' chat settings.
 */
export function registerChatRoutes(api: FastifyInstance) {
  const base = api.base;
  const hub = realtimeHubOf(api);
  if (!hub) throw new Error('register the realtime routes before the chat routes');
  const tokens = new VisitorTokens(api.secrets);
  const visitors = new ChatVisitors(base, api.database, hub);
  visitorsByServer.set(api.server, visitors);
  api.addHook('onReady', async () => visitors.start());
  api.addHook('preClose', () => visitors.stop());
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/chat/ws',
    {
      websocket: true,
      config: { public: true },
      schema: {
        tags,
        summary:
          'WebSocket for the chat widget (public): JSON frames of src/shared/api/chat.ts; the first must be hello',
        querystring: SocketQuery,
      },
      preHandler: async (request) => {
        const { workspace } = request.query as z.infer<typeof SocketQuery>;
        const settings = await repo.findChatSettings(base.db, workspace);
        // A workspace without chat looks like no workspace at all.
        if (!settings?.enabled) throw notFound('chat');
        checkOrigin(request, settings.allowed_origins);
        if (!visitors.canConnect(request.ip))
          throw new AppError('rate_limited', 'too many chat connections from this address');
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const workspaceId = (request.query as z.infer<typeof SocketQuery>).workspace;
      const v = visitors.attach(socket, workspaceId, request.ip);
      const ctx = systemCtx(base, workspaceId);
      const hello = setTimeout(
        () => socket.close(CHAT_CLOSE_NO_HELLO, 'say hello first'),
        chatLimits.helloTimeoutMs,
      );
      hello.unref();
      socket.on('close', () => clearTimeout(hello));

      const handle = async (frame: VisitorFrame) => {
        if (frame.type === 'hello') {
          if (v.visitorId) return;
          const language = pickLanguage(frame.language);
          const welcome = await greetVisitor(ctx, tokens, { token: frame.token, language });
          if (!welcome) return socket.close(1008, 'chat is turned off');
          clearTimeout(hello);
          v.visitorId = welcome.visitorId;
          v.language = language;
          v.online = visitors.isAgentOnline(workspaceId);
          if (welcome.conversationId) visitors.join(v, welcome.conversationId);
          const last = welcome.messages.at(-1);
          if (last) v.lastMessageId = BigInt(last.id);
          return visitors.send(v, {
            type: 'welcome',
            token: welcome.token,
            online: v.online,
            prechat: welcome.settings.prechat_form,
            greeting: welcome.greeting,
            messages: welcome.messages.map(toChatMessage),
          });
        }
        if (!v.visitorId) return visitors.send(v, { type: 'error', code: 'invalid_frame' });
        switch (frame.type) {
          case 'message': {
            const wait = visitors.takeMessage(v, Date.now());
            if (wait > 0)
              return visitors.send(v, {
                type: 'error',
                code: 'rate_limited',
                retry_after_ms: wait,
                ...(frame.ref ? { ref: frame.ref } : {}),
              });
            const { conversationId, messageId } = await receiveChatMessage(
              ctx,
              {
                visitorId: v.visitorId,
                name: frame.name,
                email: frame.email,
                language: v.language,
              },
              frame.text,
            );
            visitors.join(v, conversationId);
            if (messageId) v.refs.set(messageId, frame.ref);
            if (v.lastTypingAt) void visitors.announceTyping(v, false);
            // Pushes the message back (with its ref) and anything before it not seen yet.
            return visitors.refresh(workspaceId, conversationId);
          }
          case 'typing':
            return visitors.announceTyping(v, frame.typing);
          case 'leave_message': {
            const wait = visitors.takeMessage(v, Date.now());
            if (wait > 0)
              return visitors.send(v, {
                type: 'error',
                code: 'rate_limited',
                retry_after_ms: wait,
              });
            await leaveMessage(ctx, {
              email: frame.email,
              name: frame.name,
              text: frame.text,
              language: v.language,
            });
            return visitors.send(v, { type: 'message_left' });
          }
          case 'transcript': {
            if (!v.conversationId)
              return visitors.send(v, { type: 'error', code: 'no_conversation' });
            if (v.transcripts >= chatLimits.maxTranscripts)
              return visitors.send(v, { type: 'error', code: 'rate_limited' });
            v.transcripts++;
            await requestTranscript(ctx, {
              conversationId: v.conversationId,
              email: frame.email,
              language: v.language,
            });
            return visitors.send(v, { type: 'transcript_queued' });
          }
        }
      };

      // Frames are handled one after the other: a message never overtakes its hello.
      let queue = Promise.resolve();
      let windowStart = Date.now();
      let frames = 0;
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const now = Date.now();
        if (now - windowStart > chatLimits.windowMs) {
          windowStart = now;
          frames = 0;
        }
        if (++frames > chatLimits.maxFrames)
          return socket.close(CHAT_CLOSE_TOO_CHATTY, 'too many frames');
        if (isBinary) return socket.close(1003, 'text frames only');
        const parsed = parseFrame(data);
        if (!parsed) return visitors.send(v, { type: 'error', code: 'invalid_frame' });
        queue = queue
          .then(() => handle(parsed))
          .catch((err: unknown) => {
            request.log.warn({ err }, 'chat: a visitor frame failed');
            sendFailure(visitors, v, parsed);
          });
      });
    },
  );

  r.get(
    '/chat/settings',
    {
      schema: {
        tags,
        summary: "The workspace's web chat settings (admin, supervisor)",
        response: { 200: ChatSettings, 403: ErrorBody },
      },
    },
    async (req) => getChatSettings(req.ctx),
  );

  r.put(
    '/chat/settings',
    {
      schema: {
        tags,
        summary: 'Change the web chat settings (admin)',
        body: ChatSettings,
        response: { 200: ChatSettings, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) =>
      updateChatSettings(req.ctx, {
        ...req.body,
        greetings: Object.fromEntries(
          Object.entries(req.body.greetings).filter((e): e is [string, string] => Boolean(e[1])),
        ),
      }),
  );
}

function parseFrame(data: RawData): VisitorFrame | undefined {
  try {
    const result = VisitorFrame.safeParse(JSON.parse(data.toString()));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function sendFailure(visitors: ChatVisitors, v: VisitorConnection, frame: VisitorFrame) {
  visitors.send(v, {
    type: 'error',
    code: 'failed',
    ...(frame.type === 'message' && frame.ref ? { ref: frame.ref } : {}),
  });
}
