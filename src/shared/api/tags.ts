import { z } from 'zod';
import { Cursor, Id, Tag as TagName, Timestamp } from './common.ts';

/** The colours a tag may take: names of the app's palette, so every one keeps its contrast. */
export const TagColor = z.enum([
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
]);

export const TagAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'TagAbilities' });

export const Tag = z
  .object({
    id: Id,
    name: z.string(),
    color: TagColor,
    description: z.string(),
    conversation_count: z
      .number()
      .int()
      .meta({ description: 'How many conversations of the workspace carry the tag' }),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: TagAbilities,
  })
  .meta({ id: 'Tag' });

export const TagListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(200),
    cursor: Cursor,
    q: z.string().trim().max(50).optional(),
  })
  .strict();

const Description = z.string().trim().max(500);

export const NewTagBody = z
  .object({
    name: TagName,
    color: TagColor.default('gray'),
    description: Description.default(''),
  })
  .strict();

export const PatchTagBody = z
  .object({ name: TagName, color: TagColor, description: Description })
  .partial()
  .strict()
  .meta({
    description: 'A new name renames the tag on every conversation that carries it',
  });
