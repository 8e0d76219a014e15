import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  filtersSql,
  type ClientFilters,
  type ClientRow,
  type IdentityKind,
} from './client.repo.ts';

/** How many candidates the search hands to the re-ranking. */
export const SEARCH_CANDIDATES = 200;
// Each pass reads at most this many matching rows: a word most clients
// share ("Ana", "Kovács") would otherwise cost a score for thousands of rows.
const SEARCH_SCAN_CAP = 1000;
// Names are first looked up by their words as typed; a typo ("Gerogina" scores 0.38
// against "Georgina") needs a trigram pass, run when the words find too few. Below
// 0.35 its candidates are noise. A strict trigram pass (0.6) is not worth its cost:
// the index's candidates are approximate and a common name makes it recheck
// tens of thousands of rows to find none.
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
  return listScoredNames(
    db,
    name,
    sql`c.workspace_id = ${workspaceId} and ${folded} <% c.search_name
        and ${filtersSql(filters, 'c')}`,
  );
}

/**
 * Names whose words start with every word typed, through the exact word index
 * (0006_search_and_ingest.sql): a name spelt right costs only the rows it finds,
 * where the trigram index would recheck every name sharing most of its trigrams.
 */
async function listWordCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  name: string,
  filters: ClientFilters,
) {
  // Letters, digits and marks only, so the text is always a valid tsquery; folded in SQL
  // exactly as the indexed search_name is.
  const words = name
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean);
  if (words.length === 0) return [];
  const query = words.map((w) => `${w}:*`).join(' & ');
  return listScoredNames(
    db,
    name,
    sql`c.workspace_id = ${workspaceId}
        and to_tsvector('simple', c.search_name) @@ to_tsquery('simple', search_fold(${query}))
        and ${filtersSql(filters, 'c')}`,
  );
}

function listScoredNames(db: Transaction<DB>, name: string, where: RawBuilder<boolean>) {
  const folded = sql`search_fold(${name})`;
  // Planned alone (materialized), the match is a bitmap scan of the index;
  // the cap outside it stops reading rows early. With the LIMIT inside, the
  // planner would rather scan the table, unaware how dear the match is.
  return sql<ScoredClient>`
    with m as materialized (
      select c.*, word_similarity(${folded}, c.search_name) as score, null as matched
      from clients c
      where ${where}
    )
    select * from (select * from m limit ${SEARCH_SCAN_CAP}) capped
    order by score desc, id desc
    limit ${SEARCH_CANDIDATES}`
    .execute(db)
    .then((r) => r.rows);
}

async function listIdentityCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  terms: SearchTerms,
  filters: ClientFilters,
) {
  await setWordThreshold(db, IDENTITY_THRESHOLD);
  // Emails share domains ("@gmail.com"): only the local part tells them apart, so it
  // alone picks the candidates (through its own index, 0006_search_and_ingest.sql);
  // the whole address scores them.
  const local = terms.identityKind === 'email' ? terms.identity.split('@')[0] : '';
  const match = local
    ? sql`${local} <% split_part(i.value, '@', 1) and i.kind = 'email'`
    : terms.identityKind
      ? sql`${terms.identity} <% i.value and i.kind = ${terms.identityKind}`
      : sql`${terms.identity} <% i.value`;
  const rows = await sql<ScoredClient>`
    with m as materialized (
      select i.client_id, i.value from client_identities i
      where i.workspace_id = ${workspaceId} and ${match}
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
 * The candidates for a search (unranked beyond their trigram score): names by
 * their words, then by trigrams when the words find fewer than wanted, and
 * identity values by trigrams (`term <% column`: word_similarity over the threshold). An exact email or
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
    keep(await listWordCandidates(db, workspaceId, terms.name, filters));
    if (best.size < wanted)
      keep(await listNameCandidates(db, workspaceId, terms.name, filters, LOOSE_THRESHOLD));
  }
  keep(await listIdentityCandidates(db, workspaceId, terms, filters));
  return [...best.values()];
}
