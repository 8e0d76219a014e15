/**
 * The translations, one file per area and language: `<language>/<area>.json`
 * (core, inbox, admin…). Every area holds the same keys in every language;
 * keys are flat ("admin.users.title") and unique across areas. Each language
 * is loaded when first needed, as one chunk (bundles/<language>.ts), so the
 * app downloads one language, not six, in one request.
 */
const bundles = import.meta.glob<Record<string, string>>('./bundles/*.ts', { import: 'default' });

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type AppLanguage = (typeof LANGUAGES)[number];

/** Where the language last chosen on this device is kept. */
export const LANGUAGE_STORAGE_KEY = 'rapport.language';

export function isAppLanguage(value: unknown): value is AppLanguage {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language before sign-in: the last one chosen here, else the browser's, else English. */
export function findInitialLanguage(): AppLanguage {
  const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  if (isAppLanguage(stored)) return stored;
  for (const tag of navigator.languages) {
    const base = tag.split('-')[0];
    if (isAppLanguage(base)) return base;
  }
  return 'en';
}

/** All messages of a language, every area merged. */
export async function loadMessages(language: AppLanguage): Promise<Record<string, string>> {
  const load = bundles[`./bundles/${language}.ts`];
  if (!load) throw new Error(`no translations for ${language}`);
  return load();
}
