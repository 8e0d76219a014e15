import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  addressesOneTypoAway,
  pickNearestWords,
  pickNearWords,
  wordsTsQuery,
} from './client-search.ts';
import {
  filtersSql,
  type ClientFilters,
  type ClientRow,
  type IdentityKind,
} from './client.repo.ts';

/** How many candidates the search hands to the re-ranking. */
export const SEARCH_CANDIDATES = 200;
// Each pass reads at most this many matching rows: a word most clients share
// ("Ana", "Kovács") would otherwise cost a heap read and a score for thousands of
// rows. Rows found by their words all hold every word typed (or its correction), so
// a few more than the candidates suffice; trigram passes rank looser matches and
// read more to rank from.
const WORD_SCAN_CAP = 300;
const TRIGRAM_SCAN_CAP = 1000;
// Identities read by a trigram pass: each costs a heap read and a join to its client
// (1,000 of them were 45 ms of a search for "Aflie Brown", whose emails all start
// "alfie.brown"), and the candidates are only SEARCH_CANDIDATES.
const IDENTITY_SCAN_CAP = 300;
// Names are first looked up by their words as typed; a typo ("Gerogina") is then
// corrected against the words names are made of (client_name_words, 0036), and the
// corrections looked up the same way. A whole-name trigram pass is the last resort,
// when neither finds anybody ("kovacsanna"): "Gerogina" scores 0.38 against
// "Georgina"; below 0.35 its candidates are noise.
const LOOSE_THRESHOLD = '0.35';
const IDENTITY_THRESHOLD = '0.4';
// The dictionary is small (a workspace's distinct name words), so it is read
// loosely and the edit distance picks (pickNearWords): a transposition in a short
// word ("ezster") shares few trigrams with what was meant (0.27 against "eszter").
const NEAR_WORD_THRESHOLD = '0.2';
// Trigram candidates per typed word handed to pickNearWords.
const NEAR_WORD_CANDIDATES = 30;
// Live clients, newest first, in which a name search first looks for names holding
// the typed words or their nearest corrections (listNewestHolding): a word one client
// in 20 has is found 25 times in about 500 of them. Checking one costs a fraction of
// a microsecond; reading the word index for a word 50,000 clients share, 10-40 ms.
const NEWEST_WALK = 2000;

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

/**
 * Clients with an address one typo away from the one typed, each looked up
 * exactly through the unique index: a bounded number of index probes, where the
 * trigram pass over local parts rechecks every address sharing a few trigrams
 * (thousands of "clientN" for "clinet778", 73-90 ms at a million clients).
 */
async function findByAddressOneTypoAway(
  db: Transaction<DB>,
  workspaceId: string,
  address: string,
  filters: ClientFilters,
) {
  const variants = addressesOneTypoAway(address);
  if (variants.length === 0) return [];
  // One probe of the unique index per address, joined to the distinct addresses
  // (\`value = any($1)\` was planned 10x slower at 1,600 and ran in parallel
  // workers); a client with two such addresses is one candidate, by the closer.
  const rows = await sql<ScoredClient>`
    select * from (
      select distinct on (c.id) c.*, word_similarity(${address}, i.value) as score, i.value as matched
      from unnest(${sql.val(variants)}::text[]) v(value)
      join client_identities i
        on i.workspace_id = ${workspaceId} and i.kind = 'email' and i.value = v.value
      join clients c on c.workspace_id = i.workspace_id and c.id = i.client_id
      where ${filtersSql(filters, 'c')}
      order by c.id, score desc
    ) n
    order by score desc, id desc
    limit ${SEARCH_CANDIDATES}`.execute(db);
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
    TRIGRAM_SCAN_CAP,
  );
}

// Letters, digits and marks only, so the text is always a valid tsquery; folded in SQL
// exactly as the indexed search_name is.
function typedWords(name: string) {
  return name
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean);
}

/**
 * For each typed word, the words of the workspace's names that may be what was meant:
 * up to NEAR_WORD_CANDIDATES by trigrams from its dictionary of name words
 * (0036_client_name_words.sql), the word itself among them when a name has it.
 */
async function listNearWords(db: Transaction<DB>, workspaceId: string, typed: string[]) {
  await sql`select set_config('pg_trgm.similarity_threshold', ${NEAR_WORD_THRESHOLD}, true)`.execute(
    db,
  );
  const near = await sql<{ ord: number; word: string }>`
    select t.ord::int - 1 as ord, n.word
    from unnest(array[${sql.join(typed)}]::text[]) with ordinality as t(typed, ord)
    cross join lateral (
      select distinct d.word, similarity(search_fold(t.typed), d.word) as s
      from client_name_words d
      where d.workspace_id = ${workspaceId} and d.word % search_fold(t.typed)
      order by s desc, d.word
      limit ${NEAR_WORD_CANDIDATES}
    ) n`.execute(db);
  return near.rows;
}

/**
 * Names holding, for every group, one of its words (near words of the typed ones):
 * a misspelt "Mateox" is looked up as "mateo", through the exact word index, and
 * costs what the word lookup costs rather than a trigram recheck of every name
 * sharing its letters.
 */
function listNearWordCandidates(
  db: Transaction<DB>,
  workspaceId: string,
  name: string,
  groups: string[][],
  filters: ClientFilters,
) {
  if (groups.length === 0) return Promise.resolve([]);
  return listScoredNames(
    db,
    name,
    sql`c.workspace_id = ${workspaceId}
        and to_tsvector('simple', c.search_name) @@ ${wordsTsQuery(groups)}::tsquery
        and ${filtersSql(filters, 'c')}`,
    WORD_SCAN_CAP,
  );
}

/**
 * The newest names holding, for every group, one of its words, looked for among the
 * workspace's NEWEST_WALK newest live clients only: at most `wanted`, newest first.
 * A word many clients share is found in a few hundred rows this way, where its
 * posting list in the word index is every client holding it (50,000 "mateo" at a
 * million clients: a bitmap over every page of the table before the first row).
 * Each row is checked by its folded name holding the words as text first (a word
 * of the index is a piece of that text), so the words are parsed out of few names.
 */
async function listNewestHolding(
  db: Transaction<DB>,
  workspaceId: string,
  name: string,
  groups: string[][],
  filters: ClientFilters,
  wanted: number,
) {
  const holds = groups.map(
    (words) =>
      sql<boolean>`(${sql.join(
        words.map((w) => sql`strpos(c.search_name, ${w}) > 0`),
        sql` or `,
      )})`,
  );
  const rows = await sql<ScoredClient>`
    select c.*, word_similarity(search_fold(${name}), c.search_name) as score, null as matched
    from (
      select * from clients
      where workspace_id = ${workspaceId} and deleted_at is null
      order by id desc
      limit ${NEWEST_WALK}
    ) c
    where ${sql.join(holds, sql` and `)}
      and to_tsvector('simple', c.search_name) @@ ${wordsTsQuery(groups)}::tsquery
      and ${filtersSql(filters, 'c')}
    order by c.id desc
    limit ${wanted}`.execute(db);
  return rows.rows;
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
  const words = typedWords(name);
  if (words.length === 0) return [];
  const query = words.map((w) => `${w}:*`).join(' & ');
  return listScoredNames(
    db,
    name,
    sql`c.workspace_id = ${workspaceId}
        and to_tsvector('simple', c.search_name) @@ to_tsquery('simple', search_fold(${query}))
        and ${filtersSql(filters, 'c')}`,
    WORD_SCAN_CAP,
  );
}

function listScoredNames(
  db: Transaction<DB>,
  name: string,
  where: RawBuilder<boolean>,
  cap: number,
) {
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
    select * from (select * from m limit ${cap}) capped
    order by score desc, id desc
    limit ${SEARCH_CANDIDATES}`
    .execute(db)
    .then((r) => r.rows);
}

/** Text with no digit (so no phone number can hold it) and no "@" (so no whole address). */
function isPlainText(text: string) {
  return !/[\d@]/.test(text);
}

/**
 * Emails a plain text names: by their local part's trigrams, as a mistyped
 * address ("nagy.ezster"), or by a domain that starts with it ("acme" for
 * "@acme.com"). Trigrams over the whole address would compare the text with
 * the domains' words too: "comanda" shares "com" and a letter or two with most
 * addresses ending in ".com" (27,000 of a million), and checking each of them
 * was 130 ms of a search for a word that names nobody.
 */
function plainTextInEmails(text: string) {
  const domain = `%@${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`i.kind = 'email' and (${text} <% split_part(i.value, '@', 1) or i.value like ${domain})`;
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
      : isPlainText(terms.identity)
        ? plainTextInEmails(terms.identity)
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
        from (select * from m limit ${IDENTITY_SCAN_CAP}) m
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
 * The candidates for a search (unranked beyond their trigram score): for a name,
 * first the newest clients holding its words or their nearest corrections, which
 * are the answer when they are at least `wanted` (ADR 0020); else names by
 * their words, then by the near words of misspelt ones when the words find fewer
 * than wanted, then by trigrams over whole names when neither found any, and
 * (for an email or a phone number, or when the names found fewer than wanted)
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
  // A mistyped address: its neighbours one typo away, before any trigram pass.
  if (terms.identityKind === 'email') {
    const near = await findByAddressOneTypoAway(db, workspaceId, terms.identity, filters);
    if (near.length) return near;
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
    const typed = typedWords(terms.name);
    const near = typed.length ? await listNearWords(db, workspaceId, typed) : [];
    // Names holding the typed words, or their nearest corrections, rank first and
    // equal but for their other words, newest first: when enough of them are among
    // the newest clients, they are the answer (ADR 0020).
    const nearest = pickNearestWords(typed, near);
    if (nearest) {
      const newest = await listNewestHolding(db, workspaceId, terms.name, nearest, filters, wanted);
      if (newest.length >= wanted) return newest;
    }
    keep(await listWordCandidates(db, workspaceId, terms.name, filters));
    if (best.size < wanted)
      keep(
        await listNearWordCandidates(
          db,
          workspaceId,
          terms.name,
          pickNearWords(typed, near),
          filters,
        ),
      );
    if (best.size === 0)
      keep(await listNameCandidates(db, workspaceId, terms.name, filters, LOOSE_THRESHOLD));
  }
  // A name found by its words needs no help from the addresses, which mostly spell the
  // same name ("alfie.brown@…"); an email or a phone number is matched on them alone.
  if (terms.name === null || best.size < wanted)
    keep(await listIdentityCandidates(db, workspaceId, terms, filters));
  return [...best.values()];
}
