import type { Selectable } from 'kysely';
import type { AttachmentsTable } from '../../db/schema.ts';

export type AttachmentRow = Selectable<AttachmentsTable>;

/** An attachment as a message lists it. */
export function presentAttachmentRef(a: AttachmentRow) {
  return {
    id: a.id,
    filename: a.filename,
    content_type: a.content_type,
    size_bytes: Number(a.size_bytes),
    content_id: a.content_id,
    url: `/api/v1/attachments/${a.id}/content`,
  };
}

/** An attachment with its checksum and state, as the upload answers. */
export function presentAttachment(a: AttachmentRow) {
  return {
    ...presentAttachmentRef(a),
    sha256: a.sha256,
    message_id: a.message_id,
    uploaded_by: a.uploaded_by,
    created_at: a.created_at.toISOString(),
  };
}
