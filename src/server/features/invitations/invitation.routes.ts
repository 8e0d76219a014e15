import type { FastifyInstance } from 'fastify';

export function registerInvitationsRoutes(_api: FastifyInstance) {}
