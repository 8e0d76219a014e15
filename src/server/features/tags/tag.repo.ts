import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Usage of one tag: the GIN index on conversations.tags answers `@>` per tag, so
// a page of tags costs one index probe each, not a scan of the conversations.
const conversationCount = sql<number>`(
  select count(*)::int from conversations c
  where c.workspace_id = tags.workspace_id and c.tags @> array[tags.name]
)`;

/** A page of the catalogue by name then id, each tag with its usage; fetches limit + 1 rows. */
export function listTags(
  db: Db,
  workspaceId: string,
  f: { q?: string; after?: [string, string]; limit: number },
) {
  let query = db
    .selectFrom('tags')
    .selectAll()
    .select(conversationCount.as('conversation_count'))
    .where('workspace_id', '=', workspaceId);
  if (f.q) query = query.where('name', 'ilike', likePattern(f.q));
  if (f.after) {
    const [name, id] = f.after;
    query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
  }
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

/** One tag with its usage. */
export function findTag(db: Db, workspaceId: string, tagId: string) {
  return db
    .selectFrom('tags')
    .selectAll()
    .select(conversationCount.as('conversation_count'))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tagId)
    .executeTakeFirst();
}

/** The tag, row-locked until the transaction ends, so renames and deletes of it serialise. */
export function findTagForUpdate(db: Db, workspaceId: string, tagId: string) {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tagId)
    .forUpdate()
    .executeTakeFirst();
}

export function findTagByName(db: Db, workspaceId: string, name: string) {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export function insertTag(
  db: Db,
  workspaceId: string,
  values: { name: string; color: string; description: string; created_at: Date },
) {
  return db
    .insertInto('tags')
    .values({ workspace_id: workspaceId, ...values, updated_at: values.created_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateTag(
  db: Db,
  workspaceId: string,
  tagId: string,
  patch: Partial<{ name: string; color: string; description: string }>,
  now: Date,
) {
  return db
    .updateTable('tags')
    .set({ ...patch, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tagId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteTag(db: Db, workspaceId: string, tagId: string) {
  return db
    .deleteFrom('tags')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tagId)
    .execute();
}

/**
 * Renames a tag on every conversation of the workspace that carries it, keeping
 * its place in the array; a conversation that already has the new name keeps
 * one copy. Returns how many conversations changed.
 */
export async function renameConversationTag(
  db: Db,
  workspaceId: string,
  from: string,
  to: string,
  now: Date,
) {
  const result = await db
    .updateTable('conversations')
    .set({
      tags: sql<string[]>`case when tags @> array[${to}]::text[]
        then array_remove(tags, ${from}::text)
        else array_replace(tags, ${from}::text, ${to}::text) end`,
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`tags @> array[${from}]::text[]`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Takes a tag off every conversation of the workspace. Returns how many changed. */
export async function removeConversationTag(db: Db, workspaceId: string, name: string, now: Date) {
  const result = await db
    .updateTable('conversations')
    .set({ tags: sql<string[]>`array_remove(tags, ${name}::text)`, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`tags @> array[${name}]::text[]`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
