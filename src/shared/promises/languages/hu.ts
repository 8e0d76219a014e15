import type { DayPart } from '../due.ts';
import {
  anyOf,
  byStem,
  clockOf,
  duration,
  numberOf,
  numericDate,
  rx,
  type Lexicon,
  type Unit,
} from '../grammar.ts';

const NUMBERS: Record<string, number> = {
  egy: 1,
  két: 2,
  kettő: 2,
  három: 3,
  négy: 4,
  öt: 5,
  hat: 6,
  hét: 7,
  nyolc: 8,
  kilenc: 9,
  tíz: 10,
  tizenöt: 15,
  húsz: 20,
  huszonnégy: 24,
  harminc: 30,
  negyven: 40,
  negyvenöt: 45,
  negyed: 0.25,
  háromnegyed: 0.75,
  fél: 0.5,
  másfél: 1.5,
  pár: 2,
  néhány: 3,
  'egy-két': 2,
};
const NUM = `(?<n>\\d{1,3}(?:[.,]\\d)?|${anyOf(Object.keys(NUMBERS))})`;
const UNITS: [string, Unit][] = [
  ['perc', 'minute'],
  ['óra', 'hour'],
  ['órá', 'hour'],
  ['nap', 'day'],
  ['munkanap', 'business-day'],
  ['hét', 'week'],
  ['het', 'week'],
  ['hónap', 'month'],
];
// "10 perc múlva", "10 percen belül", "2 órán belül", "3 munkanapon belül", "egy héten belül".
const UNIT = `(?<u>perc|óra|munkanap|nap|hét|hónap)(?:en|on|án|n|a)?`;
const WEEKDAYS: [string, number][] = [
  ['vasárnap', 0],
  ['hétfő', 1],
  ['kedd', 2],
  ['szerda', 3],
  ['csütörtök', 4],
  ['péntek', 5],
  ['szombat', 6],
];
// hétfőn, hétfőig, hétfőre; kedden, keddig; szerdán, szerdáig; péntekig, pénteken, péntekre …
const WEEKDAY = `(?<wd>hétfő|kedd|szerda|csütörtök|péntek|szombat|vasárnap)(?:ig|n|en|on|án|re|ra|ár|áig|ára|i)?`;
const MONTHS: [string, number][] = [
  ['jan', 1],
  ['feb', 2],
  ['márc', 3],
  ['ápr', 4],
  ['máj', 5],
  ['jún', 6],
  ['júl', 7],
  ['aug', 8],
  ['szep', 9],
  ['okt', 10],
  ['nov', 11],
  ['dec', 12],
];
const MONTH = `(?<mon>január|február|március|április|május|június|július|augusztus|szeptember|október|november|december|jan|febr|márc|ápr|máj|jún|júl|aug|szept|okt|nov|dec)`;
const PARTS: [string, DayPart][] = [
  ['reggel', 'morning'],
  ['délelőtt', 'morning'],
  ['délben', 'noon'],
  ['délig', 'noon'],
  ['dél', 'noon'],
  ['délután', 'afternoon'],
  ['este', 'evening'],
  ['estig', 'evening'],
];
const PART = `(?<part>reggel|délelőtt|délben|délig|délutánig|délután|estig|este)`;
// Suffixes a day number takes: 15-ig, 15-én, 15-re, 15-éig, 15.
const DATE_SUFFIX = `(?:\\.|-?(?:ig|éig|áig|jéig|jáig|én|án|jén|ján|re|ra|ére|ára|jére|jára|e|a|je|ja|i|ei|ai|jei|jai))?`;

const part = (w: string | undefined) => byStem(w, PARTS);
const unit = (w: string | undefined) => byStem(w, UNITS);
const num = (w: string | undefined) => numberOf(w, NUMBERS);

// Verb stems (folded) of what an agent commits to, with the verbal prefixes they take.
const PREFIX = `(?:vissza|el|meg|fel|ki|át|be|le|tovább|oda|ide|utána|újra|rá)?`;
const STEMS = [
  'hív',
  'telefonál',
  'csörget',
  'ír',
  'válaszol',
  'jelentkez',
  'jelz',
  'jelez',
  'értesít',
  'tájékoztat',
  'keres',
  'küld',
  'szállít',
  'kézbesít',
  'utal',
  'jóváír',
  'kap',
  'érkez',
  'fizet',
  'postáz',
  'cserél',
  'intéz',
  'old',
  'ellenőrz',
  'ellenőriz',
  'néz',
  'javít',
  'aktivál',
  'készít',
  'rendez',
  'állít',
  'pótol',
  'foglalkoz',
  'ad',
  'tájékoztat',
  'továbbít',
  'egyeztet',
  'rendel',
  'hoz',
];
// Present-tense person endings (the present serves for the future): 1st person
// singular and plural, definite and not, 3rd person (polite "Ön"). No past "-t-".
const ENDING = `(?:om|em|öm|ok|ek|ök|juk|jük|zuk|zük|suk|sük|unk|ünk|ja|za|sa|i|ik|ják|zák|sák|nak|nek)`;

// "Meg kell(ene) érkeznie" setting an expectation about what reaches the client (a cue,
// and no hedge): "a csomagnak péntekre meg kell érkeznie"; not "fel kell hívnia minket".
const KELL_EXPECT = `meg (?:kell|kellene) (?:érkeznie|érkezniük|kapnia|kapniuk|kapnod)|(?:kell|kellene) (?:megérkeznie|megérkezniük|megkapnia|megkapniuk|megkapnod)`;

export const hu: Lexicon = {
  times: [
    {
      pattern: rx(
        `⟨(?:(?:kb\\.?|körülbelül|nagyjából|legfeljebb|maximum|max\\.?|legkésőbb|még|további) )?${NUM}(?: |-)?${UNIT} (?:múlva|belül|alatt|leforgása alatt)⟩`,
      ),
      make: (g) => duration(num(g.n), unit(g.u)),
    },
    {
      pattern: rx(
        `⟨(?:a )?(?:mai )?(?:nap|munkanap|munkaidő) végéig⟩|⟨zárásig⟩|⟨zárás előtt⟩|⟨ma (?:zárásig|munkaidő végéig)⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 }, part: 'eod' }),
    },
    {
      pattern: rx(`⟨(?:még )?ma(?: folyamán)?⟩|⟨mára⟩|⟨(?:még )?a mai nap(?:on| folyamán)⟩`),
      make: () => ({ t: 'at', day: { rel: 0 } }),
    },
    {
      pattern: rx(`⟨(?:még )?ma ${PART}⟩`),
      make: (g) => ({ t: 'at', day: { rel: 0 }, part: part(g.part)! }),
    },
    { pattern: rx(`⟨tegnap(?:előtt)?⟩`), make: () => ({ t: 'at', day: { rel: -1 } }) },
    {
      pattern: rx(`⟨holnapután(?:ig|ra)?⟩`),
      make: () => ({ t: 'at', day: { rel: 2 } }),
    },
    {
      pattern: rx(`⟨holnap(?:ig|ra)?(?: folyamán)?(?: ${PART})?⟩`),
      make: (g) => ({ t: 'at', day: { rel: 1 }, ...(g.part ? { part: part(g.part)! } : {}) }),
    },
    {
      pattern: rx(`(?<!(?:jó|szép) )⟨(?:${PART}|délre|estére)⟩`),
      make: (g) => ({ t: 'at', part: g.part ? part(g.part)! : 'noon' }),
    },
    {
      pattern: rx(
        `(?<!múlt )⟨(?:(?:jövő|ezen a|e|most|a jövő heti|legkésőbb|ezen a héten) )?${WEEKDAY}(?: ${PART})?⟩`,
      ),
      make: (g) => ({
        t: 'at',
        day: { weekday: byStem(g.wd, WEEKDAYS)! },
        ...(g.part ? { part: part(g.part)! } : {}),
      }),
    },
    {
      pattern: rx(
        `⟨(?:a|e|ennek a) hét végéig⟩|⟨(?:még )?(?:ezen|e) a héten⟩|⟨(?:még )?a héten⟩|⟨hét végéig⟩`,
      ),
      make: () => ({ t: 'at', day: { weekEnd: 0 } }),
    },
    {
      pattern: rx(`⟨(?:a )?jövő hét(?:en|re| folyamán| végéig)⟩|⟨(?:a )?következő héten⟩`),
      make: () => ({ t: 'at', day: { weekEnd: 1 } }),
    },
    {
      pattern: rx(`⟨(?:a |e )?hónap végéig⟩|⟨(?:még )?(?:ebben a|e) hónapban⟩`),
      make: () => ({ t: 'at', day: { monthEnd: true } }),
    },
    {
      pattern: rx(`⟨(?<d>\\d{1,2})-(?:án|én|jén|ján|ára|ére|jára|jére|áig|éig|jáig|jéig)⟩`),
      make: (g) => ({ t: 'at', day: { dayOfMonth: Number(g.d) } }),
    },
    {
      pattern: rx(`⟨(?:(?<y>\\d{4})\\. ?)?${MONTH}\\.? (?<d>\\d{1,2})${DATE_SUFFIX}`),
      make: (g) => ({
        t: 'at',
        day: {
          month: byStem(g.mon, MONTHS)!,
          day: Number(g.d),
          ...(g.y ? { year: Number(g.y) } : {}),
        },
      }),
    },
    {
      // Month first, as Hungarians write dates: 12.15., 12. 15-ig, 2026. 12. 15.
      pattern: rx(
        `⟨(?:(?<y>\\d{4})\\. ?)?(?<m>\\d{1,2})\\. ?(?<d>\\d{1,2})${DATE_SUFFIX}(?![\\d:])`,
      ),
      make: (g) => numericDate(g.m, g.d, g.y, 'md'),
    },
    {
      pattern: rx(
        `⟨(?:(?:${PART}|legkésőbb) )?(?<h>\\d{1,2})(?::(?<mi>\\d{2}))?(?: ?óra)?-?(?:kor|ig|ra|re|akor|ekor|kor)⟩`,
      ),
      make: (g) => clockOf(g.h, g.mi, g.part ? { part: part(g.part)! } : {}),
    },
    {
      // A delivery window is due when it closes: "14 és 16 óra között" -> 16:00.
      pattern: rx(
        `⟨(?:\\d{1,2})(?::\\d{2})?(?: és |-| - )(?<h>\\d{1,2})(?::(?<mi>\\d{2}))? ?óra között⟩|⟨(?:\\d{1,2}):\\d{2} és (?<h2>\\d{1,2}):(?<mi2>\\d{2}) között⟩`,
      ),
      make: (g) => clockOf(g.h ?? g.h2, g.mi ?? g.mi2),
    },
    {
      pattern: rx(`⟨(?:(?:${PART}|legkésőbb) )?(?<h>\\d{1,2}):(?<mi>\\d{2})⟩`),
      make: (g) => clockOf(g.h, g.mi, g.part ? { part: part(g.part)! } : {}),
    },
  ],
  cues: [
    { pattern: rx(`⟨${PREFIX}${anyOf(STEMS)}${ENDING}⟩`) },
    // The future with "fog": "vissza fogom hívni", "meg fogja kapni".
    { pattern: rx(`⟨fog(?:om|juk|ja|ják|unk|ok|nak)⟩|⟨fog⟩(?= ℓ+ni⟩|ℓ+ni⟩)`) },
    {
      pattern: rx(
        `⟨(?:kész|meg|ott|önnél|nálad|nálatok|önöknél|rendben) ?lesz(?:nek)?⟩|⟨meglesz⟩|⟨elkészül⟩|⟨megérkezik⟩`,
      ),
    },
    { pattern: rx(`⟨(?:meg)?kap⟩`) },
    // Visits and goods on their way: "a szerelő kedden kimegy", "a csomag holnap indul".
    {
      pattern: rx(
        `⟨(?:ki|el|át|oda)?(?:megy|megyünk|megyek|mennek|jön|jövünk|jönnek|indul|indulnak|érkeznek)⟩`,
      ),
    },
    { pattern: rx(`⟨(?:megígérem|ígérem|garantálom|garantáljuk|vállalom|vállaljuk)⟩`) },
    // A hedged expectation is still one the client holds us to (KELL_EXPECT, no hedge).
    { pattern: rx(`⟨${KELL_EXPECT}⟩`) },
  ],
  kinds: [
    [rx(`⟨(?:vissza|fel)?(?:hív|telefonál|csörget)ℓ*⟩|⟨visszahív ℓ*⟩`), 'callback'],
    [
      rx(
        `⟨(?:vissza|meg)?(?:ír|válaszol|jelentkez|jelz|jelez|értesít|tájékoztat|keres)ℓ*⟩|⟨(?:visszajelz|visszajelez)ℓ*⟩|⟨(?:csomagkövetési|követési|nyomkövetési) ?(?:szám|kód|link)ℓ*⟩`,
      ),
      'reply',
    ],
    [rx(`⟨(?:szerelő|valaki|kolléga|szakember|technikus|szerviz)ℓ*⟩`), 'other'],
    [
      rx(
        `⟨(?:számlá|csomag|rendelés|visszatérítés|pénz|összeg|jóváírás|terméke?|szerződés|dokumentum|árajánlat|ajánlat|kupon|utalvány|futár|szállítmány|áru|készülék|cseretermék|bizonylat|nyugtá|garanciajegy)ℓ*⟩`,
      ),
      'delivery',
    ],
    [
      rx(
        `⟨(?:válasz|e-?mail|üzenet|információ|részlet|hír|visszaigazolás|tájékoztatás)ℓ*⟩|⟨e-?mailben⟩`,
      ),
      'reply',
    ],
    [
      rx(
        `⟨(?:el|meg|ki|át|le|tovább|vissza|fel)?(?:küld|szállít|kézbesít|utal|jóváír|kap|érkez|fizet|postáz|ad)ℓ*⟩|⟨kézhez⟩`,
      ),
      'delivery',
    ],
  ],
  negation: rx(`⟨(?:nem|ne|sem|nincs|nincsen|soha|sehogy|semmiképp|semmiképpen|lehetetlen)⟩`),
  negationExcept: rx(
    `⟨ne (?:aggódjon|aggódj|aggódjanak|haragudjon)⟩|⟨nem (?:gond|probléma|kell aggódnia)⟩|⟨nem később, mint⟩|⟨nincs mit⟩`,
  ),
  // A usual time stated as policy ("általában 2 munkanapon belül szállítunk") commits to nothing.
  hedge: rx(
    `⟨(?:általában|rendszerint|többnyire|jellemzően|átlagosan|szokás szerint|szoktunk|szokott|szoktak|talán|esetleg|lehet|lehetséges|remélem|reméljük|remélhetőleg|valószínűleg|igyekszem|igyekszünk|igyekszik|megpróbálom|megpróbáljuk|próbálom|próbáljuk|elvileg|szerintem|gondolom|lenne|kellene|tudna|lehetne|küldene|hívna|kaphatna|érkezne)⟩|⟨ℓ{2,}(?:nám|ném|nánk|nénk)⟩`,
  ),
  hedgeExcept: rx(`⟨(?:szeretném|szeretnénk)⟩|⟨${KELL_EXPECT}⟩`),
  condition: rx(`⟨(?:ha|hogyha|amennyiben|abban az esetben|feltéve|amint|mihelyt)⟩`),
  conditionExcept: rx(
    `⟨ha (?:önnek |neked |önöknek )?(?:is )?(?:megfelel|megfelelő|jó|kényelmes)⟩|⟨ha ez (?:így )?(?:jó|megfelel|rendben van)⟩|⟨ha nem bánja⟩|⟨ha nincs ellenére⟩`,
  ),
  reported: rx(
    `⟨(?:ahogy|amint|ön|maga|azt) (?:írta|írja|mondta|említette|jelezte|kérte|kérdezte)⟩|⟨(?:írta|mondta|említette), hogy⟩|⟨az ön szavai szerint⟩|⟨az ön levele szerint⟩`,
  ),
  clauseWords: rx(`⟨(?:de|viszont|azonban|és|ezért|így|mert)⟩`),
  subordinate: rx(`⟨hogy⟩`),
  question: rx(`ℓ-e⟩`),
  glue: /^[\s,]*(?:(?:legkesobb|kb\.?|korulbelul|ora|-)\s*)?[\s,]*$/u,
};
