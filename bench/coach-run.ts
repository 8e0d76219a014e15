// The measuring loop of bench/coach.ts, shared by both places it runs: imported
// in Node, and bundled into a page in Chromium (so both time the same code).
import { checkDraft, DEFAULT_RULES, type CoachLanguage } from '../src/shared/coach/index.ts';

export interface CoachRun {
  language: CoachLanguage;
  findings: number;
  latencies: number[];
  wallMs: number;
}

export function runChecks(
  drafts: Record<CoachLanguage, string>,
  iterations: number,
  context: Parameters<typeof checkDraft>[1]['context'],
): CoachRun[] {
  const runs: CoachRun[] = [];
  for (const language of Object.keys(drafts) as CoachLanguage[]) {
    const base = drafts[language];
    // One character changed between checks, as typing does.
    const variants = Array.from(
      { length: 16 },
      (_, k) => base.slice(0, -1) + 'abcdefghijklmnop'[k],
    );
    for (let i = 0; i < 200; i++) checkDraft(variants[i % 16]!, { rules: DEFAULT_RULES, context });
    const latencies: number[] = [];
    let findings = 0;
    const started = performance.now();
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const result = checkDraft(variants[i % 16]!, { rules: DEFAULT_RULES, context });
      latencies.push(performance.now() - t0);
      findings = result.findings.length;
    }
    runs.push({ language, findings, latencies, wallMs: performance.now() - started });
  }
  return runs;
}
