import type { Kysely, RawBuilder, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB, Role } from './db/schema.ts';
import type { InboundCommitter } from './features/conversations/ingest-many.service.ts';
import type { Secrets } from './security/secrets.ts';

/**
 * Queues durable background jobs. Pass the open transaction's db: the job
 * then exists only if that transaction commits, so a change and the work it
 * causes (an email to send) are never half-written.
 */
export interface JobQueue {
  sendWith(db: Kysely<DB> | Transaction<DB>, name: string, data: object): Promise<unknown>;
  /** Several jobs of one queue in one statement (the runner's); absent, sendWith is called for each. */
  sendManyWith?(db: Kysely<DB> | Transaction<DB>, name: string, data: object[]): Promise<unknown>;
  /**
   * An INSERT that queues a job of `name` for each row of `rows` (a query with one jsonb
   * column, `data`), to put in a CTE of the caller's own statement: rows written and their
   * jobs then take one statement, with no transaction around it (the runner's; absent,
   * callers use sendManyWith in a transaction).
   */
  insertJobsSql?(name: string, rows: RawBuilder<unknown>): RawBuilder<unknown>;
}

/** Queues jobs of one queue in the caller's transaction: in one statement when the queue can. */
export async function sendJobsWith(
  jobs: JobQueue,
  db: Kysely<DB> | Transaction<DB>,
  name: string,
  data: object[],
): Promise<void> {
  if (data.length === 0) return;
  if (jobs.sendManyWith) {
    await jobs.sendManyWith(db, name, data);
    return;
  }
  for (const d of data) await jobs.sendWith(db, name, d);
}

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
  /** The job queue; the server always has one, a test app only when started with { jobs: true }. */
  jobs?: JobQueue;
  /** Seals and opens stored secrets (mailbox passwords, provider keys). */
  secrets?: Secrets;
  /** The app's group commit of inbound messages; without it each is stored alone. */
  inbound?: InboundCommitter;
  /**
   * Where clients reach this server, for links in emails use cases queue:
   * RAPPORT_PUBLIC_URL, else the address the request came to.
   */
  origin?: string;
}

/** The ctx's job queue; throws when this process runs no job queue (a test app without jobs). */
export function jobsOf(ctx: Pick<Ctx, 'jobs'>): JobQueue {
  if (!ctx.jobs) throw new Error('no job queue here: start the test app with { jobs: true }');
  return ctx.jobs;
}

/** The ctx's secrets; throws when the app was built without them. */
export function secretsOf(ctx: Pick<Ctx, 'secrets'>): Secrets {
  if (!ctx.secrets) throw new Error('no secrets key here: build the app with secrets');
  return ctx.secrets;
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
