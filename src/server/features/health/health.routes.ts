import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

const Health = z
  .object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) })
  .meta({ id: 'Health' });

export function registerHealthRoutes(api: FastifyInstance) {
  api.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the server answers and the database responds',
        response: { 200: Health },
      },
    },
    async () => {
      await sql`select 1`.execute(api.database.db);
      return { status: 'ok' as const, database: api.database.kind };
    },
  );
}
