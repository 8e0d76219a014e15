// npm run bench:coach -- [--iterations N] [--length CHARS] [--browser]
//
// How long the reply coach takes to check a draft, as the composer runs it on
// every keystroke: a 2,000-character draft in each of the six languages, with
// the default rules, a first-reply context (agent and client names) and a
// jargon list, one character changed between runs. Reports the median and
// p95 per language and over all; the target is a median of 2 ms or less.
// Language detection and folding are included; nothing is cached per text.
// With --browser the same loop (bench/coach-run.ts) is bundled and run in
// Debian's headless Chromium as well, where the composer runs it.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { questionsIn, type CoachLanguage } from '../src/shared/coach/index.ts';
import { runChecks, type CoachRun } from './coach-run.ts';
import { summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    length: { type: 'string', default: '2000' },
    browser: { type: 'boolean', default: false },
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
const drafts = Object.fromEntries(
  (Object.keys(PARAGRAPHS) as CoachLanguage[]).map((l) => [l, draftOf(l)]),
) as Record<CoachLanguage, string>;

function report(where: string, runs: CoachRun[]) {
  log(`${where}:`);
  log('');
  log('| language | findings | median ms | p95 ms | p99 ms |');
  log('|---|---|---|---|---|');
  const all: number[] = [];
  let allWall = 0;
  for (const run of runs) {
    const s = summarise(run.latencies, run.wallMs);
    all.push(...run.latencies);
    allWall += run.wallMs;
    log(`| ${run.language} | ${run.findings} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`);
  }
  const total = summarise(all, allWall);
  log(`| all | | ${fmt(total.p50)} | ${fmt(total.p95)} | ${fmt(total.p99)} |`);
  log('');
  return total;
}

/** The same loop in Chromium: bench/coach-run.ts bundled for the browser, run in a blank page. */
async function inChromium(): Promise<{ version: string; runs: CoachRun[] }> {
  const { build } = await import('vite');
  const { launchChromium } = await import('../e2e/browser.ts');
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: {
        entry: fileURLToPath(new URL('./coach-run.ts', import.meta.url)),
        name: 'CoachBench',
        formats: ['iife'],
      },
    },
  });
  const bundle = (Array.isArray(output) ? output[0]! : output) as {
    output: { type: string; code?: string }[];
  };
  const code = bundle.output.find((o) => o.type === 'chunk')!.code!;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: code });
    const runs = await page.evaluate(
      ([d, n, c]) =>
        (
          globalThis as unknown as {
            CoachBench: { runChecks: (...args: unknown[]) => CoachRun[] };
          }
        ).CoachBench.runChecks(d, n, c),
      [drafts, iterations, context] as const,
    );
    return { version: browser.version(), runs };
  } finally {
    await browser.close();
  }
}

const total = report(`Node ${process.version}`, runChecks(drafts, iterations, context));
let browserTotal: ReturnType<typeof summarise> | undefined;
if (values.browser) {
  const { version, runs } = await inChromium();
  browserTotal = report(`Chromium ${version} (headless)`, runs);
}

// The questions list runs once when a conversation is resolved, not per keystroke; shown for scale.
const message = draftOf('en').replace(/\. /g, '? ');
const q: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  questionsIn(message, 'en');
  q.push(performance.now() - t0);
}
log(`questionsIn on a ${length}-character message: median ${fmt(summarise(q, 1).p50)} ms`);
const met = (t: { p50: number }) => (t.p50 <= 2 ? 'met' : 'NOT met');
log(
  `Target: median ≤ 2 ms per check — Node ${met(total)}` +
    (browserTotal ? `, Chromium ${met(browserTotal)}` : ' (add --browser for Chromium)') +
    '.',
);
