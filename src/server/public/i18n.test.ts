import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from './html.ts';
import { fromAcceptLanguage, LANGUAGES, MESSAGES, pickLanguage, translate } from './i18n.ts';
import { withLanguage } from './layout.ts';

/** The names a message interpolates, from its parsed form ("#" and literals carry none). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (el.options) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') names.add(el.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

// Words spelt the same in a language as in English (none so far in these texts).
const SAME_EVERYWHERE = new Set<string>([]);

describe('the client-facing texts (portal, FAQ, emails)', () => {
  const en = MESSAGES.en;

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key and no other', (l) => {
    expect(Object.keys(MESSAGES[l]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is translated, not copied from English', (l) => {
    const copied = Object.keys(en).filter(
      (k) => MESSAGES[l][k] === en[k] && !SAME_EVERYWHERE.has(en[k]!),
    );
    expect(copied).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s uses the same placeholders as English', (l) => {
    for (const [key, message] of Object.entries(en)) {
      expect(placeholders(MESSAGES[l][key] ?? ''), `${l} ${key}`).toEqual(placeholders(message));
    }
  });

  it.each(LANGUAGES)('%s: every message formats with its variables', (l) => {
    for (const key of Object.keys(en)) {
      const vars = Object.fromEntries(placeholders(en[key]!).map((p) => [p, 2]));
      expect(translate(l, key, vars), `${l} ${key}`).not.toMatch(/[{}]/);
    }
  });

  it('plurals follow each language (Russian minutes, Romanian "de")', () => {
    expect(translate('ru', 'email.expiry', { minutes: 21 })).toContain('21 минуты');
    expect(translate('ru', 'email.expiry', { minutes: 20 })).toContain('20 минут');
    expect(translate('ro', 'email.expiry', { minutes: 20 })).toContain('20 de minute');
    expect(translate('ro', 'email.expiry', { minutes: 2 })).toContain('2 minute');
    expect(translate('en', 'email.expiry', { minutes: 1 })).toContain('1 minute.');
  });
});

describe('choosing the language of a page', () => {
  it('takes the reader’s choice, then the client’s, then the browser’s, then the workspace’s', () => {
    expect(
      pickLanguage({ chosen: 'kk', client: 'hu', acceptLanguage: 'ru', workspace: 'es' }),
    ).toBe('kk');
    expect(pickLanguage({ chosen: 'xx', client: 'hu', acceptLanguage: 'ru' })).toBe('hu');
    expect(pickLanguage({ acceptLanguage: 'de-DE,ro;q=0.8,ru;q=0.9', workspace: 'es' })).toBe('ru');
    expect(pickLanguage({ acceptLanguage: 'de-DE', workspace: 'es' })).toBe('es');
    expect(pickLanguage({})).toBe('en');
  });

  it('reads Accept-Language by its weights, ignoring q=0 and unknown tags', () => {
    expect(fromAcceptLanguage('fr, es-MX;q=0.5, hu;q=0.7')).toBe('hu');
    expect(fromAcceptLanguage('ru;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('*')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });

  it('links the language switch to the same page, keeping its other parameters', () => {
    expect(withLanguage('/portal/acme/sign-in/link?token=abc&lang=en', 'ru')).toBe(
      '/portal/acme/sign-in/link?token=abc&lang=ru',
    );
    expect(withLanguage('/portal/acme/requests', 'kk')).toBe('/portal/acme/requests?lang=kk');
  });
});

describe('the html template', () => {
  it('escapes every value unless it is already markup', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      `<p title="${escapeHtml(name)}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>`,
    );
    expect(html`<div>${html`<b>${'<i>'}</b>`}${trusted('<em>ok</em>')}</div>`.value).toBe(
      '<div><b>&lt;i&gt;</b><em>ok</em></div>',
    );
    expect(html`${[1, 'a<', null, undefined, false]}`.value).toBe('1a&lt;');
  });
});
