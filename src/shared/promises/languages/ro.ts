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
  un: 1,
  o: 1,
  unu: 1,
  una: 1,
  doi: 2,
  două: 2,
  trei: 3,
  patru: 4,
  cinci: 5,
  șase: 6,
  șapte: 7,
  opt: 8,
  nouă: 9,
  zece: 10,
  cincisprezece: 15,
  douăzeci: 20,
  'douăzeci și patru': 24,
  treizeci: 30,
  patruzeci: 40,
  'patruzeci și cinci': 45,
  câteva: 3,
  câțiva: 3,
  'două-trei': 3,
  'doua-trei': 3,
};
const NUM = `(?<n>\\d{1,3}(?:[.,]\\d)?|${anyOf(Object.keys(NUMBERS))})`;
const UNITS: [string, Unit][] = [
  ['min', 'minute'],
  ['or', 'hour'],
  ['ceas', 'hour'],
  ['zi', 'day'],
  ['zile lucr', 'business-day'],
  ['zi lucr', 'business-day'],
  ['săpt', 'week'],
  ['lun', 'month'],
];
const UNIT = `(?<u>minute|minutul|minut|min|ore|oră|ora|ceasuri|zile lucrătoare|zi lucrătoare|zile|zi|săptămâni|săptămână|luni|lună)`;
const WEEKDAYS: [string, number][] = [
  ['dum', 0],
  ['lun', 1],
  ['mar', 2],
  ['mie', 3],
  ['joi', 4],
  ['vin', 5],
  ['sâm', 6],
];
const WEEKDAY = `(?<wd>luni|marți|miercuri|joi|vineri|sâmbătă|duminică|lunea|marțea|miercurea|joia|vinerea|sâmbăta|duminica)`;
const MONTHS: [string, number][] = [
  ['ian', 1],
  ['feb', 2],
  ['mart', 3],
  ['apr', 4],
  ['mai', 5],
  ['iun', 6],
  ['iul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['noi', 11],
  ['nov', 11],
  ['dec', 12],
];
const MONTH = `(?<mon>ianuarie|februarie|martie|aprilie|mai|iunie|iulie|august|septembrie|octombrie|noiembrie|decembrie|ian|feb|mar|apr|iun|iul|aug|sept|sep|oct|nov|noi|dec)`;
const PARTS: [string, DayPart][] = [
  ['diminea', 'morning'],
  ['la prima oră', 'morning'],
  ['prânz', 'noon'],
  ['la prânz', 'noon'],
  ['după-amiaz', 'afternoon'],
  ['după amiaz', 'afternoon'],
  ['sear', 'evening'],
];
const PART = `(?<part>dimineață|dimineața|la prima oră|la prânz|după-amiază|după-amiaza|după amiază|după amiaza|seară|seara)`;
const BY = `(?:(?:până|până pe|până la|până în|pe|de|cel târziu|cel mai târziu|nu mai târziu de|înainte de|la data de) )?`;

const part = (w: string | undefined) => byStem(w, PARTS);
const unit = (w: string | undefined) => byStem(w, UNITS);
const num = (w: string | undefined) => numberOf(w, NUMBERS);

// What the client will have from us, after "aveți": an answer, the money, the parcel.
const YOU_HAVE_WHAT =
  /^\s+(?:(?:și |deja )?(?:răspunsul|raspunsul|un răspuns|un raspuns|confirmarea|banii|suma|coletul|comanda|factura|produsul|cardul|contractul|rambursarea|oferta|documentele|aparatul|piesa|tehnicianul|noutăți|noutati|vești|vesti))(?![a-z])/u;

// Verbs in the present that commit for the near future ("vă sun în 10 minute"), 1st person.
const PRESENT = [
  'sun',
  'sunăm',
  'trimit',
  'trimitem',
  'scriu',
  'scriem',
  'răspund',
  'răspundem',
  'confirm',
  'confirmăm',
  'contactez',
  'contactăm',
  'livrăm',
  'expediem',
  'returnăm',
  'rambursăm',
  'restituim',
  'virăm',
  'anunț',
  'anunțăm',
  'informez',
  'informăm',
  'transmit',
  'transmitem',
  'revin',
  'revenim',
  'rezolv',
  'rezolvăm',
  'verific',
  'verificăm',
  'caut',
  'căutăm',
  'dau un telefon',
  'dăm un telefon',
  'facturăm',
  'emitem',
  'înlocuim',
  'schimbăm',
  'predăm',
  'aduc',
  'aducem',
  'țin la curent',
  'ținem la curent',
  'mă asigur',
  'ne asigurăm',
  'mă ocup',
  'ne ocupăm',
  'creditez',
  'creditam',
];
// What "veți", "va", "vor" (you, it, they will) may be followed by to promise something to the client.
const THIRD = `(?:primi|avea|ajunge|sosi|fi (?:livrat|trimis|expediat|rambursat|returnat|gata|rezolvat|remediat|înlocuit|activat|virat|creditat|procesat|contactat|sunat|anunțat|informat|la dumneavoastră|la dvs)ℓ*|suna|contacta|livra|trimite|expedia|returna|rambursa|vira|reveni|răspunde|scrie|lua legătura|intra în cont)`;

// "Ar trebui" setting an expectation about what reaches the client (a cue, and no hedge):
// "coletul ar trebui să ajungă vineri"; not "ar trebui să ne sunați" (the client's part).
const AR_TREBUI_EXPECT = `ar trebui să(?:-l|-o|-i| îl| o| le| îi)? (?:ajungă|sosească|vină|fie (?:la (?:dumneavoastră|dvs\\.?|tine|voi)|în contul|gata|rezolvat[ăe]?|livrat[ăe]?|reparat[ăe]?|returnat[ăe]?|rambursat[ăe]?)|primiți|primești|aveți)`;

export const ro: Lexicon = {
  times: [
    {
      pattern: rx(
        `⟨(?:în|peste|în maxim|în maximum|în cel mult|în mai puțin de|în următoarele|în decurs de|în termen de|în interval de|în circa|în aproximativ|în jur de)(?: (?:maxim|maximum|circa|aproximativ|cel mult|vreo|cam))? ${NUM}(?: de)? ${UNIT}⟩`,
      ),
      make: (g) => duration(num(g.n), unit(g.u)),
    },
    {
      pattern: rx(`⟨(?:într-un|într-o) (?<u>minut|oră|zi|săptămână|zi lucrătoare)⟩`),
      make: (g) => duration(1, unit(g.u)),
    },
    {
      pattern: rx(`⟨(?:în|peste|într-o)(?: o)? jumătate de oră⟩`),
      make: () => ({ t: 'after', minutes: 30 }),
    },
    {
      pattern: rx(`⟨(?:în|peste|într-o) (?:o )?oră și jumătate⟩`),
      make: () => ({ t: 'after', minutes: 90 }),
    },
    {
      pattern: rx(
        `⟨(?:până la|înainte de|la) (?:sfârșitul|finalul|încheierea) (?:zilei|programului|zilei de lucru|zilei de azi|zilei de astăzi)(?: de (?:azi|astăzi))?⟩|⟨până la închidere⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 }, part: 'eod' }),
    },
    {
      pattern: rx(
        `⟨(?:chiar |tot |până )?(?:azi|astăzi)⟩|⟨(?:pe parcursul|în cursul) zilei(?: de (?:azi|astăzi))?⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 } }),
    },
    {
      pattern: rx(
        `⟨(?:până )?(?:diseară|deseară|în seara asta|în această seară|astă-seară|astă seară)⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 }, part: 'evening' }),
    },
    {
      pattern: rx(
        `⟨(?:azi|astăzi) ${PART}⟩|⟨(?:în )?(?:dimineața|după-amiaza|după amiaza) (?:asta|aceasta)⟩|⟨în această (?<p2>dimineață|după-amiază)⟩`,
      ),
      make: (g) => ({ t: 'at', day: { rel: 0 }, part: part(g.part ?? g.p2) ?? 'afternoon' }),
    },
    { pattern: rx(`⟨(?:ieri|alaltăieri|aseară)⟩`), make: () => ({ t: 'at', day: { rel: -1 } }) },
    {
      pattern: rx(`⟨(?:până )?poimâine⟩`),
      make: () => ({ t: 'at', day: { rel: 2 } }),
    },
    {
      pattern: rx(`⟨(?:până |de )?mâine(?: ${PART})?⟩`),
      make: (g) => ({ t: 'at', day: { rel: 1 }, ...(g.part ? { part: part(g.part)! } : {}) }),
    },
    {
      pattern: rx(
        `(?<!bună )⟨(?:spre|până (?:la|în)|în|la) (?<part>seară|dimineață|prânz)⟩|⟨(?:până la|la|înainte de) prânz⟩`,
      ),
      make: (g) => ({ t: 'at', part: part(g.part) ?? 'noon' }),
    },
    {
      pattern: rx(
        `(?<!\\d )(?<!\\d de )⟨${BY}${WEEKDAY}(?: (?:aceasta|asta|viitoare|care vine|viitor))?(?: ${PART})?⟩(?! (?:trecut|trecută))`,
      ),
      make: (g) => ({
        t: 'at',
        day: { weekday: byStem(g.wd, WEEKDAYS)! },
        ...(g.part ? { part: part(g.part)! } : {}),
      }),
    },
    {
      pattern: rx(
        `⟨(?:până la |la )?(?:sfârșitul|finalul) (?:acestei )?săptămânii(?: acesteia)?⟩|⟨(?:în )?săptămâna (?:aceasta|asta|curentă)⟩`,
      ),
      make: () => ({ t: 'at', day: { weekEnd: 0 } }),
    },
    {
      pattern: rx(`⟨(?:în |până )?săptămâna (?:viitoare|următoare|care vine)⟩`),
      make: () => ({ t: 'at', day: { weekEnd: 1 } }),
    },
    {
      pattern: rx(
        `⟨(?:până la |la )?(?:sfârșitul|finalul) lunii(?: acesteia| curente)?⟩|⟨(?:în )?luna (?:aceasta|asta|curentă)⟩`,
      ),
      make: () => ({ t: 'at', day: { monthEnd: true } }),
    },
    {
      pattern: rx(`⟨${BY}(?<d>\\d{1,2})(?: de)? ${MONTH}\\.?(?: (?<y>\\d{4}))?⟩`),
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
      pattern: rx(
        `⟨(?:pe|până pe|până la|cel târziu pe) (?<d>\\d{1,2})⟩(?! ?(?:de )?ℓ| ?[.,:/]\\d)`,
      ),
      make: (g) => ({ t: 'at', day: { dayOfMonth: Number(g.d) } }),
    },
    {
      pattern: rx(
        `⟨${BY}(?<a>\\d{1,2})[./](?<b>\\d{1,2})(?:[./](?<y>\\d{4}|\\d{2}))?⟩(?![.,:]?\\d)`,
      ),
      make: (g) => numericDate(g.a, g.b, g.y, 'dm'),
    },
    {
      pattern: rx(
        `⟨(?:(?:la|până la|înainte de|în jurul|pe la|cel târziu la) )?(?:ora|orei|orele) (?<h>\\d{1,2})(?:[:.](?<mi>\\d{2}))?(?: ${PART})?⟩`,
      ),
      make: (g) => clockOf(g.h, g.mi, g.part ? { part: part(g.part)! } : {}),
    },
    {
      // A delivery window is due when it closes: "între orele 14 și 16" -> 16:00.
      pattern: rx(
        `⟨între (?:orele |ora )?(?:\\d{1,2})(?::\\d{2})? și (?:ora )?(?<h>\\d{1,2})(?::(?<mi>\\d{2}))?(?!ℓ)(?! ?(?:zile|ore|minute|luni|săptămâni))`,
      ),
      make: (g) => clockOf(g.h, g.mi),
    },
    {
      pattern: rx(`⟨(?:(?:la|până la|înainte de|pe la) )?(?<h>\\d{1,2}):(?<mi>\\d{2})⟩`),
      make: (g) => clockOf(g.h, g.mi),
    },
  ],
  cues: [
    // Future: "vă voi suna", "vom livra"; "voi fi" only when it commits ("voi fi în legătură").
    {
      pattern: rx(`⟨(?:voi|vom)⟩`),
      accept: (_m, following) =>
        !/^\s+(?:fi(?!\s+(?:in legatura|in contact|gata))|avea nevoie|astepta|trebui)/.test(
          following,
        ),
    },
    { pattern: rx(`⟨(?:veți|va|vor|vei)(?: mai)? ${THIRD}⟩`) },
    // Colloquial future: "o să vă sun", "am să revin", "o să primiți".
    { pattern: rx(`⟨(?:o|am) să⟩`) },
    {
      pattern: rx(`⟨(?:vă |v-|îl |o |le |îi |vi-l |vi-o |vi-le |vi le |vi-i )?${anyOf(PRESENT)}⟩`),
    },
    {
      pattern: rx(
        `⟨(?:îl |o |le |îi |i-l |l-)?(?:primiți|primești|primește|ajunge|ajung|sosește|sosesc)⟩`,
      ),
    },
    // Goods and visits on their way: "comanda pleacă pe 14", "tehnicianul vine marți".
    {
      pattern: rx(
        `⟨(?:pleacă|pleacă din depozit|se livrează|se expediază|vine|vin|va veni|vor veni|trece pe la|va trece pe la|vă aduce|vă aduc|repară|înlocuiește|montează|instalează)⟩`,
      ),
    },
    {
      pattern: rx(`⟨(?:vă |îți )?(?:promit|promitem|garantez|garantăm)⟩|⟨ne angajăm⟩|⟨mă angajez⟩`),
    },
    // A hedged expectation is still one the client holds us to (AR_TREBUI_EXPECT, no hedge).
    { pattern: rx(`⟨${AR_TREBUI_EXPECT}⟩`) },
    // The present for the future: "până vineri aveți banii", not "aveți timp" (the client's part).
    {
      pattern: rx(`⟨(?:aveți|ai)⟩`),
      accept: (_m, following) => YOU_HAVE_WHAT.test(following),
    },
  ],
  kinds: [
    [
      rx(
        `⟨(?:sun|suna|sunăm|sunat|sunați|apelez|apelăm|apela|apelul|apel|un telefon|telefonic|telefona|telefonez)⟩`,
      ),
      'callback',
    ],
    [
      rx(
        `⟨(?:revin|revenim|reveni|răspund|răspundem|răspunde|scriu|scriem|scrie|contactez|contactăm|contacta|contactat|informez|informăm|informa|anunț|anunțăm|anunța|confirm|confirmăm|confirma)⟩|⟨(?:lua|iau|luăm) legătura⟩|⟨(?:țin|ține|ținem) la curent⟩|⟨(?:număr|numărul|link|linkul|cod|codul) (?:de urmărire|awb)⟩|⟨awb⟩`,
      ),
      'reply',
    ],
    [rx(`⟨(?:tehnician|pe cineva|specialist|instalator|un coleg|echipa tehnică)ℓ*⟩`), 'other'],
    [
      rx(
        `⟨(?:factur|colet|comand|bani|banii|sum|rambursar|produs|contract|document|ofert|piesă|piesa|voucher|cupon|plat|livrar|aparat|retur|marf|chitanț)ℓ*⟩`,
      ),
      'delivery',
    ],
    [rx(`⟨(?:răspuns|e-?mail|mesaj|informații|detalii|vești|noutăți|confirmare)ℓ*⟩`), 'reply'],
    [
      rx(
        `⟨(?:trimi|livr|expedi|primi|rambursa|return|restitui|vir|credit|aduc)ℓ*⟩|⟨(?:intra|intră) în cont⟩`,
      ),
      'delivery',
    ],
  ],
  negation: rx(`⟨(?:nu|niciodată|nici|imposibil)⟩|⟨n-|⟨nu-`),
  negationExcept: rx(
    `⟨nu (?:vă faceți griji|vă îngrijorați|ezitați|mai târziu de|mai târziu decât)⟩|⟨nu-?i (?:nicio )?problemă⟩|⟨nu-ți face griji⟩`,
  ),
  // A usual time stated as policy ("de obicei livrăm în 48 de ore") commits to nothing.
  hedge: rx(
    `⟨(?:de obicei|în mod normal|în mod obișnuit|de regulă|în general|în medie|de cele mai multe ori|poate|probabil|posibil|sper|sperăm|încerc|încercăm|încerca|aș|ar|am putea|ați putea|s-ar|cred|credem|presupun|eventual|în principiu|aproximativ|estimativ)⟩`,
  ),
  hedgeExcept: rx(`⟨${AR_TREBUI_EXPECT}⟩`),
  condition: rx(
    `⟨(?:dacă|în cazul în care|în caz că|cu condiția|doar dacă|numai dacă|odată ce|imediat ce|de îndată ce)⟩`,
  ),
  conditionExcept: rx(
    `⟨dacă (?:sunteți|ești) de acord⟩|⟨dacă vă (?:convine|este comod|este convenabil)⟩|⟨dacă (?:e|este) în regulă⟩|⟨dacă nu vă deranjează⟩`,
  ),
  reported: rx(
    `⟨(?:ați|ai) (?:spus|scris|menționat|zis|precizat|întrebat)⟩|⟨m-ați întrebat⟩|⟨mi-ați (?:spus|scris)⟩|⟨(?:cum|după cum) (?:ați|ai) (?:spus|scris|menționat)⟩|⟨potrivit (?:dumneavoastră|dvs)⟩|⟨după spusele dumneavoastră⟩`,
  ),
  clauseWords: rx(`⟨(?:dar|însă|iar|și|deci|așa că|totuși|pentru că|deoarece)⟩`),
  subordinate: rx(`⟨(?:că|ca să)⟩`),
  glue: /^[\s,]*(?:(?:la|pe la|in jurul|pana la|cel tarziu|de la)\s*)?[\s,]*$/u,
};
