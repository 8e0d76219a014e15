import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../../db/schema.ts';
import { unscopedBreachDueTargets, unscopedWarnDueTargets } from './sla-sweep.repo.ts';

export interface SweepDeps {
  db: Kysely<DB>;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

export interface SweepOptions {
  /** Targets claimed per statement. */
  batchSize?: number;
  /** Batches per kind in one run; what is left waits for the next minute. */
  maxBatches?: number;
  /** Sweep one workspace only (tests sharing a database); all by default. */
  workspaceId?: string;
}

/**
 * Warns and breaches the SLA targets due at `now`, across workspaces, in
 * bounded batches. Idempotent: a second run at the same time finds nothing,
 * and a run that dies mid-way leaves every batch done or untouched. Breaches
 * go first, so a target both warned and due in the same run (the sweep was
 * down) is reported once, as breached.
 */
export async function runSlaSweep(
  deps: SweepDeps,
  now: Date,
  options: SweepOptions = {},
): Promise<{ breached: number; warned: number }> {
  const batch = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  let breached = 0;
  let warned = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedBreachDueTargets(deps.db, now, batch, options.workspaceId);
    breached += n;
    if (n < batch) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const n = await unscopedWarnDueTargets(deps.db, now, batch, options.workspaceId);
    warned += n;
    if (n < batch) break;
  }
  if (breached || warned) deps.log?.info({ breached, warned }, 'sla sweep');
  return { breached, warned };
}
