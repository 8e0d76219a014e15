import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import {
  findInitialLanguage,
  isAppLanguage,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  loadMessages,
  type AppLanguage,
} from './messages.ts';

export { isAppLanguage, LANGUAGES, type AppLanguage };

/** Each language's name in itself, for the picker. */
export const LANGUAGE_NAMES: Record<AppLanguage, string> = {
  en: 'English',
  es: 'Español',
  hu: 'Magyar',
  ro: 'Română',
  kk: 'Қазақша',
  ru: 'Русский',
};

/** Switches every string on screen at once (no reload) and remembers the choice on this device. */
export async function changeLanguage(language: AppLanguage) {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  if (!i18next.hasResourceBundle(language, 'translation'))
    i18next.addResourceBundle(language, 'translation', await loadMessages(language));
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export async function initI18n() {
  const lng = findInitialLanguage();
  document.documentElement.lang = lng;
  await i18next
    .use(ICU)
    .use(initReactI18next)
    .init({
      lng,
      // Only the language on screen is loaded; every language has every key (a unit test checks).
      fallbackLng: false,
      resources: { [lng]: { translation: await loadMessages(lng) } },
      // Keys contain dots ("login.title") but are flat.
      keySeparator: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
}

export { i18next };
