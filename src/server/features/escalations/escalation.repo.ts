import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Escalations with the names of the people and team they mention. */
function selectEscalations(db: Db, workspaceId: string) {
  return db
    .selectFrom('escalations as e')
    .leftJoin('users as f', (j) =>
      j.onRef('f.workspace_id', '=', 'e.workspace_id').onRef('f.id', '=', 'e.from_user_id'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'e.workspace_id').onRef('u.id', '=', 'e.to_user_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'e.workspace_id').onRef('t.id', '=', 'e.to_team_id'),
    )
    .select([
      'e.id',
      'e.conversation_id',
      'e.reason',
      'e.from_user_id',
      'f.name as from_user_name',
      'e.to_user_id',
      'u.name as to_user_name',
      'e.to_team_id',
      't.name as to_team_name',
      'e.scope',
      'e.excerpt',
      'e.method',
      'e.note',
      'e.created_at',
    ])
    .where('e.workspace_id', '=', workspaceId);
}

export type EscalationRow = NonNullable<Awaited<ReturnType<typeof findEscalation>>>;

export function findEscalation(db: Db, workspaceId: string, id: string) {
  return selectEscalations(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
}

/** A conversation's escalations, newest first; fetches limit + 1 rows. */
export function listEscalations(
  db: Db,
  workspaceId: string,
  conversationId: string,
  f: { beforeId?: string; limit: number },
) {
  let q = selectEscalations(db, workspaceId).where('e.conversation_id', '=', conversationId);
  if (f.beforeId) q = q.where('e.id', '<', f.beforeId);
  return q
    .orderBy('e.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function insertEscalation(
  db: Db,
  workspaceId: string,
  e: {
    conversation_id: string;
    reason: string;
    from_user_id: string | null;
    to_user_id: string | null;
    to_team_id: string | null;
    scope: 'conversation' | 'excerpt';
    excerpt: string | null;
    method: 'handoff' | 'call' | 'email';
    note: string;
    created_at: Date;
  },
) {
  return db
    .insertInto('escalations')
    .values({ ...e, workspace_id: workspaceId })
    .returning('id')
    .executeTakeFirstOrThrow();
}
