import { z } from 'zod';
import { Id, Language, PageQuery, Timestamp, text } from './common.ts';

export const KnowledgeVisibility = z
  .enum(['public', 'internal'])
  .meta({ description: 'public: on the FAQ and the portal once published; internal: agents only' });
export type KnowledgeVisibility = z.infer<typeof KnowledgeVisibility>;

export const KnowledgeState = z
  .enum(['draft', 'published'])
  .meta({ description: 'draft: only agents see it; published: live (for public articles)' });
export type KnowledgeState = z.infer<typeof KnowledgeState>;

export const MAX_ARTICLE_BODY_CHARS = 100_000;
export const MAX_META_DESCRIPTION_CHARS = 300;
export const MAX_VOTE_COMMENT_CHARS = 2_000;

/** A URL word: lower-case latin letters and digits separated by single dashes. */
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'holds latin letters, digits and single dashes only')
  .meta({ description: 'Part of the public address, e.g. bulk-discounts', example: 'returns' });

/** One optional value per language, as an object keyed by language code. */
function perLanguage<T extends z.ZodType>(value: T) {
  return z.object({
    en: value.optional(),
    es: value.optional(),
    hu: value.optional(),
    ro: value.optional(),
    kk: value.optional(),
    ru: value.optional(),
  });
}

// ---- categories ----

export const CategoryTranslation = z
  .object({ name: text(200), description: z.string().trim().max(1000).default('') })
  .strict()
  .meta({ id: 'KnowledgeCategoryTranslation' });

export const KnowledgeAbilities = z
  .object({ update: z.boolean(), delete: z.boolean() })
  .meta({ id: 'KnowledgeAbilities' });

export const KnowledgeCategory = z
  .object({
    id: Id,
    slug: z.string(),
    position: z.number().int(),
    translations: perLanguage(z.object({ name: z.string(), description: z.string() })).meta({
      description: 'Name and description in each language the category is written in',
    }),
    article_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
    abilities: KnowledgeAbilities,
  })
  .meta({ id: 'KnowledgeCategory' });

const Position = z.number().int().min(-1_000_000).max(1_000_000);

export const NewCategoryBody = z
  .object({
    slug: Slug.optional().meta({
      description: 'Made from the first name (in the order en, es, hu, ro, kk, ru) when left out',
    }),
    position: Position.optional().meta({ description: 'After the last category when left out' }),
    translations: perLanguage(CategoryTranslation)
      .strict()
      .refine((t) => Object.values(t).some(Boolean), 'needs a name in at least one language'),
  })
  .strict();

export const PatchCategoryBody = z
  .object({
    slug: Slug,
    position: Position,
    translations: perLanguage(CategoryTranslation.nullable())
      .strict()
      .meta({ description: 'Languages given are replaced; null removes a language' }),
  })
  .partial()
  .strict();

export const CategoryListQuery = PageQuery.strict();

// ---- articles and their language versions ----

export const VersionInput = z
  .object({
    title: text(200),
    body_markdown: text(MAX_ARTICLE_BODY_CHARS).meta({
      description: 'Markdown; raw HTML is shown as text, links may be http(s), mailto or tel',
    }),
    meta_description: z
      .string()
      .trim()
      .max(MAX_META_DESCRIPTION_CHARS)
      .default('')
      .meta({ description: 'For search engines; the FAQ uses the first words when empty' }),
    state: KnowledgeState,
    base_revision_id: Id.optional().meta({
      description:
        'The revision_id the editor started from: when someone saved since, the save is refused (409)',
    }),
  })
  .strict();

export const NewVersionInput = VersionInput.omit({ base_revision_id: true })
  .extend({ language: Language, state: KnowledgeState.default('draft') })
  .strict();

export const VersionSummary = z
  .object({
    language: Language,
    title: z.string(),
    state: KnowledgeState,
    published_at: Timestamp.nullable(),
    updated_at: Timestamp,
  })
  .meta({ id: 'KnowledgeVersionSummary' });

export const KnowledgeVersion = VersionSummary.extend({
  article_id: Id,
  meta_description: z.string(),
  body_markdown: z.string(),
  body_html: z.string().meta({ description: 'Rendered from body_markdown and sanitised' }),
  revision_id: Id.nullable().meta({ description: 'The newest revision; send it back on save' }),
  updated_by: z.object({ id: Id, name: z.string() }).nullable(),
}).meta({ id: 'KnowledgeVersion' });

const ArticleFields = {
  id: Id,
  category_id: Id,
  visibility: KnowledgeVisibility,
  position: z.number().int(),
  slug: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  abilities: KnowledgeAbilities,
};

export const KnowledgeArticleListItem = z
  .object({ ...ArticleFields, versions: z.array(VersionSummary) })
  .meta({ id: 'KnowledgeArticleListItem' });

export const KnowledgeArticle = z
  .object({ ...ArticleFields, versions: z.array(KnowledgeVersion) })
  .meta({ id: 'KnowledgeArticle' });

export const NewArticleBody = z
  .object({
    category_id: Id,
    visibility: KnowledgeVisibility.default('internal'),
    slug: Slug.optional().meta({ description: 'Made from the title when left out' }),
    position: Position.optional().meta({ description: 'Last in its category when left out' }),
    version: NewVersionInput.meta({ description: 'The first language version' }),
  })
  .strict();

export const PatchArticleBody = z
  .object({
    category_id: Id,
    visibility: KnowledgeVisibility,
    slug: Slug,
    position: Position,
  })
  .partial()
  .strict();

export const ArticleSort = z.enum(['position', 'updated']);

export const ArticleListQuery = PageQuery.extend({
  category_id: Id.optional(),
  visibility: KnowledgeVisibility.optional(),
  state: KnowledgeState.optional().meta({
    description: 'Articles with a version in this state (in `language`, when given)',
  }),
  language: Language.optional().meta({ description: 'Articles with a version in this language' }),
  q: z.string().trim().max(200).optional().meta({
    description: 'Words of the title or text (stemmed in each language), or part of a title',
  }),
  sort: ArticleSort.default('position').meta({
    description: 'position: by position (within a category), then id; updated: newest change first',
  }),
}).strict();

export const VersionParams = z.object({ id: Id, language: Language });
export const RevisionParams = z.object({ id: Id, language: Language, revisionId: Id });

// ---- revisions ----

export const KnowledgeRevision = z
  .object({
    id: Id,
    article_id: Id,
    language: Language,
    title: z.string(),
    meta_description: z.string(),
    state: KnowledgeState,
    restored_from_id: Id.nullable(),
    author: z.object({ id: Id, name: z.string() }).nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'KnowledgeRevision' });

export const KnowledgeRevisionWithBody = KnowledgeRevision.extend({
  body_markdown: z.string(),
}).meta({ id: 'KnowledgeRevisionWithBody' });

export const RevisionListQuery = PageQuery.strict();

// ---- votes ----

export const NewVoteBody = z
  .object({
    language: Language,
    helpful: z.boolean(),
    comment: z
      .string()
      .trim()
      .max(MAX_VOTE_COMMENT_CHARS)
      .optional()
      .meta({ description: 'Kept from an earlier vote when left out; "" removes it' }),
    client_id: Id.optional().meta({ description: 'The client who voted' }),
    fingerprint: z
      .string()
      .trim()
      .min(8)
      .max(200)
      .optional()
      .meta({ description: 'Identifies an anonymous reader; stored only as a hash' }),
  })
  .strict()
  .refine((v) => (v.client_id === undefined) !== (v.fingerprint === undefined), {
    message: 'give either client_id or fingerprint',
    path: ['client_id'],
  });

export const VoteComment = z
  .object({
    id: Id,
    helpful: z.boolean(),
    comment: z.string(),
    client_id: Id.nullable(),
    updated_at: Timestamp,
  })
  .meta({ id: 'KnowledgeVoteComment' });

export const LanguageVoteSummary = z
  .object({
    language: Language,
    helpful: z.number().int(),
    not_helpful: z.number().int(),
    comment_count: z.number().int(),
    latest_comments: z.array(VoteComment).meta({ description: 'The newest comments (up to 10)' }),
  })
  .meta({ id: 'KnowledgeLanguageVoteSummary' });

export const VoteSummary = z
  .object({ article_id: Id, languages: z.array(LanguageVoteSummary) })
  .meta({ id: 'KnowledgeVoteSummary' });

export const KnowledgeVote = z
  .object({
    id: Id,
    article_id: Id,
    language: Language,
    helpful: z.boolean(),
    comment: z.string().nullable(),
    client_id: Id.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'KnowledgeVote' });

export const VoteListQuery = PageQuery.extend({
  language: Language.optional(),
  with_comment: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only votes with a comment' }),
}).strict();

// ---- preview ----

export const PreviewBody = z
  .object({
    body_markdown: z
      .string()
      .trim()
      .max(MAX_ARTICLE_BODY_CHARS)
      .meta({ description: 'The Markdown being written; may be empty' }),
  })
  .strict();

export const KnowledgePreview = z
  .object({
    body_html: z
      .string()
      .meta({ description: 'Rendered and sanitised exactly as a save would store it' }),
  })
  .meta({ id: 'KnowledgePreview' });
