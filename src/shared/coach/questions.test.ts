import { describe, expect, it } from 'vitest';
import { questionsIn } from './questions.ts';
import { splitSentences } from './sentences.ts';
import type { CoachLanguage } from './types.ts';

describe('sentences', () => {
  it('splits at sentence ends and line breaks, not at abbreviations, initials or list numbers', () => {
    const text =
      'Hi, Mr. Smith!\nOrder No. 5 left today. Is it ok?\n1. Check it\n2. Tell me… Thanks';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Hi, Mr. Smith!',
      'Order No. 5 left today.',
      'Is it ok?',
      '1. Check it',
      '2. Tell me…',
      'Thanks',
    ]);
  });

  it('gives offsets into the text', () => {
    const text = '  Hola.  ¿Qué tal?';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

// Each message: the sentences that ask something, then those that do not.
const MESSAGES: [CoachLanguage, string[], string[]][] = [
  [
    'en',
    [
      'When will my order arrive',
      'Can you tell me the tracking number',
      'I was wondering if I can pay by card',
      'Is it still under warranty?',
    ],
    [
      'My order has not arrived',
      'When I ordered, I paid for express',
      'Thanks for your help',
      'What I need is a refund',
    ],
  ],
  [
    'es',
    [
      '¿Cuándo llega mi pedido?',
      'Cuándo llega el repartidor',
      'Quisiera saber si puedo pagar con tarjeta',
      'Me pueden confirmar la dirección',
    ],
    [
      'Cuando llegó, la caja estaba rota',
      'Como les dije, vivo en Sevilla',
      'Muchas gracias',
      'No sé qué pasó con el envío',
    ],
  ],
  [
    'hu',
    [
      'Megérkezett-e már a csomag',
      'Mikor szállítják ki a rendelésemet',
      'Szeretném tudni, mennyibe kerül a szállítás',
      'Lehet kártyával fizetni?',
    ],
    [
      'A csomag még nem érkezett meg',
      'Köszönöm a segítséget',
      'Tegnap rendeltem két pólót',
      'Mi is vártunk rá',
    ],
  ],
  [
    'ro',
    [
      'Când ajunge comanda',
      'Aș dori să știu dacă pot returna produsul',
      'Îmi puteți spune numărul de urmărire',
      'Oare mai e în stoc',
    ],
    [
      'Când am comandat, am plătit cu cardul',
      'Vă mulțumesc frumos',
      'Coletul nu a ajuns încă',
      'Cum am spus, locuiesc în Cluj',
    ],
  ],
  [
    'kk',
    [
      'Тапсырысым қашан келеді',
      'Картамен төлеуге бола ма',
      'Жеткізу қанша тұрады',
      'Тауарды қайтаруға болады ма',
    ],
    [
      'Сәлеметсіз бе!',
      'Тапсырысым әлі келген жоқ',
      'Көмегіңізге рахмет',
      'Мен кеше екі көйлек алдым',
    ],
  ],
  [
    'ru',
    [
      'Можно ли оплатить картой',
      'Когда привезут заказ',
      'Подскажите, сколько стоит доставка',
      'Хотела бы уточнить адрес',
    ],
    [
      'Когда я заказывал, всё было нормально',
      'Вряд ли я успею забрать сегодня',
      'Спасибо за помощь',
      'Заказ до сих пор не пришёл',
    ],
  ],
];

describe('the client’s questions', () => {
  it.each(MESSAGES)(
    '%s: lists the sentences that ask something, with or without a question mark',
    (language, asking, telling) => {
      const message = [...asking, ...telling]
        .map((s) => (/[.!?]$/.test(s) ? s : `${s}.`))
        .join('\n');
      const questions = questionsIn(message, language);
      expect(questions.map((q) => q.text.replace(/[.]$/, ''))).toEqual(asking);
      for (const q of questions) expect(message.slice(q.start, q.end)).toBe(q.text);
      // Without the language given, it is detected.
      expect(questionsIn(message).map((q) => q.text)).toEqual(questions.map((q) => q.text));
    },
  );

  it('treats a greeting that ends in a question particle as a greeting', () => {
    expect(questionsIn('Сәлеметсіз бе? Тапсырыс бердім.', 'kk')).toEqual([]);
    expect(questionsIn('Сәлеметсіз бе, тапсырысым қайда?', 'kk')).toHaveLength(1);
  });

  it('skips quoted lines of an earlier email', () => {
    const message =
      'Thanks, that helps.\n> When will it ship?\n> Can I pay by card?\nWhat about the invoice?';
    expect(questionsIn(message, 'en').map((q) => q.text)).toEqual(['What about the invoice?']);
  });
});
