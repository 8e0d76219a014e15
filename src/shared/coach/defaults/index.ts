import type { CoachLanguage, PhraseRule } from '../types.ts';
import { EN_RULES } from './en.ts';
import { ES_RULES } from './es.ts';
import { HU_RULES } from './hu.ts';
import { KK_RULES } from './kk.ts';
import { RO_RULES } from './ro.ts';
import { RU_RULES } from './ru.ts';

export { DEFAULT_KEYS, type DefaultKey } from './keys.ts';

/** The built-in rules of each language. */
export const DEFAULT_RULES_BY_LANGUAGE: Record<CoachLanguage, readonly PhraseRule[]> = {
  en: EN_RULES,
  es: ES_RULES,
  hu: HU_RULES,
  ro: RO_RULES,
  kk: KK_RULES,
  ru: RU_RULES,
};

/** Every built-in rule, all languages; a workspace starts from these. */
export const DEFAULT_RULES: readonly PhraseRule[] = Object.values(DEFAULT_RULES_BY_LANGUAGE).flat();
