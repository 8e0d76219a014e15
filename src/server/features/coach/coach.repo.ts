import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CoachRulesTable, CoachSettingsTable, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

// Rules ---------------------------------------------------------------------

/** The workspace's rule rows (changes to defaults and its own rules), of one language or all. */
export function listRuleRows(db: Db, workspaceId: string, language?: string) {
  let query = db.selectFrom('coach_rules').selectAll().where('workspace_id', '=', workspaceId);
  if (language) query = query.where('language', '=', language);
  return query.orderBy('created_at').orderBy('rule_id').execute();
}

export function findRuleRow(db: Db, workspaceId: string, ruleId: string) {
  return db
    .selectFrom('coach_rules')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('rule_id', '=', ruleId)
    .executeTakeFirst();
}

export type RuleValues = Omit<Insertable<CoachRulesTable>, 'workspace_id'>;

export function insertRuleRow(db: Db, workspaceId: string, values: RuleValues) {
  return db
    .insertInto('coach_rules')
    .values({ workspace_id: workspaceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateRuleRow(
  db: Db,
  workspaceId: string,
  ruleId: string,
  patch: Updateable<CoachRulesTable>,
) {
  return db
    .updateTable('coach_rules')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('rule_id', '=', ruleId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteRuleRow(db: Db, workspaceId: string, ruleId: string) {
  const rows = await db
    .deleteFrom('coach_rules')
    .where('workspace_id', '=', workspaceId)
    .where('rule_id', '=', ruleId)
    .returning('rule_id')
    .execute();
  return rows.length > 0;
}

/** How many rules of its own the workspace has. */
export async function countOwnRules(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('coach_rules')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'own')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Jargon --------------------------------------------------------------------

export interface JargonFilter {
  language?: string;
  after?: [string, string];
  limit: number;
}

/** A page of jargon terms by term (case-insensitive) then id; fetches limit + 1 rows. */
export function listJargon(db: Db, workspaceId: string, f: JargonFilter) {
  let query = db.selectFrom('coach_jargon').selectAll().where('workspace_id', '=', workspaceId);
  if (f.language) query = query.where('language', '=', f.language);
  if (f.after) {
    const [term, id] = f.after;
    query = query.where((eb) =>
      eb(eb.tuple(eb.fn<string>('lower', ['term']), eb.ref('id')), '>', eb.tuple(term, id)),
    );
  }
  return query
    .orderBy(sql`lower(term)`)
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

/** Every jargon term of the workspace (bounded by JARGON_MAX_TERMS), for checking drafts. */
export function listAllJargon(db: Db, workspaceId: string) {
  return db
    .selectFrom('coach_jargon')
    .select(['term', 'plain', 'language'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
}

export function findJargon(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('coach_jargon')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The term with this spelling (any case) for this language (null: every language), if any. */
export function findJargonByTerm(
  db: Db,
  workspaceId: string,
  term: string,
  language: string | null,
) {
  return db
    .selectFrom('coach_jargon')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(term)`, '=', term.toLowerCase())
    .where(sql`coalesce(language, '')`, '=', language ?? '')
    .executeTakeFirst();
}

export async function countJargon(db: Db, workspaceId: string) {
  const row = await db
    .selectFrom('coach_jargon')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface JargonValues {
  term: string;
  plain: string | null;
  language: string | null;
}

export function insertJargon(db: Db, workspaceId: string, values: JargonValues, now: Date) {
  return db
    .insertInto('coach_jargon')
    .values({ workspace_id: workspaceId, ...values, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateJargon(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<JargonValues>,
  now: Date,
) {
  return db
    .updateTable('coach_jargon')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteJargon(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('coach_jargon')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}

// Settings ------------------------------------------------------------------

export function findSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom('coach_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

export function upsertSettings(
  db: Db,
  workspaceId: string,
  values: Omit<CoachSettingsTable, 'workspace_id' | 'updated_at'>,
  now: Date,
) {
  return db
    .insertInto('coach_settings')
    .values({ workspace_id: workspaceId, ...values, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...values, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

// Draft context ---------------------------------------------------------------

/**
 * What a reply is checked against: the conversation's channel and first
 * response, the client's name and language, the workspace's language, and the
 * writing user's name, language and team (the conversation's when they belong
 * to it, else their first by name). For a new conversation's first message
 * (`clientId`, before the conversation exists) the conversation's columns are
 * null. One query.
 */
export function findDraftFacts(
  db: Db,
  workspaceId: string,
  target: { conversationId: string } | { clientId: string },
  userId: string | null,
) {
  const conversationId = 'conversationId' in target ? target.conversationId : null;
  return db
    .selectFrom('clients as cl')
    .innerJoin('workspaces as w', 'w.id', 'cl.workspace_id')
    .leftJoin('conversations as c', (j) =>
      j
        .onRef('c.workspace_id', '=', 'cl.workspace_id')
        .onRef('c.client_id', '=', 'cl.id')
        .on('c.id', '=', conversationId ?? '0'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'cl.workspace_id').on('u.id', '=', userId ?? '0'),
    )
    .where('cl.workspace_id', '=', workspaceId)
    .$if(conversationId !== null, (q) => q.where('c.id', '=', conversationId!))
    .$if('clientId' in target, (q) =>
      q.where('cl.id', '=', (target as { clientId: string }).clientId),
    )
    .select([
      'c.id',
      'c.status',
      'c.channel',
      'c.first_responded_at',
      'cl.name as client_name',
      'cl.language as client_language',
      'w.default_language',
      'u.name as user_name',
      'u.language as user_language',
      sql<string | null>`(select t.name from teams t
        join team_members m on m.workspace_id = t.workspace_id and m.team_id = t.id
        where t.workspace_id = cl.workspace_id and m.user_id = u.id
        order by (t.id = c.team_id) desc nulls last, t.name limit 1)`.as('team_name'),
    ])
    .executeTakeFirst();
}

/** The user's name and interface language. */
export function findUserFacts(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['name', 'language'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst();
}
