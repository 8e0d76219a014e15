// The texts a client reads in the acknowledgement of a new request, in the
// six languages Rapport speaks. Warm, short, the request number and the time
// by which the answer comes (DESIGN.md "Service standards": acknowledge at
// once, with the expected answer time).

export const LANGUAGES = ['en', 'es', 'hu', 'ro', 'kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export function languageOf(...candidates: (string | null | undefined)[]): Language {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    if (base && (LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

interface AckVars {
  /** The client's name, or null when we only know their address. */
  name: string | null;
  number: number;
  /** The formatted due time, or null when no SLA clock runs. */
  due: string | null;
  workspace: string;
}

type AckText = (v: AckVars) => string;

const ACK: Record<Language, AckText> = {
  en: (v) =>
    [
      v.name ? `Hello ${v.name},` : 'Hello,',
      '',
      `Thank you for writing to us. Your request has reached us and has the number #${v.number}.`,
      '',
      v.due
        ? `We will answer you by ${v.due}, and sooner if we can.`
        : 'We will answer you as soon as we can.',
      '',
      `If you would like to add anything, simply reply to this email; the number [#${v.number}] in the subject keeps everything together.`,
      '',
      'Kind regards,',
      v.workspace,
    ].join('\n'),
  es: (v) =>
    [
      v.name ? `Hola, ${v.name}:` : 'Hola:',
      '',
      `Gracias por escribirnos. Hemos recibido su solicitud y le hemos asignado el número #${v.number}.`,
      '',
      v.due
        ? `Le responderemos a más tardar el ${v.due}; si podemos, antes.`
        : 'Le responderemos lo antes posible.',
      '',
      `Si desea añadir algo, basta con responder a este correo; el número [#${v.number}] del asunto nos ayuda a mantenerlo todo junto.`,
      '',
      'Un cordial saludo,',
      v.workspace,
    ].join('\n'),
  hu: (v) =>
    [
      v.name ? `Kedves ${v.name}!` : 'Kedves Ügyfelünk!',
      '',
      `Köszönjük, hogy írt nekünk. Megkaptuk a megkeresését, a száma: #${v.number}.`,
      '',
      v.due
        ? `Válaszunkat legkésőbb ekkorra küldjük: ${v.due}. Ha tudjuk, hamarabb.`
        : 'A lehető leghamarabb válaszolunk.',
      '',
      `Ha szeretne még valamit hozzátenni, egyszerűen válaszoljon erre a levélre; a tárgyban szereplő [#${v.number}] szám segít, hogy minden egy helyen maradjon.`,
      '',
      'Üdvözlettel:',
      v.workspace,
    ].join('\n'),
  ro: (v) =>
    [
      v.name ? `Bună ziua, ${v.name},` : 'Bună ziua,',
      '',
      `Vă mulțumim că ne-ați scris. Am primit solicitarea dumneavoastră și i-am atribuit numărul #${v.number}.`,
      '',
      v.due
        ? `Vă vom răspunde cel târziu până ${v.due}; dacă putem, chiar mai devreme.`
        : 'Vă vom răspunde cât mai curând posibil.',
      '',
      `Dacă doriți să adăugați ceva, răspundeți simplu la acest e-mail; numărul [#${v.number}] din subiect ne ajută să păstrăm totul împreună.`,
      '',
      'Cu stimă,',
      v.workspace,
    ].join('\n'),
  kk: (v) =>
    [
      v.name ? `Сәлеметсіз бе, ${v.name}!` : 'Сәлеметсіз бе!',
      '',
      `Бізге жазғаныңызға рақмет. Өтінішіңіз бізге жетті, оның нөмірі — #${v.number}.`,
      '',
      v.due
        ? `Жауап беру мерзімі: ${v.due}. Мүмкіндігінше ертерек жауап беруге тырысамыз.`
        : 'Сізге мүмкіндігінше тезірек жауап береміз.',
      '',
      `Бірдеңе қосқыңыз келсе, осы хатқа жауап жазыңыз; тақырыптағы [#${v.number}] нөмірі бәрін бір жерде сақтауға көмектеседі.`,
      '',
      'Құрметпен,',
      v.workspace,
    ].join('\n'),
  ru: (v) =>
    [
      v.name ? `Здравствуйте, ${v.name}!` : 'Здравствуйте!',
      '',
      `Спасибо, что написали нам. Мы получили ваше обращение и присвоили ему номер #${v.number}.`,
      '',
      v.due
        ? `Срок ответа: ${v.due}. Постараемся ответить раньше.`
        : 'Мы ответим вам как можно скорее.',
      '',
      `Если захотите что-то добавить, просто ответьте на это письмо; номер [#${v.number}] в теме поможет нам ничего не потерять.`,
      '',
      'С уважением,',
      v.workspace,
    ].join('\n'),
};

/** The acknowledgement's text in the language. */
export function acknowledgementText(language: Language, vars: AckVars): string {
  return ACK[language](vars);
}

/** A due time as the client reads it: their language, the workspace's time zone. */
export function formatDue(due: Date, language: Language, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(language, { ...options, timeZone }).format(due);
  } catch {
    return new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(due);
  }
}
