import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likeEscape(q: string) {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface CannedFilter {
  q?: string;
  language?: string;
  folder?: string;
  after?: [string, string];
  limit: number;
}

/** A page of canned responses by title (case-insensitive) then id; fetches limit + 1 rows. */
export function listCannedResponses(db: Db, workspaceId: string, f: CannedFilter) {
  let query = db.selectFrom('canned_responses').selectAll().where('workspace_id', '=', workspaceId);
  if (f.language) query = query.where('language', '=', f.language);
  if (f.folder) {
    const folder = f.folder;
    query = query.where((eb) =>
      eb.or([eb('folder', '=', folder), eb('folder', 'like', `${likeEscape(folder)}/%`)]),
    );
  }
  if (f.q) {
    const pattern = `%${likeEscape(f.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('title', 'ilike', pattern),
        eb('shortcut', 'ilike', pattern),
        eb('body', 'ilike', pattern),
      ]),
    );
  }
  if (f.after) {
    const [title, id] = f.after;
    query = query.where((eb) =>
      eb(eb.tuple(eb.fn<string>('lower', ['title']), eb.ref('id')), '>', eb.tuple(title, id)),
    );
  }
  return query
    .orderBy(sql`lower(title)`)
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export function findCannedResponse(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('canned_responses')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The response using this shortcut in this language, if any (case-insensitive). */
export function findByShortcut(db: Db, workspaceId: string, language: string, shortcut: string) {
  return db
    .selectFrom('canned_responses')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('language', '=', language)
    .where(sql`lower(shortcut)`, '=', shortcut.toLowerCase())
    .executeTakeFirst();
}

export interface CannedValuesRow {
  title: string;
  shortcut: string;
  language: string;
  folder: string;
  body: string;
}

export function insertCannedResponse(
  db: Db,
  workspaceId: string,
  values: CannedValuesRow & { created_by: string | null; created_at: Date },
) {
  return db
    .insertInto('canned_responses')
    .values({ workspace_id: workspaceId, ...values, updated_at: values.created_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateCannedResponse(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<CannedValuesRow>,
  now: Date,
) {
  return db
    .updateTable('canned_responses')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCannedResponse(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .deleteFrom('canned_responses')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Counts one use; returns the new count, or undefined when the response is gone. */
export async function countUse(db: Db, workspaceId: string, id: string) {
  const row = await db
    .updateTable('canned_responses')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('usage_count')
    .executeTakeFirst();
  return row?.usage_count;
}

/**
 * What the variables of one conversation are made of: the conversation, its
 * client, the workspace and the SLA due times, in one query.
 */
export function findRenderFacts(db: Db, workspaceId: string, conversationId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('clients as cl', (j) =>
      j.onRef('cl.workspace_id', '=', 'c.workspace_id').onRef('cl.id', '=', 'c.client_id'),
    )
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'c.workspace_id').onRef('t.id', '=', 'c.team_id'),
    )
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', conversationId)
    .select([
      'c.id',
      'c.number',
      'c.subject',
      'c.status',
      'cl.name as client_name',
      'cl.language as client_language',
      'w.name as workspace_name',
      'w.time_zone',
      'w.default_language',
      't.name as team_name',
      sql<Date | null>`(select s.due_at from sla_targets s where s.workspace_id = c.workspace_id
        and s.conversation_id = c.id and s.kind = 'first_response' and s.met_at is null)`.as(
        'first_response_due_at',
      ),
      sql<Date | null>`(select s.due_at from sla_targets s where s.workspace_id = c.workspace_id
        and s.conversation_id = c.id and s.kind = 'resolution' and s.met_at is null)`.as(
        'resolution_due_at',
      ),
    ])
    .executeTakeFirst();
}

/** The agent's name and the names of their teams, by name. */
export function findAgentFacts(db: Db, workspaceId: string, userId: string) {
  return db
    .selectFrom('users as u')
    .where('u.workspace_id', '=', workspaceId)
    .where('u.id', '=', userId)
    .select([
      'u.name',
      sql<string[]>`array(select t.name from team_members m
        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = u.workspace_id and m.user_id = u.id
        order by t.name)`.as('team_names'),
    ])
    .executeTakeFirst();
}
