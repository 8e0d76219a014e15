import type { Language } from '../../../shared/api/common.ts';
import type { Actor } from '../../context.ts';
import type { ArticleRow } from './article.repo.ts';
import { knowledgeAbilities } from './knowledge.policy.ts';
import type { RevisionRow, VersionSummaryRow, VersionWithAuthorRow } from './version.repo.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function articleFields(actor: Actor, a: ArticleRow) {
  return {
    id: a.id,
    category_id: a.category_id,
    visibility: a.visibility,
    position: a.position,
    slug: a.slug,
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
    abilities: knowledgeAbilities(actor),
  };
}

export function presentVersionSummary(v: VersionSummaryRow) {
  return {
    language: v.language as Language,
    title: v.title,
    state: v.state,
    published_at: iso(v.published_at),
    updated_at: v.updated_at.toISOString(),
  };
}

/** A language version with its Markdown source and its sanitised HTML. */
export function presentVersion(v: VersionWithAuthorRow) {
  return {
    ...presentVersionSummary(v),
    article_id: v.article_id,
    meta_description: v.meta_description,
    body_markdown: v.body_markdown,
    body_html: v.body_html,
    revision_id: v.revision_id,
    updated_by:
      v.updated_by && v.updated_by_name ? { id: v.updated_by, name: v.updated_by_name } : null,
  };
}

/** An article in a list: its versions' titles and states, no bodies. */
export function presentArticleListItem(actor: Actor, a: ArticleRow, versions: VersionSummaryRow[]) {
  return { ...articleFields(actor, a), versions: versions.map(presentVersionSummary) };
}

/** An article with every language version in full. */
export function presentArticle(actor: Actor, a: ArticleRow, versions: VersionWithAuthorRow[]) {
  return { ...articleFields(actor, a), versions: versions.map(presentVersion) };
}

export function presentRevision(r: RevisionRow) {
  return {
    id: r.id,
    article_id: r.article_id,
    language: r.language as Language,
    title: r.title,
    meta_description: r.meta_description,
    state: r.state,
    restored_from_id: r.restored_from_id,
    author: r.author_id && r.author_name ? { id: r.author_id, name: r.author_name } : null,
    created_at: r.created_at.toISOString(),
  };
}
