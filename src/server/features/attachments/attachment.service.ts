import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { actorUserId, withTransaction, type Ctx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { AppFiles } from '../../storage/app-files.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { canAttachment } from './attachment.policy.ts';
import type { AttachmentRow } from './attachment.presenter.ts';
import * as repo from './attachment.repo.ts';

export interface UploadInput {
  filename: string;
  contentType: string;
  content: Readable;
  /** True once the upload went past the size limit and the rest was cut off. */
  isTruncated: () => boolean;
  /** An email's inline image: the Content-ID its HTML refers to as cid:. */
  contentId?: string | null;
}

/** A file name safe to store and to send back: no folders, no control characters, bounded. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'file';
}

/** The type the browser claimed, if it is a plain type/subtype; else a download of bytes. */
export function cleanContentType(type: string): string {
  const t = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t) && t.length <= 100
    ? t
    : 'application/octet-stream';
}

export function tooLarge(limitBytes: number) {
  const mb = Math.floor((limitBytes / (1024 * 1024)) * 10) / 10;
  return new AppError(
    'payload_too_large',
    `the file is larger than the upload limit of ${mb} MB (${limitBytes} bytes)`,
  );
}

/**
 * Stores an uploaded file and its metadata; it stays unsent (message_id null)
 * until a message is sent with its id. The storage key is ours: the file
 * name the browser sent is only metadata.
 */
export async function uploadAttachment(ctx: Ctx, files: AppFiles, input: UploadInput) {
  if (!canAttachment(ctx.actor, 'upload')) throw forbidden();
  const now = ctx.now();
  const key = `w${ctx.workspaceId}/${now.getUTCFullYear()}/${randomUUID()}`;
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await files.storage.put(key, input.content.pipe(measure));
  if (input.isTruncated() || size > files.uploadLimitBytes) {
    await files.storage.remove(key);
    throw tooLarge(files.uploadLimitBytes);
  }
  try {
    return await repo.insertAttachment(ctx.db, ctx.workspaceId, {
      filename: cleanFilename(input.filename),
      content_type: cleanContentType(input.contentType),
      size_bytes: size,
      sha256: hash.digest('hex'),
      storage_key: key,
      uploaded_by: actorUserId(ctx),
      created_at: now,
      content_id: input.contentId?.trim().slice(0, 250) || null,
    });
  } catch (err) {
    await files.storage.remove(key);
    throw err;
  }
}

/** An attachment's metadata and its bytes, for a member of its workspace. */
export async function openAttachment(ctx: Ctx, storage: FileStorage, id: string) {
  const row = await repo.findAttachment(ctx.db, ctx.workspaceId, id);
  if (!row) throw notFound('attachment');
  if (!canAttachment(ctx.actor, 'read', row)) throw forbidden();
  return { row, content: await storage.read(row.storage_key) };
}

/** Discards an upload that was never sent (the composer's "remove"); the bytes go after commit. */
export async function discardAttachment(ctx: Ctx, storage: FileStorage, id: string) {
  await withTransaction(ctx, async (tx) => {
    const [row] = await repo.lockAttachments(tx.db, tx.workspaceId, [id]);
    if (!row) throw notFound('attachment');
    if (!canAttachment(tx.actor, 'discard', row))
      throw forbidden('only the person who uploaded it can remove this attachment');
    if (row.message_id) throw conflict('the attachment was sent with a message: it stays');
    await repo.deleteUnsent(tx.db, tx.workspaceId, id);
    tx.afterCommit?.(() => storage.remove(row.storage_key));
  });
}

/**
 * Links uploaded attachments to a message being sent, in the caller's
 * transaction. Each id must be an unsent upload of this workspace by the same
 * user; the field error names the position of a bad one.
 */
export async function attachToMessage(ctx: Ctx, messageId: string, ids: readonly string[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const rows = new Map(
    (await repo.lockAttachments(ctx.db, ctx.workspaceId, wanted)).map((r) => [r.id, r]),
  );
  const userId = actorUserId(ctx);
  const fields: Record<string, string> = {};
  ids.forEach((id, i) => {
    const row = rows.get(id);
    if (!row) fields[`attachment_ids.${i}`] = 'is not an attachment of this workspace';
    else if (row.message_id) fields[`attachment_ids.${i}`] = 'was already sent with a message';
    else if (userId && row.uploaded_by !== userId)
      fields[`attachment_ids.${i}`] = 'was uploaded by someone else';
  });
  if (Object.keys(fields).length) throw invalid(fields);
  return repo.linkAttachments(ctx.db, ctx.workspaceId, wanted, messageId);
}

/** The attachments of these messages, by message id. */
export async function listMessageAttachments(
  ctx: Ctx,
  messageIds: readonly string[],
): Promise<Map<string, AttachmentRow[]>> {
  const rows = await repo.listForMessages(ctx.db, ctx.workspaceId, messageIds);
  const byMessage = new Map<string, AttachmentRow[]>();
  for (const row of rows) {
    const list = byMessage.get(row.message_id!) ?? [];
    list.push(row);
    byMessage.set(row.message_id!, list);
  }
  return byMessage;
}

/** How long an upload may wait for its message before the sweep removes it. */
export const UNSENT_TTL_HOURS = 24;

/**
 * Removes uploads never sent within UNSENT_TTL_HOURS, in every workspace: the
 * row first (so a late send fails cleanly instead of pointing at nothing),
 * then the file. Idempotent; returns how many went.
 */
export async function sweepUnsentAttachments(
  db: Kysely<DB>,
  storage: FileStorage,
  now: Date,
  batch = 500,
): Promise<number> {
  const before = new Date(now.getTime() - UNSENT_TTL_HOURS * 3600_000);
  const stale = await repo.unscopedListStaleUnsent(db, before, batch);
  let removed = 0;
  for (const a of stale) {
    // deleteUnsent re-checks message_id: an upload sent meanwhile stays.
    if (await repo.deleteUnsent(db, a.workspace_id, a.id)) {
      await storage.remove(a.storage_key);
      removed += 1;
    }
  }
  return removed;
}
