/**
 * The delay notice: what the client reads when a promise needs more time — an
 * apology, the new date and thanks — in the client's language, written for
 * each kind of promise. Shared so the agent's dialog shows the very text the
 * server sends when the agent keeps it. The date is given in the client's
 * time zone, in the shape each language writes it inside a sentence.
 */
import type { Language } from '../api/common.ts';
import type { PromiseKind } from './types.ts';

type Parts = { weekday: string; day: string; month: string; time: string; hour: number };

const NOTICES: Record<Language, Record<PromiseKind, string>> = {
  en: {
    callback:
      'I’m sorry for the wait: I need a little more time before I can call you back. ' +
      'I’ll call you by {date}. Thank you for your patience.',
    delivery:
      'I’m sorry: what we promised you is taking a little longer than planned. ' +
      'You’ll have it by {date}. Thank you for your patience.',
    reply:
      'I’m sorry for the wait: I need a little more time to give you a complete answer. ' +
      'You’ll hear from me by {date}. Thank you for your patience.',
    other:
      'I’m sorry: this is taking a little longer than I promised. ' +
      'The new date is {date}. Thank you for your patience.',
  },
  es: {
    callback:
      'Disculpe la espera: necesito un poco más de tiempo antes de poder llamarle. ' +
      'Le llamaré, como muy tarde, {date}. Gracias por su paciencia.',
    delivery:
      'Le pido disculpas: lo que le prometimos va a tardar un poco más de lo previsto. ' +
      'Lo tendrá, como muy tarde, {date}. Gracias por su paciencia.',
    reply:
      'Disculpe la espera: necesito un poco más de tiempo para darle una respuesta completa. ' +
      'Le escribiré, como muy tarde, {date}. Gracias por su paciencia.',
    other:
      'Le pido disculpas: esto está llevando algo más de tiempo del que le prometí. ' +
      'La nueva fecha es {date}. Gracias por su paciencia.',
  },
  hu: {
    callback:
      'Elnézést kérek a várakozásért, egy kicsit több időre van szükségem, mielőtt visszahívom. ' +
      'Az új időpont: {date}. Köszönöm a türelmét!',
    delivery:
      'Elnézést kérek, amit ígértünk, a tervezettnél kicsit később érkezik meg. ' +
      'Az új határidő: {date}. Köszönöm a türelmét!',
    reply:
      'Elnézést kérek a várakozásért, egy kicsit több időre van szükségem, hogy teljes választ adhassak. ' +
      'Legkésőbb ekkor jelentkezem: {date}. Köszönöm a türelmét!',
    other:
      'Elnézést kérek, ez a vártnál kicsit tovább tart. ' +
      'Az új határidő: {date}. Köszönöm a türelmét!',
  },
  ro: {
    callback:
      'Îmi cer scuze pentru așteptare: am nevoie de puțin mai mult timp până să vă pot suna. ' +
      'Vă sun cel târziu {date}. Vă mulțumesc pentru răbdare.',
    delivery:
      'Îmi cer scuze: ceea ce v-am promis durează puțin mai mult decât am plănuit. ' +
      'Noul termen este {date}. Vă mulțumesc pentru răbdare.',
    reply:
      'Îmi cer scuze pentru așteptare: am nevoie de puțin mai mult timp ca să vă dau un răspuns complet. ' +
      'Vă scriu cel târziu {date}. Vă mulțumesc pentru răbdare.',
    other:
      'Îmi cer scuze: durează puțin mai mult decât v-am promis. ' +
      'Noul termen este {date}. Vă mulțumesc pentru răbdare.',
  },
  kk: {
    callback:
      'Күттіргенім үшін кешірім сұраймын: Сізге қайта қоңырау шалу үшін маған тағы біраз уақыт қажет. ' +
      'Қоңыраудың жаңа уақыты: {date}. Шыдамдылығыңызға рахмет!',
    delivery:
      'Кешірім сұраймын: уәде етілген нәрсе жоспарланғаннан сәл кешірек жетеді. ' +
      'Жаңа мерзім: {date}. Шыдамдылығыңызға рахмет!',
    reply:
      'Күттіргенім үшін кешірім сұраймын: толық жауап беру үшін маған тағы біраз уақыт керек. ' +
      'Жауаптың жаңа мерзімі: {date}. Шыдамдылығыңызға рахмет!',
    other:
      'Кешірім сұраймын: бұл уәде етілгеннен сәл ұзағырақ уақыт алады. ' +
      'Жаңа мерзім: {date}. Шыдамдылығыңызға рахмет!',
  },
  ru: {
    callback:
      'Извините за ожидание: мне нужно ещё немного времени, прежде чем я смогу вам перезвонить. ' +
      'Новое время звонка — {date}. Спасибо за терпение!',
    delivery:
      'Приношу извинения: доставка обещанного займёт немного больше времени, чем мы планировали. ' +
      'Новый срок — {date}. Спасибо за терпение!',
    reply:
      'Извините за ожидание: мне нужно ещё немного времени, чтобы дать вам полный ответ. ' +
      'Новый срок ответа — {date}. Спасибо за терпение!',
    other:
      'Приношу извинения: это займёт немного больше времени, чем было обещано. ' +
      'Новый срок — {date}. Спасибо за терпение!',
  },
};

/** How each language writes a date and time inside the notice's sentence. */
const DATE_PHRASE: Record<Language, (p: Parts) => string> = {
  // "by Friday 11 December at 17:00"
  en: (p) => `${p.weekday} ${p.day} ${p.month} at ${p.time}`,
  // "como muy tarde, el viernes 11 de diciembre a las 17:00" (a la 1:00)
  es: (p) => `el ${p.weekday} ${p.day} de ${p.month} ${p.hour === 1 ? 'a la' : 'a las'} ${p.time}`,
  // "Az új időpont: december 11., péntek 17:00"
  hu: (p) => `${p.month} ${p.day}., ${p.weekday} ${p.time}`,
  // "cel târziu vineri, 11 decembrie, la ora 17:00"
  ro: (p) => `${p.weekday}, ${p.day} ${p.month}, la ora ${p.time}`,
  // "Жаңа мерзім: 11 желтоқсан, жұма, 17:00"
  kk: (p) => `${p.day} ${p.month}, ${p.weekday}, ${p.time}`,
  // "Новый срок — пятница, 11 декабря, 17:00"
  ru: (p) => `${p.weekday}, ${p.day} ${p.month}, ${p.time}`,
};

const LOCALE: Record<Language, string> = {
  en: 'en-GB',
  es: 'es',
  hu: 'hu',
  ro: 'ro',
  kk: 'kk',
  ru: 'ru',
};

function partsOf(date: Date, language: Language, timeZone: string): Parts {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat(LOCALE[language], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const p of format.formatToParts(date)) parts[p.type] = p.value;
  return {
    weekday: parts.weekday ?? '',
    day: parts.day ?? '',
    month: parts.month ?? '',
    time: `${parts.hour ?? '00'}:${parts.minute ?? '00'}`,
    hour: Number(parts.hour ?? 0),
  };
}

function yearOf(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(date);
}

/**
 * A date and time as the notice says it: the weekday, day, month and time in
 * the client's time zone; with the full date (and year) when it falls in
 * another year than `now`.
 */
export function formatNoticeDate(
  dueAt: Date | string,
  language: Language,
  timeZone: string,
  now: Date | string = new Date(),
): string {
  const date = new Date(dueAt);
  if (yearOf(date, timeZone) !== yearOf(new Date(now), timeZone)) {
    return new Intl.DateTimeFormat(LOCALE[language], {
      timeZone,
      dateStyle: 'full',
      timeStyle: 'short',
      hourCycle: 'h23',
    }).format(date);
  }
  return DATE_PHRASE[language](partsOf(date, language, timeZone));
}

/**
 * The default delay notice for a promise of `kind` re-dated to `dueAt`, in the
 * client's language and time zone.
 */
export function delayNotice(input: {
  kind: PromiseKind;
  language: Language;
  dueAt: Date | string;
  timeZone: string;
  now?: Date | string;
}): string {
  const date = formatNoticeDate(input.dueAt, input.language, input.timeZone, input.now);
  return NOTICES[input.language][input.kind].replace('{date}', date);
}
