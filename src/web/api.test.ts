import i18next from 'i18next';
import ICU from 'i18next-icu';
import { beforeAll, describe, expect, it } from 'vitest';
import en from './i18n/en/core.json';
import hu from './i18n/hu/core.json';
import { localisedError } from './api.ts';

beforeAll(async () => {
  await i18next.use(ICU).init({
    lng: 'hu',
    fallbackLng: 'en',
    resources: { en: { translation: en }, hu: { translation: hu } },
  });
});

describe('API errors in the user language', () => {
  it('says what happened in the language chosen, with the server detail where it helps', async () => {
    expect(localisedError('forbidden', 'forbidden')).toBe('Ehhez nincs jogosultsága.');
    expect(localisedError('validation_failed', 'window_start: must be in the future')).toContain(
      'window_start: must be in the future',
    );
    await i18next.changeLanguage('en');
    expect(localisedError('not_found', 'conversation not found')).toBe(
      'This no longer exists, or you cannot see it.',
    );
  });

  it('keeps the server message for a code it does not know', () => {
    expect(localisedError('teapot', 'I am a teapot')).toBe('I am a teapot');
  });
});
