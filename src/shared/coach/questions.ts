/**
 * The client's questions: sentences of their messages that ask something, so
 * the agent can confirm each was answered before resolving. A question mark
 * is enough; without one, each language has its own signs (question words at
 * the start of a sentence, Kazakh ма/ме/ба/бе/па/пе, Russian ли, Hungarian
 * -e, "I'd like to know").
 */
import { detectLanguage } from './detect.ts';
import { prepareText, toSourceRange } from './fold.ts';
import { compilePattern, matchRanges, type PatternMode } from './pattern.ts';
import { splitSentences, type Span } from './sentences.ts';
import type { CoachLanguage } from './types.ts';

interface QuestionSigns {
  /** Patterns on folded text (diacritics ignored). */
  folded: string[];
  /** Patterns that need the diacritics (Spanish "cómo" asks, "como" does not). */
  exact?: string[];
  /** Matches that look like questions but are not (greetings, statements about the past). */
  except?: string[];
}

const SIGNS: Record<CoachLanguage, QuestionSigns> = {
  en: {
    folded: [
      `^ (what|when|where|why|how|who|whom|whose|which) (is|are|was|were|will|would|can|could|do|does|did|should|shall|has|have|may|might|am)`,
      `^ (what's|where's|when's|how's|who's|whats|wheres) | ^ how (long|much|many|soon|often|far|come) | ^ why`,
      `^ (can|could|will|would|do|does|did|is|are|was|were|have|has|should|shall|may|might|am|isn't|aren't|don't|doesn't|didn't|won't|can't|couldn't|wouldn't|shouldn't|haven't|hasn't) (you|i|we|it|there|this|that|my|the|your|they|he|she|someone|anyone|somebody|anybody)`,
      `(wondering|wonder|wondered) (if|whether|when|why|how|what|where)`,
      `(want|like|need|wanted|wish) to (know|ask|check) | (could|can|would) you [please] (tell|let|confirm|advise|explain|check) me`,
      `please (advise|confirm) | let me know (if|whether|when|how|what|where)`,
    ],
  },
  es: {
    exact: [
      `^ [y|pero|entonces|oiga|perdone|disculpe] (qué|cuándo|dónde|cómo|cuál|cuáles|quién|quiénes|cuánto|cuánta|cuántos|cuántas|adónde|por qué|para qué|hasta cuándo)`,
    ],
    folded: [
      `(quisiera|queria|me gustaria|necesito|quiero|queremos|necesitamos|quisieramos) saber`,
      `(me|nos) (puede|pueden|podria|podrian) (decir|indicar|confirmar|informar|explicar|ayudar|enviar|mandar)`,
      `(puede|pueden|podria|podrian) (decirme|indicarme|confirmarme|informarme|explicarme|ayudarme|enviarme|mandarme)`,
      `^ (es posible|hay [alguna] (forma|manera|posibilidad)|existe [alguna|la] (forma|posibilidad))`,
    ],
  },
  hu: {
    folded: [
      `*-e`,
      `^ (mikor|hol|hogyan|miert|mennyi*|melyik*|hany*|milyen*|meddig|honnan|hova|merre|mit|kinek|kitol|kihez|kit|mivel|miben|mibe)`,
      `^ mi (a|az|lesz|tortent|van|volt|okozza) | ^ ki (fog|tud|lesz|az|a) | ^ hogy (lehet|tudom|tudnam|tudnek|kell|mukodik|van)`,
      `(szeretnem|szeretnenk|szeretnek) (tudni|megkerdezni|erdeklodni) | erdeklodn* | (kerdeznem|kerdezni)`,
    ],
  },
  ro: {
    folded: [
      `^ [si|dar|deci] (ce|cand|unde|cum|cine|cat|cata|cati|cate|care|incotro|de ce|de unde|de cand|pana cand|in cat timp)`,
      `(as|am) (dori|vrea|putea) sa (stiu|aflu|intreb) | (vreau|vrem|doresc|dorim) sa (stiu|aflu|intreb) | ma intreb | oare`,
      `(puteti|ati putea|poti|ai putea) sa [imi|mi|ne] (spuneti|spui|confirmati|confirmi|trimiteti|trimiti|explicati|ajutati)`,
      `(imi|mi|ne) (puteti|ati putea|poti) (spune|confirma|trimite|explica)`,
    ],
    except: [`^ (cand|cum|unde|cat) (am|ai|a|au|ati|v-am|mi-a|mi-ati|l-am|le-am|s-a)`],
  },
  kk: {
    folded: [
      `ма | ме | ба | бе | па | пе | ше`,
      `неге | қашан | қайда | қалай | қанша | қандай | қай | қайсы* | неше* | кім* | нені | не үшін | ^ не`,
      `(білгім|білгіміз) келеді`,
    ],
    except: [
      `(сәлеметсіз|сәлеметсіздер|сәлеметсің|амансыз|амансыздар|амансың) (бе|ба|ма|ме)`,
      `қалай (болса|да болса) | қалайда | қашан болса да | кім болса да`,
    ],
  },
  ru: {
    folded: [
      `ли`,
      `^ [а|и|так|но|скажите|подскажите] (что|когда|где|как|почему|зачем|кто|сколько|какой|какая|какое|какие|каким|какую|каких|какого|куда|откуда|чей|чья|чье|чьи|можно|нельзя|долго|скоро)`,
      `подскажите | скажите | уточните | объясните | поясните | не (подскажете|скажете|могли бы)`,
      `(хотел|хотела|хотели|хочу|хотим) [бы] (узнать|уточнить|спросить) | (интересует|интересно)`,
    ],
    except: [
      `(вряд|едва) ли`,
      `^ (когда|как|где|что|кто) [я|мы|вы|он|она|они] (*л|*ла|*ли|*лся|*лась|*лись)`,
      `^ как (и|я уже|мы уже) | ^ что касается`,
    ],
  },
};

// Greetings that read as questions: "Сәлеметсіз бе?" ("are you well?") is a hello.
const GREETINGS: Partial<Record<CoachLanguage, string>> = {
  kk: `(сәлеметсіз|сәлеметсіздер|сәлеметсің|амансыз|амансың) (бе|ба|ма|ме)`,
};

function compiled(patterns: readonly string[] | undefined, mode: PatternMode): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns ?? []) {
    const re = compilePattern(p, mode);
    if (re instanceof RegExp) out.push(re);
  }
  return out;
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

/** Whether the sentence holds nothing but matches of the pattern (and punctuation). */
function isOnly(folded: string, pattern: string): boolean {
  const re = compilePattern(pattern);
  if (!(re instanceof RegExp)) return false;
  const ranges = matchRanges(re, folded);
  if (ranges.length === 0) return false;
  let rest = '';
  let from = 0;
  for (const [start, end] of ranges) {
    rest += folded.slice(from, start);
    from = end;
  }
  rest += folded.slice(from);
  return !/[\p{L}\p{N}]/u.test(rest);
}

/** Whether one sentence (already folded and lower-cased) asks something. */
function asks(folded: string, lower: string, raw: string, language: CoachLanguage): boolean {
  const signs = SIGNS[language];
  const greeting = GREETINGS[language];
  if (greeting && isOnly(folded, greeting)) return false;
  if (/[?¿]/u.test(raw)) return true;
  const hits = [
    ...compiled(signs.folded, 'folded').flatMap((re) => matchRanges(re, folded)),
    ...compiled(signs.exact, 'exact').flatMap((re) => matchRanges(re, lower)),
  ];
  if (hits.length === 0) return false;
  const cancelled = compiled(signs.except, 'folded').flatMap((re) => matchRanges(re, folded));
  return hits.some((hit) => !cancelled.some((c) => overlaps(hit, c)));
}

/**
 * The sentences of a client's message that ask something, in order, with
 * their offsets in the text. Quoted lines ("> …", an email's quoted history)
 * are skipped. Without a language it is detected (English when unsure).
 */
export function questionsIn(text: string, language?: CoachLanguage): Span[] {
  const lang = language ?? detectLanguage(text).language ?? 'en';
  const prepared = prepareText(text);
  const out: Span[] = [];
  for (const sentence of splitSentences(prepared.nfc)) {
    const lineStart = prepared.nfc.lastIndexOf('\n', sentence.start - 1) + 1;
    if (
      prepared.nfc
        .slice(lineStart, sentence.start + 1)
        .trimStart()
        .startsWith('>')
    )
      continue;
    const folded = prepared.folded.slice(sentence.start, sentence.end);
    const lower = prepared.lower.slice(sentence.start, sentence.end);
    if (!asks(folded, lower, sentence.text, lang)) continue;
    const [start, end] = toSourceRange(prepared, sentence.start, sentence.end);
    out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}
