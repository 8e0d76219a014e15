import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function insertNote(
  db: Db,
  workspaceId: string,
  values: { client_id: string; author_id: string | null; body: string; created_at: Date },
) {
  return db
    .insertInto('client_notes')
    .values({ workspace_id: workspaceId, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A page of a client's notes with their authors, newest first, keyset on id. */
export function listNotes(
  db: Db,
  workspaceId: string,
  clientId: string,
  limit: number,
  beforeId?: string,
) {
  let q = db
    .selectFrom('client_notes as n')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'n.workspace_id').onRef('u.id', '=', 'n.author_id'),
    )
    .select([
      'n.id',
      'n.client_id',
      'n.author_id',
      'u.name as author_name',
      'n.body',
      'n.created_at',
    ])
    .where('n.workspace_id', '=', workspaceId)
    .where('n.client_id', '=', clientId);
  if (beforeId) q = q.where('n.id', '<', beforeId);
  return q
    .orderBy('n.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function findNote(db: Db, workspaceId: string, noteId: string) {
  return listNotesByIds(db, workspaceId, [noteId]).then((rows) => rows[0]);
}

function listNotesByIds(db: Db, workspaceId: string, ids: string[]) {
  return db
    .selectFrom('client_notes as n')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'n.workspace_id').onRef('u.id', '=', 'n.author_id'),
    )
    .select([
      'n.id',
      'n.client_id',
      'n.author_id',
      'u.name as author_name',
      'n.body',
      'n.created_at',
    ])
    .where('n.workspace_id', '=', workspaceId)
    .where('n.id', 'in', ids)
    .execute();
}

/** Moves a client's notes to another client (merge); returns how many moved. */
export async function moveNotes(db: Db, workspaceId: string, fromId: string, toId: string) {
  const r = await db
    .updateTable('client_notes')
    .set({ client_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', fromId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The names of these users of the workspace (the actors of a client's timeline). */
export function listUserNames(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}
