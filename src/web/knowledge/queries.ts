import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type {
  KnowledgeArticle as ArticleSchema,
  KnowledgeArticleListItem as ListItemSchema,
  KnowledgeCategory as CategorySchema,
  KnowledgeRevision as RevisionSchema,
  KnowledgeRevisionWithBody as RevisionWithBodySchema,
  KnowledgeVersion as VersionSchema,
  KnowledgeVote as VoteSchema,
  VoteSummary as VoteSummarySchema,
} from '../../shared/api/knowledge.ts';
import { LANGUAGES, type AppLanguage } from '../i18n/index.ts';

export type KnowledgeCategory = z.infer<typeof CategorySchema>;
export type ArticleListItem = z.infer<typeof ListItemSchema>;
export type KnowledgeArticle = z.infer<typeof ArticleSchema>;
export type KnowledgeVersion = z.infer<typeof VersionSchema>;
export type KnowledgeRevision = z.infer<typeof RevisionSchema>;
export type KnowledgeRevisionWithBody = z.infer<typeof RevisionWithBodySchema>;
export type KnowledgeVote = z.infer<typeof VoteSchema>;
export type VoteSummary = z.infer<typeof VoteSummarySchema>;
export type VersionState = KnowledgeVersion['state'];
export type Visibility = KnowledgeArticle['visibility'];

/** The fields a language version is edited with. */
export interface VersionDraft {
  title: string;
  body_markdown: string;
  meta_description: string;
  state: VersionState;
}

/** Query keys of the knowledge base, all under one root so a change refreshes them together. */
export const kbKeys = {
  all: ['knowledge'] as const,
  categories: ['knowledge', 'categories'] as const,
  articles: (filters: object) => ['knowledge', 'articles', filters] as const,
  article: (id: string) => ['knowledge', 'article', id] as const,
  revisions: (id: string, language: string) => ['knowledge', 'revisions', id, language] as const,
  revision: (id: string, language: string, revisionId: string) =>
    ['knowledge', 'revision', id, language, revisionId] as const,
  votes: (id: string) => ['knowledge', 'votes', id] as const,
  comments: (id: string, language: string) => ['knowledge', 'comments', id, language] as const,
};

/** Refreshes every knowledge list and article after a change. */
export function useInvalidateKnowledge() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: kbKeys.all });
}

/**
 * The item's text in the wanted language, else in the first language it has
 * (in the order en, es, hu, ro, kk, ru), with the language it came from.
 */
export function pickLanguage<T>(
  byLanguage: Partial<Record<string, T | undefined>>,
  wanted: string,
): { language: AppLanguage; value: T } | undefined {
  for (const language of [wanted, ...LANGUAGES]) {
    const value = byLanguage[language];
    if (value !== undefined) return { language: language as AppLanguage, value };
  }
  return undefined;
}

/** An article's versions keyed by language. */
export function versionsByLanguage<V extends { language: string }>(versions: V[]) {
  return Object.fromEntries(versions.map((v) => [v.language, v])) as Partial<Record<string, V>>;
}

/** A category's name in the wanted language, else in the first language it is named in. */
export function categoryName(category: KnowledgeCategory, language: string): string {
  return pickLanguage(category.translations, language)?.value.name ?? category.slug;
}

/**
 * Where readers find a published public article in the help centre. The
 * agent app and the FAQ are served by the same server, so this origin is the
 * one readers use unless RAPPORT_PUBLIC_URL names another.
 */
export function helpCentreUrl(workspaceSlug: string, language: string, articleSlug: string) {
  return `${window.location.origin}/help/${workspaceSlug}/${language}/articles/${encodeURIComponent(articleSlug)}`;
}

/** A language's name in the agent's language, as it reads inside a sentence ("español"). */
export function languageName(t: TFunction, code: string): string {
  return t(`knowledge.lang.${code}`);
}

/** A language's name standing alone: a tab, an option, a table cell ("Español"). */
export function languageLabel(t: TFunction, code: string): string {
  const name = languageName(t, code);
  return name.charAt(0).toLocaleUpperCase() + name.slice(1);
}

/** A save's date and time, short enough for a list row: "2 Dec 2026, 14:05". */
export function formatWhen(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
