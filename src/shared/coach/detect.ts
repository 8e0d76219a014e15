/**
 * Which of the six languages a draft is written in. Small on purpose: the
 * script splits Cyrillic (kk, ru) from Latin (en, es, hu, ro); Kazakh's own
 * letters and common words split kk from ru; diacritics and stop words split
 * the four Latin-script languages. Texts typed without diacritics are
 * covered by the stop words in their folded form too.
 */
import { foldText, foldWord } from './fold.ts';
import type { CoachLanguage, DetectedLanguage } from './types.ts';

const STOP_WORDS: Record<CoachLanguage, string> = {
  en: `a in the and to of is you your i it we for that this be will not have can with please thank thanks
    order are on my me our us was were would could should has been an at as by from if or but
    what when where which how there here they them know let just sorry hi hello dear regards`,
  es: `a el la los las de que y en un una es por para con su sus lo se al del muy pero gracias usted
    ustedes pedido está están estamos hola le les nos mi sí ya cuando también como más hasta
    puede podemos hemos ha tiene tenemos saludos estimado estimada atentamente favor días yo eso esto este esta ese esa me te mí
    lo siento`,
  hu: `a az és hogy nem van egy is ez meg már csak kérem köszönöm szeretném lesz nincs vagy de mert
    amikor ha el ki be fel nagyon még sajnos holnap ma tudom önnek önt ön kell rendelés rendelését
    azt ezt itt ott mint volt lehet tudjuk kérjük üdvözlettel kedves jó napot holnapig napon ne ennyire
    mindig most mi sem semmi semmit ebben abban ezzel azzal igen igazán tudja nekünk`,
  ro: `și în nu este sunt la cu pe pentru că ce un o mai vă să sau dar acest această comanda
    comanda dvs dumneavoastră mulțumesc vom puteți aveți avem ați fost fie din care după poate
    bună ziua vă rog stimate stimată cu drag produsul ne noi am le foarte mâine astăzi unde acum
    când cum nimic putem face imediat asta`,
  kk: `және мен бұл сіз сізге сіздің біз бізде біздің емес жоқ бар үшін туралы керек қазір рахмет
    сәлеметсіз ма ме ба бе па пе ғой бойынша келесі тапсырыс тапсырысыңыз күні сағат мүмкін
    жақсы иә осы ол оны оған болады береміз қашан неге қалай құрметті сізбен бізге кейін дейін`,
  ru: `и в во не на что я с со мы вы вас вам ваш ваша ваше ваши это как по но для у за к о из уже
    будет есть нет пожалуйста спасибо здравствуйте когда можно заказ если или так только все всё
    очень мне меня он она они был была было бы же ли до от при мой наш сейчас завтра сегодня`,
};

/** Letters only one of the languages uses (among these six), and how much each one tells. */
const LETTERS: Record<string, [CoachLanguage, number][]> = {
  ő: [['hu', 3]],
  ű: [['hu', 3]],
  ö: [['hu', 2]],
  ü: [['hu', 1.5]],
  ă: [['ro', 3]],
  ș: [['ro', 3]],
  ş: [['ro', 3]],
  ț: [['ro', 3]],
  ţ: [['ro', 3]],
  â: [['ro', 2]],
  î: [['ro', 2]],
  ñ: [['es', 3]],
  '¿': [['es', 3]],
  '¡': [['es', 3]],
  á: [
    ['es', 1],
    ['hu', 1],
  ],
  é: [
    ['es', 1],
    ['hu', 1],
  ],
  í: [
    ['es', 1],
    ['hu', 1],
  ],
  ó: [
    ['es', 1],
    ['hu', 1],
  ],
  ú: [
    ['es', 1],
    ['hu', 1],
  ],
};

const HUNGARIAN_DIGRAPHS = /sz|gy|zs|cs/g;
const KAZAKH_LETTERS = /[әғқңөұүһі]/giu;
// Letter ranges are enough to tell the two scripts apart, and cheaper than Unicode properties.
const CYRILLIC = /[\u0400-\u04ff]/g;
const LATIN = /[a-z\u00c0-\u024f]/g;
const NON_WORD = /[^\p{L}\p{M}'\u2019\u2018\u02bc\u00b4\u2010\u2011-]+/u;

/**
 * For each stop word, folded, the languages that use it. Folding merges a few
 * ("și" and "sí" are both "si"); the diacritics still count as letters below.
 */
const wordLanguages = new Map<string, CoachLanguage[]>();
for (const [language, list] of Object.entries(STOP_WORDS) as [CoachLanguage, string][]) {
  for (const word of list.split(/\s+/).filter(Boolean)) {
    const form = foldWord(word);
    const langs = wordLanguages.get(form) ?? [];
    if (!langs.includes(language)) langs.push(language);
    wordLanguages.set(form, langs);
  }
}

/** Word endings (folded) typical of one language: a weak hint for words no list holds. */
const ENDINGS: Record<CoachLanguage, string> = {
  en: 'ing tion ed ly',
  es: 'cion ciones mente ado ada ados adas ido ida amos emos imos aba ian',
  hu: `eket okat akat oket ig sag seg ban ben nak nek val vel tol bol hoz hez rol juk unk ott ett
    ani eni zas zes`,
  ro: 'ului ilor eaza este tia tiile area ul',
  kk: '',
  ru: '',
};
const endingLanguages = new Map<string, CoachLanguage[]>();
for (const [language, list] of Object.entries(ENDINGS) as [CoachLanguage, string][]) {
  for (const ending of list.split(/\s+/).filter(Boolean)) {
    endingLanguages.set(ending, [...(endingLanguages.get(ending) ?? []), language]);
  }
}

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/** Scores per language; higher is likelier. Exposed for tests and tuning. */
export function scoreLanguages(text: string): Record<CoachLanguage, number> {
  const scores: Record<CoachLanguage, number> = { en: 0, es: 0, hu: 0, ro: 0, kk: 0, ru: 0 };
  // The first 2,500 characters tell as much as a whole letter.
  const sample = text.length > 2500 ? text.slice(0, 2500) : text;
  const lower = sample.toLowerCase();
  const folded = foldText(sample);
  const head = lower.slice(0, 1000);
  const cyrillic = count(head, CYRILLIC);
  const latin = count(head, LATIN);
  if (cyrillic === 0 && latin === 0) return scores;
  const isCyrillic = cyrillic > latin;
  for (const plain of folded.split(NON_WORD)) {
    if (plain === '') continue;
    const langs = wordLanguages.get(plain);
    if (langs) {
      for (const lang of langs) scores[lang] += 1 / langs.length;
    } else if (!isCyrillic && plain.length > 3) {
      for (let k = 2; k <= 5 && k < plain.length; k++) {
        const hits = endingLanguages.get(plain.slice(-k));
        if (hits) for (const lang of hits) scores[lang] += 0.3;
      }
    }
  }
  if (isCyrillic) {
    scores.kk += 1.5 * count(lower, KAZAKH_LETTERS);
    // Kazakh text almost always shows its own letters; Cyrillic without them leans Russian.
    scores.ru += 1;
    scores.en = scores.es = scores.hu = scores.ro = 0;
  } else {
    for (let i = 0; i < lower.length; i++) {
      if (lower.charCodeAt(i) < 0xa0) continue;
      const hits = LETTERS[lower[i]!];
      if (hits) for (const [lang, weight] of hits) scores[lang] += weight;
    }
    // Digraphs common in Hungarian spelling and rare in the other three.
    scores.hu += 0.4 * count(lower, HUNGARIAN_DIGRAPHS);
    scores.kk = scores.ru = 0;
  }
  return scores;
}

/**
 * The language of a text, or undefined when nothing in it tells (a bare
 * "OK", a number). `confident` is false when the runner-up is close, e.g.
 * "No." (English or Spanish).
 */
export function detectLanguage(text: string): DetectedLanguage {
  const scores = scoreLanguages(text);
  const ranked = (Object.entries(scores) as [CoachLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] <= 0) return { language: undefined, confident: false };
  const runnerUp = second?.[1] ?? 0;
  return { language: best[0], confident: best[1] >= 1 && best[1] > runnerUp * 1.5 };
}
