import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { TagColor } from '../../../shared/api/tags.ts';
import type { Actor } from '../../context.ts';
import type { TagsTable } from '../../db/schema.ts';
import { tagAbilities } from './tag.policy.ts';

export type TagRow = Selectable<TagsTable>;
export type TagView = TagRow & { conversation_count: number };

/** A catalogue tag with its usage and what the caller may do with it. */
export function presentTag(actor: Actor, tag: TagView) {
  return {
    id: tag.id,
    name: tag.name,
    color: tag.color as z.infer<typeof TagColor>,
    description: tag.description,
    conversation_count: tag.conversation_count,
    created_at: tag.created_at.toISOString(),
    updated_at: tag.updated_at.toISOString(),
    abilities: tagAbilities(actor),
  };
}
