import { z } from 'zod';
import { Cursor, Id, Limit, Timestamp } from './common.ts';

export const Notification = z
  .object({
    id: Id,
    kind: z.string().meta({ description: 'What happened, e.g. sla.warning or sla.breached' }),
    conversation_id: Id.nullable(),
    data: z.record(z.string(), z.unknown()).meta({
      description: 'Details of the kind (for SLA: the target kind, due_at, number, subject)',
    }),
    read_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'Notification' });

export const NotificationListQuery = z
  .object({
    limit: Limit,
    cursor: Cursor,
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export const UnreadCount = z.object({ unread: z.number().int() }).meta({ id: 'UnreadCount' });
export const ReadAllResult = z
  .object({ marked_read: z.number().int() })
  .meta({ id: 'ReadAllResult' });
