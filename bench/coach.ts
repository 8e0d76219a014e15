// npm run bench:coach -- [--iterations N] [--length CHARS]
//
// How long the reply coach takes to check a draft, as the composer runs it on
// every keystroke: a 2,000-character draft in each of the six languages, with
// the default rules, a first-reply context (agent and client names) and a
// jargon list, one character changed between runs. Reports the median and
// p95 per language and over all; the target is a median of 2 ms or less.
// Language detection and folding are included; nothing is cached per text.
import { parseArgs } from 'node:util';
import {
  checkDraft,
  DEFAULT_RULES,
  questionsIn,
  type CoachLanguage,
} from '../src/shared/coach/index.ts';
import { summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    length: { type: 'string', default: '2000' },
  },
});
const iterations = Number(values.iterations);
const length = Number(values.length);

// A reply of the usual kind, with a few phrases the coach flags, repeated to the length.
const PARAGRAPHS: Record<CoachLanguage, string> = {
  en: 'Hello, thank you for writing to us. I checked your order this morning: it left the warehouse yesterday and the courier should bring it on Thursday. I don’t know the exact time yet, but I’ll find out and write back. The blue model is out of stock until next month; no problem, we can send the grey one now. ',
  es: 'Hola, gracias por escribirnos. Revisé su pedido esta mañana: salió del almacén ayer y el repartidor debería llevarlo el jueves. No sé todavía la hora exacta, pero lo averiguaré y le escribiré. El modelo azul está agotado hasta el mes que viene; no hay problema, podemos enviarle el gris ahora. ',
  hu: 'Jó napot, köszönjük, hogy írt nekünk. Ma reggel megnéztem a rendelését: tegnap elhagyta a raktárt, a futár csütörtökön viszi. A pontos időpontot még nem tudom, de utánanézek és írok. A kék modell jövő hónapig nincs raktáron; nem probléma, a szürkét most is el tudjuk küldeni. ',
  ro: 'Bună ziua, vă mulțumim că ne-ați scris. Am verificat comanda în această dimineață: a plecat ieri din depozit, iar curierul ar trebui să o aducă joi. Nu știu încă ora exactă, dar aflu și vă scriu. Modelul albastru nu este în stoc până luna viitoare; nicio problemă, vă putem trimite acum modelul gri. ',
  kk: 'Сәлеметсіз бе, бізге жазғаныңыз үшін рахмет. Тапсырысыңызды бүгін таңертең тексердім: ол кеше қоймадан шықты, курьер бейсенбіде әкеледі. Нақты уақытын әлі білмеймін, бірақ анықтап, сізге жазамын. Көк модель келесі айға дейін қоймада жоқ; проблема жоқ, сұр түсін қазір жібере аламыз. ',
  ru: 'Здравствуйте, спасибо, что написали нам. Я проверила ваш заказ сегодня утром: вчера он покинул склад, курьер привезёт его в четверг. Точного времени я пока не знаю, но уточню и напишу вам. Синей модели нет в наличии до следующего месяца; не проблема, серую можем отправить уже сейчас. ',
};

function draftOf(language: CoachLanguage): string {
  let text = '';
  while (text.length < length) text += PARAGRAPHS[language];
  return text.slice(0, length);
}

const context = {
  isFirstReply: true,
  agentName: 'Ana García',
  agentTeam: 'Support',
  clientName: 'Lucía Fernández',
  jargon: ['SLA', 'L2', 'ticket*', 'RMA', 'escalation matrix'],
};

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (ms: number) => ms.toFixed(3);
const all: number[] = [];
let allWall = 0;
log(
  `Reply coach: ${length}-character draft, ${iterations} checks per language, Node ${process.version}`,
);
log('');
log('| language | findings | median ms | p95 ms | p99 ms |');
log('|---|---|---|---|---|');
for (const language of Object.keys(PARAGRAPHS) as CoachLanguage[]) {
  const base = draftOf(language);
  const drafts = Array.from({ length: 16 }, (_, k) => base.slice(0, -1) + 'abcdefghijklmnop'[k]);
  let findings = 0;
  for (let i = 0; i < 200; i++) checkDraft(drafts[i % 16]!, { rules: DEFAULT_RULES, context });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const result = checkDraft(drafts[i % 16]!, { rules: DEFAULT_RULES, context });
    latencies.push(performance.now() - t0);
    findings = result.findings.length;
  }
  const wall = performance.now() - started;
  all.push(...latencies);
  allWall += wall;
  const s = summarise(latencies, wall);
  log(`| ${language} | ${findings} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`);
}
const total = summarise(all, allWall);
log(`| all | | ${fmt(total.p50)} | ${fmt(total.p95)} | ${fmt(total.p99)} |`);
log('');

// The questions list runs once when a conversation is resolved, not per keystroke; shown for scale.
const message = draftOf('en').replace(/\. /g, '? ');
const q: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  questionsIn(message, 'en');
  q.push(performance.now() - t0);
}
log(`questionsIn on a ${length}-character message: median ${fmt(summarise(q, 1).p50)} ms`);
log(`Target: median ≤ 2 ms per check — ${total.p50 <= 2 ? 'met' : 'NOT met'}.`);
