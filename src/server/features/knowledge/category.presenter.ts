import type { Actor } from '../../context.ts';
import type { CategoryRow } from './category.repo.ts';
import { knowledgeAbilities } from './knowledge.policy.ts';

/** A category with its names per language, how many articles it holds, and what the caller may do. */
export function presentCategory(actor: Actor, c: CategoryRow) {
  return {
    id: c.id,
    slug: c.slug,
    position: c.position,
    translations: c.translations,
    article_count: c.article_count,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
    abilities: knowledgeAbilities(actor),
  };
}
