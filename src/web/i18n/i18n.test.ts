import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import es from './es.json';
import hu from './hu.json';
import kk from './kk.json';
import ro from './ro.json';
import ru from './ru.json';

const translations: Record<string, Record<string, string>> = { es, hu, ro, kk, ru };
// Brand names, abbreviations and words that are spelt the same (Romanian "Client").
const SAME_EVERYWHERE = new Set(['Rapport', 'API', 'SMS', 'Chat', 'E-mail', 'Client']);
const englishKeys = Object.keys(en).sort();

describe.each(Object.entries(translations))('the %s translation', (language, messages) => {
  it('has every key of English and no other', () => {
    expect(Object.keys(messages).sort()).toEqual(englishKeys);
  });

  it('is translated, not a copy of English', () => {
    const same = Object.keys(en).filter(
      (k) => messages[k] === en[k as keyof typeof en] && !SAME_EVERYWHERE.has(messages[k] ?? ''),
    );
    expect(same).toEqual([]);
  });

  it('keeps the placeholders of English', () => {
    const placeholders = (m: string) => [...m.matchAll(/\{(\w+)[,}]/g)].map((x) => x[1]).sort();
    for (const [key, message] of Object.entries(en))
      expect(placeholders(messages[key] ?? ''), key).toEqual(placeholders(message));
  });

  it("parses every message and gives plurals every category of the language's rules", () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, message] of Object.entries(messages)) {
      const format = new IntlMessageFormat(message, language);
      expect(
        () =>
          format.format({ count: 1, name: 'x', message: 'x', status: 'x', time: 'x', client: 'x' }),
        key,
      ).not.toThrow();
      if (message.includes(', plural,')) {
        for (const category of categories)
          expect(message, `${key} lacks "${category}"`).toContain(`${category} {`);
      }
    }
  });
});
