/**
 * The translations, one file per area and language: `<language>/<area>.json`
 * (core, inbox, admin…). Every area holds the same keys in every language;
 * keys are flat ("admin.users.title") and unique across areas. Each language
 * is loaded when first needed, so the app downloads one language, not six.
 */
const loaders = import.meta.glob<Record<string, string>>('./*/*.json', { import: 'default' });

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type AppLanguage = (typeof LANGUAGES)[number];

/** All messages of a language, every area merged. */
export async function loadMessages(language: AppLanguage): Promise<Record<string, string>> {
  const parts = await Promise.all(
    Object.entries(loaders)
      .filter(([path]) => path.startsWith(`./${language}/`))
      .map(([, load]) => load()),
  );
  return Object.assign({}, ...parts) as Record<string, string>;
}
