// npm run bench:promises -- [--iterations N] [--chars N]
//
// Promise extraction on a draft of about 2,000 characters per language, as the
// composer runs it on every keystroke (issue 6: ≤ 2 ms median). Each draft is
// built from that language's labelled sentences (test/fixtures/promises): about
// 40 promises and as many questions, negations and quoted lines, far denser in
// times than a real reply, so a worst case. The draft changes by one character
// per call, as typing does. Single-threaded, after a warm-up. These machines
// are shared: the minimum shows the cost on a quiet core, the percentiles what
// a busy machine made of it, and the load average is printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Language } from '../src/shared/api/common.ts';
import { extractPromises } from '../src/shared/promises/index.ts';
import { summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    chars: { type: 'string', default: '2000' },
  },
});
const iterations = Number(values.iterations);
const chars = Number(values.chars);
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/promises');
const LANGUAGES: Language[] = ['en', 'es', 'hu', 'ro', 'kk', 'ru'];

function draftOf(language: Language): string {
  const set = JSON.parse(fs.readFileSync(path.join(DIR, `${language}.json`), 'utf8')) as {
    cases: { text: string }[];
  };
  const sentences = set.cases.map((c) => c.text);
  let draft = '';
  for (let i = 0; draft.length < chars; i++) draft += `${sentences[i % sentences.length]} `;
  return draft.slice(0, chars);
}

const rows: string[] = [];
for (const language of LANGUAGES) {
  const draft = draftOf(language);
  const options = { language, now: '2026-12-09T10:15:00+01:00', timeZone: 'Europe/Budapest' };
  let promises = 0;
  for (let i = 0; i < 200; i++) {
    promises = extractPromises(draft, options).length;
  }
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const text = `${draft.slice(0, chars - 1)}${String.fromCharCode(97 + (i % 26))}`;
    const t0 = performance.now();
    extractPromises(text, options);
    latencies.push(performance.now() - t0);
  }
  const s = summarise(latencies, performance.now() - started);
  rows.push(
    `| ${language} | ${draft.length} | ${promises} | ${s.p50.toFixed(3)} | ${s.p95.toFixed(3)} | ${s.p99.toFixed(3)} | ${Math.min(...latencies).toFixed(3)} |`,
  );
}

console.log(
  [
    `Promise extraction, ${iterations} calls per language; Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}`,
    '',
    `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    '',
    '| lang | chars | promises in draft | p50 ms | p95 ms | p99 ms | min ms |',
    '| ---- | ----: | ----------------: | -----: | -----: | -----: | -----: |',
    ...rows,
  ].join('\n'),
);
