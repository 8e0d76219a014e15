import type { FastifyInstance } from 'fastify';

export function registerUsersRoutes(_api: FastifyInstance) {}
