import type { FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerHealthRoutes } from './features/health/health.routes.ts';
import { registerWorkspaceRoutes } from './features/workspaces/workspace.routes.ts';

/** Every feature's routes, mounted under /api/v1. Add a feature here. */
export const routeModules: ((api: FastifyInstance) => void | Promise<void>)[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerWorkspaceRoutes,
];
