// The texts of the pages and emails clients read (customer portal, public FAQ),
// one JSON file per language in ./i18n, ICU messages ("{count, plural, …}").
// The language of a page: the one the reader chose with the language switch,
// else the client's own, else the browser's (Accept-Language), else the
// workspace's.
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { Language } from '../../shared/api/common.ts';

export const LANGUAGES = Language.options;

/** Each language's name in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  hu: 'Magyar',
  ro: 'Română',
  kk: 'Қазақша',
  ru: 'Русский',
};

type Messages = Record<string, string>;

// Each area keeps its texts in files of its own (the FAQ's in ./i18n/faq/),
// merged into one table per language; keys are prefixed by area ("faq.").
const AREAS = ['', 'faq/'];

function load(language: Language): Messages {
  const messages: Messages = {};
  for (const area of AREAS) {
    const url = new URL(`./i18n/${area}${language}.json`, import.meta.url);
    Object.assign(messages, JSON.parse(readFileSync(url, 'utf8')) as Messages);
  }
  return messages;
}

export const MESSAGES: Record<Language, Messages> = Object.fromEntries(
  LANGUAGES.map((l) => [l, load(l)]),
) as Record<Language, Messages>;

const compiled = new Map<string, IntlMessageFormat>();

export type Vars = Record<string, string | number | Date>;

/** The message `key` in the language with its variables filled in; English when the language lacks it. */
export function translate(language: Language, key: string, vars?: Vars): string {
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    const source = MESSAGES[language][key] ?? MESSAGES.en[key];
    if (source === undefined) throw new Error(`no text "${key}" in the public i18n files`);
    format = new IntlMessageFormat(source, language);
    compiled.set(cacheKey, format);
  }
  return String(format.format(vars));
}

/** A translator bound to one language: t('signIn.title'). */
export type Translate = (key: string, vars?: Vars) => string;

export function translator(language: Language): Translate {
  return (key, vars) => translate(language, key, vars);
}

/** A supported language from a code such as "ru", "es-AR" or "HU"; undefined otherwise. */
export function asLanguage(code: string | null | undefined): Language | undefined {
  const base = code?.trim().toLowerCase().split(/[-_]/)[0];
  return base && (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : undefined;
}

/** The best supported language of an Accept-Language header, by its q-values. */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: asLanguage(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.language && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.language;
}

/**
 * The language of a page: the reader's choice, else the client's, else the
 * browser's, else the workspace's, else English.
 */
export function pickLanguage(o: {
  chosen?: string | null;
  client?: string | null;
  acceptLanguage?: string;
  workspace?: string | null;
}): Language {
  return (
    asLanguage(o.chosen) ??
    asLanguage(o.client) ??
    fromAcceptLanguage(o.acceptLanguage) ??
    asLanguage(o.workspace) ??
    'en'
  );
}

/** A date and time as a reader of the language expects it, in the time zone. */
export function formatDateTime(
  at: Date,
  language: Language,
  timeZone: string,
  style: 'long' | 'short' = 'short',
): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          hour: '2-digit',
          minute: '2-digit',
          timeZoneName: 'short',
        }
      : { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(language, { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(at);
  }
}

/** A file size in the language's units (kB, MB). */
export function formatBytes(bytes: number, language: Language): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : [Math.max(bytes / 1024, 0.1), 'kilobyte'];
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}
