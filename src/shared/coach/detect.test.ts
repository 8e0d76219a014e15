import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect.ts';
import { checkDraft } from './engine.ts';
import { DEFAULT_RULES } from './defaults/index.ts';
import type { CoachLanguage } from './types.ts';

// Replies and client messages of the kind the coach sees, none of them from
// the phrase-rule sets the rules were tuned on.
const SAMPLES: [CoachLanguage, string][] = [
  [
    'en',
    'Thanks for getting in touch. Your parcel left our warehouse this morning and should reach you on Thursday.',
  ],
  ['en', 'Could you send me a photo of the damaged box, please?'],
  ['en', 'We have refunded the shipping cost to your card.'],
  [
    'es',
    'Gracias por escribirnos. Su paquete salió del almacén esta mañana y debería llegar el jueves.',
  ],
  ['es', '¿Podría enviarme una foto de la caja dañada, por favor?'],
  ['es', 'Le hemos devuelto los gastos de envio a su tarjeta.'],
  [
    'hu',
    'Köszönjük, hogy írt nekünk. A csomagja ma reggel elhagyta a raktárunkat, csütörtökön érkezik.',
  ],
  ['hu', 'Küldene egy fotót a sérült dobozról?'],
  ['hu', 'A szallitasi dijat visszautaltuk a kartyajara.'],
  [
    'ro',
    'Vă mulțumim că ne-ați scris. Coletul a plecat din depozit în această dimineață și ar trebui să ajungă joi.',
  ],
  ['ro', 'Ne puteți trimite o fotografie a cutiei deteriorate?'],
  ['ro', 'Va multumim, am returnat costul livrarii pe cardul dumneavoastra.'],
  [
    'kk',
    'Бізге жазғаныңыз үшін рахмет. Сәлемдемеңіз бүгін таңертең қоймадан шықты, бейсенбіде жетеді.',
  ],
  ['kk', 'Зақымдалған қораптың суретін жібере аласыз ба?'],
  ['kk', 'Салеметсиз бе! Сиздин тапсырысыныз ертен жетеди, рахмет.'],
  ['ru', 'Спасибо, что написали нам. Посылка сегодня утром покинула склад и придёт в четверг.'],
  ['ru', 'Не могли бы вы прислать фото повреждённой коробки?'],
  ['ru', 'Мы вернули стоимость доставки на вашу карту.'],
];

describe('language detection', () => {
  it.each(SAMPLES)('%s: %s', (language, text) => {
    expect(detectLanguage(text)).toEqual({ language, confident: true });
  });

  it('tells Kazakh from Russian by its letters and words, even in one short line', () => {
    expect(detectLanguage('Жоқ, білмеймін.').language).toBe('kk');
    expect(detectLanguage('Нет, не знаю.').language).toBe('ru');
  });

  it('tells Hungarian and Romanian from Spanish when the accents look alike', () => {
    expect(detectLanguage('Őszintén sajnálom, holnap küldjük.').language).toBe('hu');
    expect(detectLanguage('Îmi pare rău, mâine trimitem coletul.').language).toBe('ro');
    expect(detectLanguage('Lo siento, mañana enviamos el paquete.').language).toBe('es');
  });

  it('says nothing when nothing tells, and is not confident about a bare "No."', () => {
    expect(detectLanguage('')).toEqual({ language: undefined, confident: false });
    expect(detectLanguage('12345 — 👍')).toEqual({ language: undefined, confident: false });
    expect(detectLanguage('No.').confident).toBe(false);
    expect(detectLanguage('OK').confident).toBe(false);
  });

  it('lets the draft’s language choose the rules, and the conversation’s language decide when unsure', () => {
    const clear = checkDraft('Nu știu, scuze.', {
      rules: DEFAULT_RULES,
      context: { fallbackLanguage: 'en' },
    });
    expect(clear.language).toBe('ro');
    expect(clear.findings.map((f) => f.ruleId)).toEqual(['ro.dont-know']);

    const unsure = checkDraft('No.', { rules: DEFAULT_RULES, context: { fallbackLanguage: 'es' } });
    expect(unsure.language).toBe('es');
    expect(unsure.findings.map((f) => f.ruleId)).toEqual(['es.no']);

    const told = checkDraft('Nu știu.', { language: 'en', rules: DEFAULT_RULES });
    expect(told.language).toBe('en');
    expect(told.findings).toEqual([]);
  });
});
