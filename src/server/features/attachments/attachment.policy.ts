import type { Actor } from '../../context.ts';

export type AttachmentAction = 'upload' | 'read' | 'discard';

/**
 * Every member uploads and reads the workspace's attachments (every member
 * works every conversation); an upload not yet sent is discarded by whoever
 * uploaded it, or an admin.
 */
export function canAttachment(
  actor: Actor,
  action: AttachmentAction,
  attachment?: { uploaded_by: string | null },
): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  switch (action) {
    case 'upload':
    case 'read':
      return true;
    case 'discard':
      return actor.role === 'admin' || attachment?.uploaded_by === actor.userId;
  }
}
