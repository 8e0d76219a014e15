import type { FastifyInstance } from 'fastify';

export function registerConversationsRoutes(_api: FastifyInstance) {}
