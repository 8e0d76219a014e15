/**
 * Texts of the further checks: explanations for the agent (in the interface
 * language) and the words the coach offers to insert (in the draft's
 * language). Placeholders: {name}, {team}, {term}, {plain}.
 */
import type { CoachLanguage } from './types.ts';

type Texts = Record<CoachLanguage, string>;

export const EXPLAIN_INTRODUCTION: Texts = {
  en: 'This is your first reply: say your name (and your team), so the client knows who is helping them.',
  es: 'Es su primera respuesta: diga su nombre (y su equipo) para que el cliente sepa quién le atiende.',
  hu: 'Ez az első válasza: mutatkozzon be (nevét és csapatát), hogy az ügyfél tudja, ki segít neki.',
  ro: 'Este primul dumneavoastră răspuns: spuneți-vă numele (și echipa), ca să știe clientul cine îl ajută.',
  kk: 'Бұл – алғашқы жауабыңыз: клиент кім көмектесіп жатқанын білуі үшін атыңызды (және бөліміңізді) айтыңыз.',
  ru: 'Это ваш первый ответ: представьтесь (имя и отдел), чтобы клиент знал, кто ему помогает.',
};

export const EXPLAIN_CLIENT_NAME: Texts = {
  en: 'Address the client by name: {name}.',
  es: 'Diríjase al cliente por su nombre: {name}.',
  hu: 'Szólítsa meg az ügyfelet a nevén: {name}.',
  ro: 'Adresați-vă clientului pe nume: {name}.',
  kk: 'Клиентке атымен жүгініңіз: {name}.',
  ru: 'Обратитесь к клиенту по имени: {name}.',
};

export const EXPLAIN_JARGON: Texts = {
  en: '“{term}” is internal jargon the client may not understand.',
  es: '«{term}» es jerga interna que el cliente puede no entender.',
  hu: '„{term}”: belső szakzsargon, az ügyfél talán nem érti.',
  ro: '„{term}” este jargon intern pe care clientul s-ar putea să nu-l înțeleagă.',
  kk: '«{term}» – клиент түсінбеуі мүмкін ішкі термин.',
  ru: '«{term}» — внутренний жаргон, клиент может его не понять.',
};

export const EXPLAIN_JARGON_PLAIN: Texts = {
  en: ' Say “{plain}” instead.',
  es: ' Diga «{plain}».',
  hu: ' Helyette: „{plain}”.',
  ro: ' Spuneți „{plain}”.',
  kk: ' Оның орнына: «{plain}».',
  ru: ' Лучше скажите: «{plain}».',
};

/** The sentence that introduces the agent, in the draft's language. */
export const INTRODUCE: Texts = {
  en: 'My name is {name}.',
  es: 'Soy {name}.',
  hu: 'A nevem {name}.',
  ro: 'Mă numesc {name}.',
  kk: 'Менің атым – {name}.',
  ru: 'Меня зовут {name}.',
};

export const INTRODUCE_WITH_TEAM: Texts = {
  en: 'My name is {name}, from {team}.',
  es: 'Soy {name}, del equipo de {team}.',
  hu: 'A nevem {name} ({team}).',
  ro: 'Mă numesc {name}, din echipa {team}.',
  kk: 'Менің атым – {name} ({team}).',
  ru: 'Меня зовут {name}, я из отдела «{team}».',
};

/** A greeting with the client's name, to open a draft that has none. */
export const GREET_BY_NAME: Texts = {
  en: 'Hello {name}!',
  es: '¡Hola, {name}!',
  hu: 'Kedves {name}!',
  ro: 'Bună ziua, {name}!',
  kk: 'Сәлеметсіз бе, {name}!',
  ru: 'Здравствуйте, {name}!',
};

/**
 * Greetings a draft may open with, as phrase patterns: `direct` ones take the
 * name right after them ("Dear Anna", "Kedves Eszter"), the others after a
 * comma ("Hola, Lucía"; "Здравствуйте, Анна").
 */
export const GREETINGS: Record<CoachLanguage, { direct: string; comma: string }> = {
  en: { direct: `dear | hi | hello | hey | good (morning|afternoon|evening)`, comma: `` },
  es: {
    direct: `(estimado|estimada|querido|querida)`,
    comma: `hola | (buenos|buen) (días|día) | buenas (tardes|noches) | buenas`,
  },
  hu: {
    direct: `kedves | tisztelt`,
    comma: `jó (napot|reggelt|estét) [kívánok] | szia | sziasztok | üdvözlöm`,
  },
  ro: {
    direct: `(stimate|stimată|dragă)`,
    comma: `bună ziua | bună dimineața | bună seara | bună | salut`,
  },
  kk: {
    direct: `құрметті`,
    comma: `сәлеметсіз бе | сәлеметсіздер ме | сәлем | қайырлы (күн|таң|кеш)`,
  },
  ru: {
    direct: `(уважаемый|уважаемая|дорогой|дорогая)`,
    comma: `здравствуйте | добрый (день|вечер) | доброе утро | привет`,
  },
};

/** Phrases that introduce the speaker, for when the agent's name is not known. */
export const INTRODUCTION_PHRASES: Texts = {
  en: `my name is | my name's | this is ... (from|at) | (i'm|i am) ... (from|at) (the|your)`,
  es: `me llamo | mi nombre es | (le|te) (saluda|atiende|escribe)`,
  hu: `a nevem | (vagyok|vagyunk) (az|a) ... (ügyfélszolgálat*|csapat*)`,
  ro: `mă numesc | numele meu (este|e)`,
  kk: `менің атым | менің есімім | есімім`,
  ru: `меня зовут | с вами (на связи|говорит)`,
};

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
