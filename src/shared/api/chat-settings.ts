import { z } from 'zod';
import { Language } from './common.ts';

/** An origin a widget may be embedded on: scheme://host[:port], nothing after it. */
const Origin = z
  .string()
  .trim()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin like https://www.example.com')
  // Not .transform(): the schema is also the response's, and a transform cannot be encoded.
  .toLowerCase();

/** A workspace's web chat settings. */
export const ChatSettings = z.object({
  enabled: z.boolean(),
  /** Ask the visitor's name and email before the first message. */
  prechat_form: z.boolean(),
  /** The widget's greeting per language; a missing language shows the widget's own greeting. */
  greetings: z.partialRecord(Language, z.string().trim().max(300)),
  /** Pages (origins) allowed to open the chat; empty: any. */
  allowed_origins: z.array(Origin).max(50),
});
export type ChatSettings = z.infer<typeof ChatSettings>;
