import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export { INLINE_IMAGE_TYPES } from './constants.ts';

/** An attachment as a message lists it. */
export const AttachmentRef = z
  .object({
    id: Id,
    filename: z.string(),
    content_type: z.string(),
    size_bytes: z.number().int(),
    content_id: z
      .string()
      .nullable()
      .meta({ description: "An email's inline image: the Content-ID its HTML names as cid:" }),
    url: z.string().meta({ description: 'Where to download the content (same credentials)' }),
  })
  .meta({ id: 'AttachmentRef' });

export const Attachment = AttachmentRef.extend({
  sha256: z.string(),
  message_id: Id.nullable().meta({ description: 'Null until a message is sent with it' }),
  uploaded_by: Id.nullable(),
  created_at: Timestamp,
}).meta({ id: 'Attachment' });

/** The ids a new message carries: uploaded first, sent with the message. */
export const AttachmentIds = z
  .array(Id)
  .max(20)
  .meta({ description: 'Attachments uploaded with POST /attachments and not yet sent' });
