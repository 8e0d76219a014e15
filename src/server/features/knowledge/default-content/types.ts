import type { Language } from '../../../../shared/api/common.ts';

export type DefaultCategoryKey = 'buying' | 'delivery' | 'help';
export type DefaultArticleKey =
  'documents' | 'plans' | 'bulk' | 'delivery' | 'returns' | 'activation' | 'contact';

/** The default FAQ in one language: every category and every article, so none can be missing. */
export interface DefaultKnowledgeText {
  language: Language;
  categories: Record<DefaultCategoryKey, { name: string; description: string }>;
  articles: Record<
    DefaultArticleKey,
    { title: string; meta_description: string; body_markdown: string }
  >;
}
