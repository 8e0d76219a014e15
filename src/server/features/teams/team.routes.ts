import type { FastifyInstance } from 'fastify';

export function registerTeamsRoutes(_api: FastifyInstance) {}
