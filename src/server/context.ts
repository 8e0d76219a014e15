import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB, Role } from './db/schema.ts';

/** Who is acting: a signed-in user (by session or API token) or the system itself. */
export type Actor =
  { kind: 'user'; userId: string; role: Role; via: 'session' | 'token' } | { kind: 'system' };

/** Everything a service needs, passed explicitly: no globals, no process.env, no Date.now(). */
export interface Ctx {
  workspaceId: string;
  actor: Actor;
  db: Kysely<DB> | Transaction<DB>;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Set inside withTransaction: work to run after the commit (notifications to sockets...). */
  afterCommit?: (fn: () => void | Promise<void>) => void;
}

/** The user id of the actor, or null for the system. */
export function actorUserId(ctx: Ctx): string | null {
  return ctx.actor.kind === 'user' ? ctx.actor.userId : null;
}

/**
 * Runs fn in one transaction: fn gets a ctx whose db is the transaction.
 * Nested calls reuse the open transaction. Hooks registered with afterCommit
 * run once the commit succeeded.
 */
export async function withTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  const hooks: (() => void | Promise<void>)[] = [];
  const result = await (ctx.db as Kysely<DB>)
    .transaction()
    .execute((trx) => fn({ ...ctx, db: trx, afterCommit: (h) => hooks.push(h) }));
  for (const hook of hooks) {
    try {
      await hook();
    } catch (err) {
      ctx.log.error({ err }, 'after-commit hook failed');
    }
  }
  return result;
}
