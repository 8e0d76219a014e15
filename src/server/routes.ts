import type { FastifyInstance } from 'fastify';
import { registerAttachmentsRoutes } from './features/attachments/attachment.routes.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerCallbacksRoutes } from './features/callbacks/callback.routes.ts';
import { registerCallsRoutes } from './features/calls/call.routes.ts';
import { registerCannedResponsesRoutes } from './features/canned-responses/canned-response.routes.ts';
import { registerClientsRoutes } from './features/clients/client.routes.ts';
import { registerCoachRoutes } from './features/coach/coach.routes.ts';
import { registerDiscountsRoutes } from './features/discounts/discount.routes.ts';
import { registerConversationsRoutes } from './features/conversations/conversation.routes.ts';
import { registerEscalationsRoutes } from './features/escalations/escalation.routes.ts';
import { registerHealthRoutes } from './features/health/health.routes.ts';
import { registerMailboxesRoutes } from './features/mailboxes/mailbox.routes.ts';
import { registerInvitationsRoutes } from './features/invitations/invitation.routes.ts';
import { registerKnowledgeRoutes } from './features/knowledge/knowledge.routes.ts';
import { registerNotificationsRoutes } from './features/notifications/notification.routes.ts';
import { registerPortalAdminRoutes } from './features/portal/portal-admin.routes.ts';
import { registerPromisesRoutes } from './features/promises/promise.routes.ts';
import { registerSlaRoutes } from './features/sla/sla.routes.ts';
import { registerTagsRoutes } from './features/tags/tag.routes.ts';
import { registerTeamsRoutes } from './features/teams/team.routes.ts';
import { registerUsersRoutes } from './features/users/user.routes.ts';
import { registerWorkspaceRoutes } from './features/workspaces/workspace.routes.ts';
import { registerSearchRoutes } from './features/search/search.routes.ts';
import { registerRealtimeRoutes } from './realtime/realtime.routes.ts';
import { registerChatRoutes } from './channels/chat/chat.routes.ts';
import { registerSmsWebhookRoutes } from './channels/sms/sms.webhooks.ts';
import { registerSmsProvidersRoutes } from './features/sms-providers/sms-provider.routes.ts';

/** Every feature's routes, mounted under /api/v1. Add a feature here. */
export const routeModules: ((api: FastifyInstance) => void | Promise<void>)[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerWorkspaceRoutes,
  registerUsersRoutes,
  registerTeamsRoutes,
  registerInvitationsRoutes,
  registerClientsRoutes,
  registerConversationsRoutes,
  registerSlaRoutes,
  registerNotificationsRoutes,
  registerTagsRoutes,
  registerEscalationsRoutes,
  registerCallbacksRoutes,
  registerPromisesRoutes,
  registerDiscountsRoutes,
  registerCallsRoutes,
  registerCannedResponsesRoutes,
  registerCoachRoutes,
  registerKnowledgeRoutes,
  registerAttachmentsRoutes,
  registerMailboxesRoutes,
  registerRealtimeRoutes,
  // After the realtime routes: the chat visitors hear the realtime hub's channel.
  registerChatRoutes,
  registerSmsProvidersRoutes,
  registerSmsWebhookRoutes,
  registerPortalAdminRoutes,
  registerSearchRoutes,
];
