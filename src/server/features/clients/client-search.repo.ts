import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  filtersSql,
  type ClientFilters,
  type ClientRow,
  type IdentityKind,
} from './client.repo.ts';

/** How many candidates the search hands to the re-ranking. */
export const SEARCH_CANDIDATES = 200;
// Each trigram pass reads at most this many matching rows: a word most clients
// share ("Ana", "Kovács") would otherwise cost a score for thousands of rows.
const SEARCH_SCAN_CAP = 1000;
// pg_trgm's default word-similarity threshold (0.6) misses a transposition in a
// name ("Gerogina" scores 0.38 against "Georgina"), so names get a second, looser
// pass when the strict one finds too few; below 0.35 the candidates are noise.
const STRICT_THRESHOLD = '0.6';
const LOOSE_THRESHOLD = '0.35';
const IDENTITY_THRESHOLD = '0.4';

export interface SearchTerms {
  /** Matched against the folded name; null when the query is an email or a phone number. */
  name: string | null;
  /** Matched against identity values (lower-case emails, "+" and digits phones). */
  identity: string;
  identityKind?: IdentityKind;
}

/** A candidate with its trigram score and, when found by one, its best-matching identity. */
export type ScoredClient = ClientRow & { score: number; matched: string | null };

function setWordThreshold(db: Transaction<DB>, threshold: string) {
  // <% compares with this setting (an argument would make it unindexable); local
  // to the transaction, so no other query on the connection sees it.
  return sql`select set_config('pg_trgm.word_similarity_threshold', ${threshold}, true)`.execute(
    db,
  );
}

async function findByExactIdentity(
  db: Transaction<DB>,
  workspaceId: string,
  kind: IdentityKind,
  values: string[],
  filters: ClientFilters,
) {
  const rows = await sql<ScoredClient>`
    select c.*, 1 as score, i.value as matched
    from client_identities i
    join clients c on c.workspace_id = i.workspace_id and c.id = i.client_id
    where i.workspace_id = ${workspaceId} and i.kind = ${kind} and i.value in (${sql.join(values)})
      and ${filtersSql(filters, 'c')}`.execute(db);
  return rows.rows;
}

async function listNameCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  name: string,
  filters: ClientFilters,
  threshold: string,
) {
  await setWordThreshold(db, threshold);
  const folded = sql`search_fold(${name})`;
  // Planned alone (materialized), the match is a bitmap scan of the trigram index;
  // the cap outside it stops reading rows early. With the LIMIT inside, the
  // planner would rather scan the table, unaware how dear word_similarity is.
  const rows = await sql<ScoredClient>`
    with m as materialized (
      select c.*, word_similarity(${folded}, c.search_name) as score, null as matched
      from clients c
      where c.workspace_id = ${workspaceId} and ${folded} <% c.search_name
        and ${filtersSql(filters, 'c')}
    )
    select * from (select * from m limit ${SEARCH_SCAN_CAP}) capped
    order by score desc, id desc
    limit ${SEARCH_CANDIDATES}`.execute(db);
  return rows.rows;
}

async function listIdentityCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  terms: SearchTerms,
  filters: ClientFilters,
) {
  await setWordThreshold(db, IDENTITY_THRESHOLD);
  // Emails share domains ("@gmail.com"): only the local part tells them apart, so it
  // alone picks the candidates; the whole address scores them.
  const local = terms.identityKind === 'email' ? terms.identity.split('@')[0] : '';
  const pick = local || terms.identity;
  const kind = terms.identityKind ? sql`and i.kind = ${terms.identityKind}` : sql``;
  const rows = await sql<ScoredClient>`
    with m as materialized (
      select i.client_id, i.value from client_identities i
      where i.workspace_id = ${workspaceId} and ${pick} <% i.value ${kind}
    )
    select c.*, h.score, h.matched
    from (
      select distinct on (s.client_id) s.client_id, s.score, s.value as matched
      from (
        select m.client_id, m.value, word_similarity(${terms.identity}, m.value) as score
        from (select * from m limit ${SEARCH_SCAN_CAP}) m
      ) s
      order by s.client_id, s.score desc
    ) h
    join clients c on c.workspace_id = ${workspaceId} and c.id = h.client_id
    where ${filtersSql(filters, 'c')}
    order by h.score desc, c.id desc
    limit ${SEARCH_CANDIDATES}`.execute(db);
  return rows.rows;
}

/**
 * The trigram candidates for a search (unranked beyond their trigram score), by
 * folded name and by identity value, each through its trigram index
 * (`term <% column`: word_similarity over the threshold). An exact email or
 * phone number is the answer by itself. Must run in a transaction (the
 * threshold is set locally).
 */
export async function searchClientCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  terms: SearchTerms,
  filters: ClientFilters,
  wanted: number,
): Promise<ScoredClient[]> {
  if (terms.identityKind) {
    const values =
      terms.identityKind === 'phone' ? [`+${terms.identity}`, terms.identity] : [terms.identity];
    const exact = await findByExactIdentity(db, workspaceId, terms.identityKind, values, filters);
    if (exact.length) return exact;
  }
  const best = new Map<string, ScoredClient>();
  const keep = (rows: ScoredClient[]) => {
    for (const row of rows) {
      const seen = best.get(row.id);
      if (!seen) best.set(row.id, row);
      else if (Number(row.score) > Number(seen.score))
        best.set(row.id, { ...row, matched: row.matched ?? seen.matched });
      else seen.matched ??= row.matched;
    }
  };
  if (terms.name !== null) {
    keep(await listNameCandidates(db, workspaceId, terms.name, filters, STRICT_THRESHOLD));
    if (best.size < wanted)
      keep(await listNameCandidates(db, workspaceId, terms.name, filters, LOOSE_THRESHOLD));
  }
  keep(await listIdentityCandidates(db, workspaceId, terms, filters));
  return [...best.values()];
}
