import type { DayPart } from '../due.ts';
import {
  anyOf,
  byStem,
  clockOf,
  duration,
  numberOf,
  numericDate,
  rx,
  rxLower,
  type Lexicon,
  type Unit,
} from '../grammar.ts';

const NUMBERS: Record<string, number> = {
  un: 1,
  una: 1,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  quince: 15,
  veinte: 20,
  veinticuatro: 24,
  treinta: 30,
  cuarenta: 40,
  'cuarenta y cinco': 45,
  'un par de': 2,
  unos: 3,
  unas: 3,
  'unos pocos': 3,
  'unas pocas': 3,
};
const NUM = `(?<n>\\d{1,3}(?:[.,]\\d)?|${anyOf(Object.keys(NUMBERS))})`;
const UNITS: [string, Unit][] = [
  ['min', 'minute'],
  ['h', 'hour'],
  ['hora', 'hour'],
  ['horit', 'hour'],
  ['dia', 'day'],
  ['dias habil', 'business-day'],
  ['dia habil', 'business-day'],
  ['dias laborable', 'business-day'],
  ['dia laborable', 'business-day'],
  ['semana', 'week'],
  ['mes', 'month'],
];
const UNIT = `(?<u>minutos?|minutitos?|min|horas?|horitas?|h|d[ií]as? (?:h[aá]biles|h[aá]bil|laborables?)|d[ií]as?|semanas?|mes(?:es)?)`;
const WEEKDAYS: [string, number][] = [
  ['domingo', 0],
  ['lunes', 1],
  ['martes', 2],
  ['miercoles', 3],
  ['jueves', 4],
  ['viernes', 5],
  ['sabado', 6],
];
const WEEKDAY = `(?<wd>lunes|martes|miércoles|jueves|viernes|sábado|domingo)`;
const MONTHS: [string, number][] = [
  ['enero', 1],
  ['febrero', 2],
  ['marzo', 3],
  ['abril', 4],
  ['mayo', 5],
  ['junio', 6],
  ['julio', 7],
  ['agosto', 8],
  ['septiembre', 9],
  ['setiembre', 9],
  ['octubre', 10],
  ['noviembre', 11],
  ['diciembre', 12],
];
const MONTH = `(?<mon>${anyOf(MONTHS.map(([m]) => m))})`;
const PARTS: [string, DayPart][] = [
  ['manana', 'morning'],
  ['primera hora', 'morning'],
  ['temprano', 'morning'],
  ['mediodia', 'noon'],
  ['tarde', 'afternoon'],
  ['noche', 'evening'],
];
const BY = `(?:(?:para|antes del?|hasta|a más tardar|no más tarde del?|como muy tarde) )?`;

const part = (w: string | undefined) => byStem(w, PARTS);
const unit = (w: string | undefined) => byStem(w, UNITS);
const num = (w: string | undefined) => numberOf(w, NUMBERS);
const hour = (w: string | undefined) =>
  w === undefined || /^\d/.test(w) ? w : String(num(w) ?? '');
// After a future verb: being somewhere, needing or waiting commits to nothing.
const NOT_COMMITTING = /^(?:estar|ser|necesitar|esperar|quedar)/;

// Who visits: a present "pasa" or "viene" is a visit only after one of them.
const VISITOR_BEFORE =
  /(?:tecnic|instalador|operari|fontaner|electricista|repartidor|mensajer|transportista|montador|agente|comercial|perit|compañer|companer)(?:o|a|es|os|as)?\s*$/u;

// "Debería" setting an expectation about what reaches the client (a cue, and no hedge).
const DEBERIA_EXPECT = `(?:(?:le|te|les) )?(?:debería|deberían|tendría que|tendrían que) (?:llegar(?:le|te|les)?|estar (?:con usted|en su|en tu|allí|ahí|list[oa]s?|resuelt[oa]s?|solucionad[oa]s?|reparad[oa]s?|disponibles?)|recibirlos?|recibirlas?|tenerlos?|tenerlas?)`;

export const es: Lexicon = {
  times: [
    {
      pattern: rx(
        `⟨(?:en|dentro de|en un plazo de|en un máximo de|en menos de|en los próximos|en las próximas|en no más de|durante los próximos|antes de)(?: unos| unas| aproximadamente| como| máximo)? ${NUM} ${UNIT}⟩`,
      ),
      make: (g) => duration(num(g.n), unit(g.u)),
    },
    {
      pattern: rx(`⟨(?:en|dentro de)(?: unos| unas)? (?:media hora|30 minutos)⟩`),
      make: () => ({ t: 'after', minutes: 30 }),
    },
    {
      pattern: rx(`⟨(?:en|dentro de)(?: un)? cuarto de hora⟩`),
      make: () => ({ t: 'after', minutes: 15 }),
    },
    {
      pattern: rx(`⟨(?:en|dentro de) (?:una )?hora y media⟩`),
      make: () => ({ t: 'after', minutes: 90 }),
    },
    {
      pattern: rx(
        `⟨(?:antes del? |al |para el )?(?:final|fin|cierre) (?:del día|de la jornada|del día de hoy)(?: de hoy)?⟩|⟨antes de que (?:termine|acabe) el día⟩|⟨a última hora(?: de hoy)?⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 }, part: 'eod' }),
    },
    {
      pattern: rx(
        `⟨(?:(?:para|hasta) )?hoy(?: mismo)?⟩|⟨(?:a lo largo|en el transcurso|durante el día) de hoy⟩|⟨(?:a lo largo|en el transcurso) del día⟩|⟨en el día de hoy⟩`,
      ),
      make: () => ({ t: 'at', day: { rel: 0 } }),
    },
    {
      pattern: rx(`⟨(?:(?:hoy|para) )?esta (?:misma )?(?<part>mañana|tarde|noche)⟩`),
      make: (g) => ({ t: 'at', day: { rel: 0 }, part: part(g.part)! }),
    },
    { pattern: rx(`⟨ayer⟩|⟨anoche⟩`), make: () => ({ t: 'at', day: { rel: -1 } }) },
    {
      pattern: rx(`⟨(?:(?:para|antes de) )?pasado mañana⟩`),
      make: () => ({ t: 'at', day: { rel: 2 } }),
    },
    {
      pattern: rx(
        `(?<!(?:la|esta|por la|de la|cada|una|buena|buenas) )⟨(?:(?:para|hasta|antes de) )?mañana(?: (?:por la|a) (?<part>mañana|tarde|noche|mediodía|primera hora)| (?<early>temprano|a primera hora))?⟩`,
      ),
      make: (g) => {
        const p = g.early ? 'morning' : part(g.part);
        return { t: 'at', day: { rel: 1 }, ...(p ? { part: p } : {}) };
      },
    },
    {
      pattern: rx(
        `⟨(?:por la|antes de la|a) (?<part>mañana|tarde|noche)⟩|⟨(?:al|antes del|a) (?<noon>mediodía)⟩`,
      ),
      make: (g) => ({ t: 'at', part: g.noon ? 'noon' : part(g.part)! }),
    },
    {
      pattern: rx(
        `⟨${BY}(?:(?:el|este|el próximo|este próximo|el día) )?${WEEKDAY}(?: (?:que viene|próximo))?(?: (?:por la )?(?<part>mañana|tarde|noche))?⟩(?! pasado)`,
      ),
      make: (g) => ({
        t: 'at',
        day: { weekday: byStem(g.wd, WEEKDAYS)! },
        ...(g.part ? { part: part(g.part)! } : {}),
      }),
    },
    {
      pattern: rx(
        `⟨(?:(?:antes del?|para el|a) )?(?:final|fin|finales) de (?:la |esta )?semana⟩|⟨(?:(?:durante|a lo largo de) )?esta semana⟩|⟨antes del fin de semana⟩`,
      ),
      make: () => ({ t: 'at', day: { weekEnd: 0 } }),
    },
    {
      pattern: rx(`⟨(?:durante )?la (?:semana que viene|próxima semana|semana próxima)⟩`),
      make: () => ({ t: 'at', day: { weekEnd: 1 } }),
    },
    {
      pattern: rx(`⟨(?:(?:antes del?|para|a) )?(?:fin|final|finales) de(?:l)? mes⟩|⟨este mes⟩`),
      make: () => ({ t: 'at', day: { monthEnd: true } }),
    },
    {
      pattern: rx(`⟨${BY}(?:el )?(?:día )?(?<d>\\d{1,2}) de ${MONTH}(?: de(?:l)? (?<y>\\d{4}))?⟩`),
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
      pattern: rx(`⟨${BY}(?:el )?día (?<d>\\d{1,2})⟩(?! de)`),
      make: (g) => ({ t: 'at', day: { dayOfMonth: Number(g.d) } }),
    },
    {
      pattern: rx(
        `⟨${BY}(?:el )?(?<a>\\d{1,2})[/.](?<b>\\d{1,2})(?:[/.](?<y>\\d{4}|\\d{2}))?⟩(?![.,:]?\\d)`,
      ),
      make: (g) => numericDate(g.a, g.b, g.y, 'dm'),
    },
    {
      pattern: rx(
        `⟨(?:a las|antes de las|hacia las|sobre las|para las|hasta las|a la|antes de la|sobre la) (?<h>\\d{1,2}|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)(?:[:.](?<mi>\\d{2}))?(?: ?(?:h|hs|horas))?(?<half> y media)?(?: (?:de la|por la) (?<part>mañana|tarde|noche))?⟩`,
      ),
      make: (g) => clockOf(hour(g.h), g.half ? '30' : g.mi, g.part ? { part: part(g.part)! } : {}),
    },
    {
      // A delivery window is due when it closes: "entre las 2 y las 4 de la tarde" -> 16:00.
      pattern: rx(
        `⟨entre las (?:\\d{1,2})(?:[:.]\\d{2})? y las (?<h>\\d{1,2})(?:[:.](?<mi>\\d{2}))?(?: ?h)?(?: (?:de la|por la) (?<part>mañana|tarde|noche))?⟩`,
      ),
      make: (g) => clockOf(g.h, g.mi, g.part ? { part: part(g.part)! } : {}),
    },
    {
      pattern: rx(`⟨(?<h>\\d{1,2}):(?<mi>\\d{2})(?: ?h)?⟩`),
      make: (g) => clockOf(g.h, g.mi),
    },
  ],
  cues: [
    // First person future: "llamaré", "enviaremos", also typed without the accent.
    {
      pattern: rxLower(`⟨ℓ{2,}(?:ré|remos)⟩`),
      accept: (m, following) =>
        !NOT_COMMITTING.test(m.normalize('NFD').replace(/\p{M}/gu, '')) ||
        /^\s+en contacto/.test(following),
    },
    {
      pattern: rx(
        `⟨(?:llamar|enviar|mandar|escribir|contactar|responder|devolver|confirmar|entregar|tendr|har|revisar|avisar|informar|gestionar|solucionar|resolver|procesar|reembolsar|abonar|comunicar|transferir|tramitar|reponer|cambiar|pasar|pondr|ingresar)(?:e|emos)⟩(?! que⟩)`,
      ),
    },
    // "voy a llamarle", "vamos a enviarlo".
    { pattern: rx(`⟨(?:voy|vamos) a⟩(?! (?:ver|esperar|necesitar)⟩)`) },
    // Present for the near future with a pronoun: "le llamo en 10 minutos", "se lo envío mañana".
    {
      pattern: rxLower(
        `⟨(?:le|te|les|os|se lo|se la|se los|se las|lo|la|los|las)(?: lo| la)? (?:llamo|llamamos|envío|envio|enviamos|mando|mandamos|escribo|escribimos|confirmo|confirmamos|aviso|avisamos|contesto|contestamos|respondo|respondemos|devuelvo|devolvemos|paso|pasamos|informo|informamos|contacto|contactamos|ingreso|ingresamos|abono|abonamos|reembolso|reembolsamos|cambio|cambiamos|entrego|entregamos|hago llegar|hacemos llegar|gestiono|gestionamos|reviso|revisamos|soluciono|solucionamos|tramito|tramitamos|recibe|reciben|tiene|tienen)⟩(?! que⟩)`,
      ),
    },
    {
      pattern: rx(
        `⟨(?:me|nos) (?:pongo|ponemos) en contacto⟩|⟨(?:me|nos) (?:comunico|comunicamos)⟩`,
      ),
    },
    // "Le vuelvo a llamar en media hora": the present, again, for the near future.
    {
      pattern: rx(
        `⟨(?:le|te|les|lo|la|os) (?:vuelvo|volvemos) a (?:llamar|escribir|contactar|contestar)⟩`,
      ),
    },
    // A job left done: "la avería quedará resuelta esta noche".
    {
      pattern: rx(
        `⟨(?:quedará|quedarán) (?:resuelt|solucionad|arreglad|reparad|list|instalad|activad|terminad|hech|conectad|restablecid)ℓ*⟩`,
      ),
    },
    // A visit in the present: "el técnico pasa el jueves", "el instalador viene mañana".
    {
      pattern: rx(`⟨(?:pasa|pasan|viene|vienen|se pasa|se pasan)⟩`),
      accept: (_m, _f, preceding) => VISITOR_BEFORE.test(preceding),
    },
    {
      pattern: rx(
        `⟨(?:le|te|les) (?:pongo|ponemos) al día⟩|⟨(?:le|te|les) (?:mantengo|mantenemos) informad[oa]s?⟩`,
      ),
    },
    // Someone will do something for the client: "le dejará", "se lo traerá", "les llamará".
    { pattern: rxLower(`⟨(?:le|les|se lo|se la|se los|se las) ℓ{3,}rán?⟩`) },
    // Third person: what will reach the client, "lo tendrá el viernes", "le llegará mañana".
    {
      pattern: rx(
        `⟨(?:llegará|llegarán|recibirá|recibirán|tendrá|tendrán|estará|estarán) (?:listos?|listas?|disponibles?|en su|en tu|con usted|resuelto|solucionado|reparado)⟩|⟨(?:llegará|llegarán|recibirá|recibirán|tendrá|tendrán)⟩|⟨(?:será|serán) (?:entregad|enviad|reembolsad|abonad|devuelt|resuelt|reparad|activad|procesad|sustituid|cambiad|ingresad)ℓ*⟩|⟨(?:se (?:le |lo |la |les )?|le |les )(?:enviará|entregará|devolverá|abonará|reembolsará|ingresará|procesará|llamará|contactará|escribirá|responderá|visitará|cambiará|sustituirá|enviarán|entregarán|devolverán|llamarán|contactarán)⟩|⟨(?:va|van) a (?:llegar|recibir|tener|estar listo)⟩`,
      ),
    },
    // A job left done, in the present for the future: "el técnico se lo deja arreglado para el jueves".
    {
      pattern: rx(
        `⟨(?:(?:se lo|se la|se los|se las|le|les|lo|la) )?(?:deja|dejan|dejo|dejamos) (?:(?:el|la|los|las|su|sus) ℓ+ )?(?:arreglad|reparad|instalad|list|resuelt|solucionad|montad|cambiad|configurad|terminad)ℓ*⟩`,
      ),
    },
    // A hedged expectation is still one the client holds us to (DEBERIA_EXPECT, no hedge):
    // "debería llegarle el lunes", "le debería llegar mañana"; not "debería llamarnos".
    { pattern: rx(`⟨${DEBERIA_EXPECT}⟩`) },
    // Goods and visits, in the present or future of the third person: "su pedido sale el lunes", "el técnico irá el martes".
    {
      pattern: rx(
        `⟨(?:sale|salen|llega|llegan|se envía|se envían|se entrega|se entregan|irá|irán|vendrá|vendrán|pasará|pasarán|se pasará|visitará|estará allí|estará con usted)⟩`,
      ),
    },
    {
      pattern: rx(
        `⟨(?:espere|esperen|recibirá) (?:nuestra|mi|una|su) (?:llamada|respuesta|confirmación)⟩`,
      ),
    },
    { pattern: rx(`⟨(?:está|están) previst[oa]s?⟩|⟨se (?:pondrá|pondrán) en contacto⟩`) },
    {
      pattern: rx(
        `⟨(?:le|te|les) (?:prometo|prometemos|garantizo|garantizamos)⟩|⟨(?:me|nos) comprometo⟩|⟨sin falta⟩`,
      ),
    },
  ],
  kinds: [
    [rx(`⟨(?:llam|telefone)ℓ*⟩|⟨devolver(?:le)? la llamada⟩|⟨por teléfono⟩`), 'callback'],
    [
      rx(
        `⟨(?:respond|contest|escrib|inform|avis|confirm|comunic|notific|contact)ℓ*⟩|⟨(?:me|nos) (?:pongo|ponemos|pondré|pondremos) en contacto⟩|⟨(?:tendrá|recibirá) noticias⟩|⟨(?:pongo|ponemos) al día⟩|⟨(?:número|enlace|código) de seguimiento⟩|⟨(?:le|te|les) (?:digo|decimos|diré|diremos)⟩`,
      ),
      'reply',
    ],
    [
      rx(
        `⟨(?:técnicos?|alguien|especialistas?|instaladore?s?|operarios?|fontaneros?|electricistas?)⟩`,
      ),
      'other',
    ],
    [
      rx(
        `⟨(?:factura|pedido|paquete|envío|reembolso|dinero|importe|abono|producto|artículo|contrato|documento|presupuesto|recambio|repuesto|cupón|vale|tarjeta|mercancía|devolución|transferencia|pago|albarán|sustituto|muestra)ℓ*⟩`,
      ),
      'delivery',
    ],
    [
      rx(
        `⟨(?:respuesta|correo|email|e-mail|mensaje|información|detalles|novedades|noticias|confirmación)ℓ*⟩`,
      ),
      'reply',
    ],
    [
      rx(
        `⟨(?:envi|mand|entreg|lleg|recib|abon|reembols|devolv|ingres|transfer)ℓ*⟩|⟨(?:tendrá|tendrán|tiene|tienen)⟩`,
      ),
      'delivery',
    ],
  ],
  negation: rx(`⟨(?:no|nunca|jamás|tampoco|ni|imposible|sin poder)⟩`),
  negationExcept: rx(
    `⟨no (?:se preocupe|te preocupes|se preocupen|hay problema|hay de qué|dude|dudes|dejaré de|más tarde del?)⟩`,
  ),
  // A usual time stated as policy ("normalmente los pedidos salen en 24 horas") commits to nothing.
  hedge: rx(
    `⟨(?:(?:todo )?lo posible|normalmente|habitualmente|generalmente|por lo general|por regla general|por norma general|en general|por lo común|de media|suele|suelen|solemos|suelo|lo antes posible|podría|podríamos|podrían|debería|deberíamos|debería|quizá|quizás|tal vez|a lo mejor|posiblemente|probablemente|espero|esperamos|ojalá|intentaré|intentaremos|intentar|intento|intentamos|trataré|trataremos|procuraré|procuraremos|seguramente|creo|creemos|supongo|en principio|llamaría|enviaría|mandaría|tendría|haría|entregaría|gustaría|aproximadamente)⟩`,
  ),
  hedgeExcept: rx(`⟨(?:me|nos) gustaría (?:confirmarle|informarle|avisarle)⟩|⟨${DEBERIA_EXPECT}⟩`),
  condition: rxLower(
    `⟨(?:si|en caso de|siempre que|siempre y cuando|a menos que|salvo que|con tal de que|una vez que|en cuanto)⟩`,
  ),
  conditionExcept: rxLower(
    `⟨si (?:le|te|les) (?:parece bien|viene bien|va bien|parece)⟩|⟨si (?:está|están|estás) de acuerdo⟩|⟨si no (?:le|te) importa⟩`,
  ),
  reported: rx(
    `⟨(?:usted|tú) (?:dijo|dice|escribió|comentó|mencionó|indicó|preguntó)⟩|⟨(?:me|nos) (?:dijo|escribió|comentó|dijeron|comentaron|indicó|preguntó|preguntaron)⟩|⟨según (?:usted|tú|su mensaje)⟩|⟨como (?:usted |tú )?(?:dice|dijo|comenta|comentó|mencionó|indica)⟩`,
  ),
  clauseWords: rx(`⟨(?:pero|aunque|sino|y|así que|por lo que|mientras|porque)⟩`),
  subordinate: rx(`⟨que⟩`),
  glue: /^[\s,]*(?:(?:a las|a la|sobre las|hacia las|antes de las|por la|de la|de|el|a)\s*)?[\s,]*$/u,
};
