import type { FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerClientsRoutes } from './features/clients/client.routes.ts';
import { registerConversationsRoutes } from './features/conversations/conversation.routes.ts';
import { registerHealthRoutes } from './features/health/health.routes.ts';
import { registerInvitationsRoutes } from './features/invitations/invitation.routes.ts';
import { registerNotificationsRoutes } from './features/notifications/notification.routes.ts';
import { registerSlaRoutes } from './features/sla/sla.routes.ts';
import { registerTeamsRoutes } from './features/teams/team.routes.ts';
import { registerUsersRoutes } from './features/users/user.routes.ts';
import { registerWorkspaceRoutes } from './features/workspaces/workspace.routes.ts';

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
];
