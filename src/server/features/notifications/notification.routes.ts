import type { FastifyInstance } from 'fastify';

export function registerNotificationsRoutes(_api: FastifyInstance) {}
