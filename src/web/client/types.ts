import type { z } from 'zod';
import type {
  Client as ClientSchema,
  ClientField as ClientFieldSchema,
  ClientNote as ClientNoteSchema,
  PatchClientBody,
  TimelineEvent as TimelineEventSchema,
} from '../../shared/api/clients.ts';

export type Client = z.infer<typeof ClientSchema>;
export type ClientField = z.infer<typeof ClientFieldSchema>;
export type ClientNote = z.infer<typeof ClientNoteSchema>;
export type ClientEvent = z.infer<typeof TimelineEventSchema>;
export type ClientPatch = z.input<typeof PatchClientBody>;
