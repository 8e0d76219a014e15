import type { FastifyInstance } from 'fastify';

export function registerSlaRoutes(_api: FastifyInstance) {}
