import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './messages.ts';

// Every translation file, read at once: areas['admin']['hu'].
const files = import.meta.glob<Record<string, string>>('./*/*.json', {
  eager: true,
  import: 'default',
});
const areas: Record<string, Record<string, Record<string, string>>> = {};
for (const [path, content] of Object.entries(files)) {
  const [, language, area] = /^\.\/(\w+)\/([\w-]+)\.json$/.exec(path) ?? [];
  if (language && area) (areas[area] ??= {})[language] = content;
}

// Brand names, abbreviations and words that are spelt the same (Romanian "Client").
const SAME_EVERYWHERE = new Set([
  'Rapport',
  'API',
  'SMS',
  'Chat',
  'E-mail',
  'Client',
  'SLA',
  'VIP',
]);

describe('the translation files', () => {
  it('exist for every area in all six languages', () => {
    expect(Object.keys(areas).length).toBeGreaterThan(0);
    for (const [area, byLanguage] of Object.entries(areas))
      expect(Object.keys(byLanguage).sort(), area).toEqual([...LANGUAGES].sort());
  });

  it('never define the same key in two areas', () => {
    const seen = new Map<string, string>();
    for (const [area, byLanguage] of Object.entries(areas))
      for (const key of Object.keys(byLanguage.en ?? {})) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${area}`).toBeUndefined();
        seen.set(key, area);
      }
  });
});

/** The names a message interpolates ("{count, plural, …}" and "{name}" give count and name), from its parsed form. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as {
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (el.options) for (const option of Object.values(el.options)) walk(option.value);
      // Literals (0) and "#" (7) carry no name; arguments, numbers, dates, selects and plurals do.
      const type = (el as { type: number }).type;
      if (type !== 0 && type !== 7 && typeof el.value === 'string') names.add(el.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

const cases = Object.entries(areas).flatMap(([area, byLanguage]) =>
  LANGUAGES.filter((l) => l !== 'en').map(
    (language) =>
      [`${area}/${language}`, language, byLanguage.en ?? {}, byLanguage[language] ?? {}] as const,
  ),
);

describe.each(cases)('the %s translation', (_name, language, en, messages) => {
  it('has every key of English and no other', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });

  it('is translated, not a copy of English', () => {
    const same = Object.keys(en).filter(
      (k) => messages[k] === en[k] && !SAME_EVERYWHERE.has(messages[k] ?? ''),
    );
    expect(same).toEqual([]);
  });

  it('keeps the placeholders of English', () => {
    for (const [key, message] of Object.entries(en))
      expect(placeholders(messages[key] ?? ''), key).toEqual(placeholders(message));
  });

  it("parses every message and gives plurals every category of the language's rules", () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, message] of Object.entries(messages)) {
      const format = new IntlMessageFormat(message, language);
      const values = Object.fromEntries(placeholders(message).map((p) => [p, 1]));
      expect(() => format.format(values), key).not.toThrow();
      if (message.includes(', plural,'))
        for (const category of categories)
          expect(message, `${key} lacks "${category}"`).toContain(`${category} {`);
    }
  });
});

describe('loading a language', () => {
  it('brings every area of it at once', async () => {
    const { loadMessages } = await import('./messages.ts');
    for (const language of LANGUAGES) {
      const messages = await loadMessages(language);
      for (const [area, byLanguage] of Object.entries(areas))
        for (const key of Object.keys(byLanguage[language] ?? {}))
          expect(messages[key], `${language} ${area} ${key}`).toBe(byLanguage[language]![key]);
    }
  });
});
