import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import { toPage } from '../../pagination.ts';
import { listTimelineEvents, recordEvent } from '../events/event.service.ts';
import { cursorId, presentEvent, presentNote } from './client.presenter.ts';
import * as notes from './client-note.repo.ts';
import * as repo from './client.repo.ts';
import { assertCanClient, getClient } from './client.service.ts';

/** A page of a client's notes, newest first. */
export async function listClientNotes(
  ctx: Ctx,
  clientId: string,
  page: { limit: number; cursor?: string },
) {
  assertCanClient(ctx, 'read');
  await getClient(ctx, clientId);
  const beforeId = page.cursor ? cursorId(page.cursor) : undefined;
  const rows = await notes.listNotes(ctx.db, ctx.workspaceId, clientId, page.limit, beforeId);
  return toPage(rows, page.limit, (r) => [r.id], presentNote);
}

/** Adds a note to a client's dossier, by the signed-in user. */
export async function addClientNote(ctx: Ctx, clientId: string, body: string) {
  assertCanClient(ctx, 'update');
  return withTransaction(ctx, async (tx) => {
    await getClient(tx, clientId);
    const { id } = await notes.insertNote(tx.db, tx.workspaceId, {
      client_id: clientId,
      author_id: actorUserId(tx),
      body,
      created_at: tx.now(),
    });
    await recordEvent(tx, {
      type: 'client.note_added',
      clientId,
      data: { note_id: id, excerpt: body.slice(0, 200) },
    });
    return presentNote((await notes.findNote(tx.db, tx.workspaceId, id))!);
  });
}

/**
 * A page of a client's timeline, newest first, including the clients merged
 * into it, with the acting users' names.
 */
export async function listClientTimeline(
  ctx: Ctx,
  clientId: string,
  page: { limit: number; cursor?: string },
) {
  assertCanClient(ctx, 'read');
  await getClient(ctx, clientId);
  const merged = await repo.listMergedClientIds(ctx.db, ctx.workspaceId, clientId);
  const beforeId = page.cursor ? cursorId(page.cursor) : undefined;
  const rows = await listTimelineEvents(
    ctx,
    { clientIds: [clientId, ...merged] },
    page.limit,
    beforeId,
  );
  const userIds = [...new Set(rows.flatMap((e) => (e.actor_user_id ? [e.actor_user_id] : [])))];
  const names = new Map(
    (await notes.listUserNames(ctx.db, ctx.workspaceId, userIds)).map((u) => [u.id, u.name]),
  );
  return toPage(
    rows,
    page.limit,
    (r) => [r.id],
    (e) =>
      presentEvent({
        ...e,
        actor_name: e.actor_user_id ? (names.get(e.actor_user_id) ?? null) : null,
      }),
  );
}
