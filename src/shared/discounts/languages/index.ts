import type { Language } from '../../api/common.ts';
import type { DiscountLexicon } from '../lexicon.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { hu } from './hu.ts';
import { kk } from './kk.ts';
import { ro } from './ro.ts';
import { ru } from './ru.ts';

/** The lexicon of each language a draft can be written in. */
export const LEXICONS: Record<Language, DiscountLexicon> = { en, es, hu, ro, kk, ru };
