import { en } from './en.ts';
import { es } from './es.ts';
import { hu } from './hu.ts';
import { kk } from './kk.ts';
import { ro } from './ro.ts';
import { ru } from './ru.ts';
import type { DefaultArticleKey, DefaultCategoryKey, DefaultKnowledgeText } from './types.ts';

// The default FAQ every workspace starts with: the typical questions the
// seeds list (documents needed to buy, regular vs premium, bulk discounts,
// activation) plus delivery, returns and how fast we answer, without jargon,
// written in each language rather than translated word for word. The facts
// (30 days, 5% from 10 items, 10 business hours) are the same in every
// language, so a workspace edits one set of promises.

export const DEFAULT_CATEGORIES: { key: DefaultCategoryKey; slug: string; position: number }[] = [
  { key: 'buying', slug: 'buying', position: 1 },
  { key: 'delivery', slug: 'delivery-and-returns', position: 2 },
  { key: 'help', slug: 'help-and-support', position: 3 },
];

export const DEFAULT_ARTICLES: {
  key: DefaultArticleKey;
  category: DefaultCategoryKey;
  slug: string;
  position: number;
}[] = [
  { key: 'documents', category: 'buying', slug: 'documents-to-buy', position: 1 },
  { key: 'plans', category: 'buying', slug: 'regular-and-premium', position: 2 },
  { key: 'bulk', category: 'buying', slug: 'bulk-discounts', position: 3 },
  { key: 'delivery', category: 'delivery', slug: 'delivery', position: 1 },
  { key: 'returns', category: 'delivery', slug: 'returns-and-exchanges', position: 2 },
  { key: 'activation', category: 'help', slug: 'activate-your-product', position: 1 },
  { key: 'contact', category: 'help', slug: 'contact-and-response-times', position: 2 },
];

export const DEFAULT_TEXTS: DefaultKnowledgeText[] = [en, es, hu, ro, kk, ru];

export type { DefaultArticleKey, DefaultCategoryKey, DefaultKnowledgeText };
