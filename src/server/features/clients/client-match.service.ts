// Client search as a filter for other lists (the inbox's search box): the same
// candidates and scores as GET /clients?q=, cut to the clients the query
// really names rather than a page of the nearest ones.
import type { Transaction } from 'kysely';
import { withTransaction, type Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { matchScore, readSearchQuery, scoreCandidates } from './client-search.ts';
import { searchClientCandidates } from './client-search.repo.ts';
import { assertCanClient } from './client.service.ts';

// A name must be this close to what was typed (a prefix or a typo away: "Gerogina"
// scores 0.88 against "Georgina", "Regina" 0.63); an identity, whose words are
// fragments of an address, a little less.
const NAME_MATCH = 0.7;
const IDENTITY_MATCH = 0.5;

/** The ids of the live clients a search names by name, email or phone, best first, at most limit. */
export async function findClientIdsMatching(ctx: Ctx, q: string, limit: number): Promise<string[]> {
  return (await findClientsMatching(ctx, q, limit)).map((c) => c.id);
}

/**
 * The live clients a search names, best first, at most limit, with their
 * rank (0..1, as client search orders them) and the identity that matched
 * (null when the name did): what the unified search merges with other results.
 */
export async function findClientsMatching(ctx: Ctx, q: string, limit: number) {
  assertCanClient(ctx, 'read');
  const terms = readSearchQuery(q);
  const candidates = await withTransaction(ctx, (tx) =>
    searchClientCandidates(tx.db as Transaction<DB>, tx.workspaceId, terms, {}, limit),
  );
  const identityQuery = terms.identityKind === 'phone' ? terms.identity : q;
  const close = candidates.filter(
    (c) =>
      Number(c.score) >= 1 ||
      (terms.name !== null && matchScore(q, c.name) >= NAME_MATCH) ||
      (c.matched !== null && matchScore(identityQuery, c.matched) >= IDENTITY_MATCH),
  );
  const ranked = scoreCandidates(
    q,
    terms,
    close.map((c) => ({
      id: c.id,
      name: c.name,
      score: c.score,
      identities: c.matched ? [c.matched] : [],
      row: c,
    })),
  );
  return ranked.slice(0, limit).map(({ c, rank }) => ({
    id: c.id,
    name: c.name,
    matched: c.row.matched,
    updatedAt: c.row.updated_at,
    rank,
  }));
}
