import type { FastifyInstance } from 'fastify';

export function registerClientsRoutes(_api: FastifyInstance) {}
