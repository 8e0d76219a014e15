/**
 * The translations, one file per area and language: `<language>/<area>.json`
 * (core, inbox, admin…). Every area holds the same keys in every language;
 * keys are flat ("admin.users.title") and unique across areas.
 */
const files = import.meta.glob<Record<string, string>>('./*/*.json', {
  eager: true,
  import: 'default',
});

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type AppLanguage = (typeof LANGUAGES)[number];

/** Each area's messages per language: areas['admin']['hu']. */
export const areas: Record<string, Record<string, Record<string, string>>> = {};
for (const [path, content] of Object.entries(files)) {
  const [, language, area] = /^\.\/(\w+)\/([\w-]+)\.json$/.exec(path) ?? [];
  if (!language || !area) continue;
  (areas[area] ??= {})[language] = content;
}

/** All messages of a language, every area merged. */
export const messages = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.assign({}, ...Object.values(areas).map((a) => a[language] ?? {})) as Record<
      string,
      string
    >,
  ]),
) as Record<AppLanguage, Record<string, string>>;
