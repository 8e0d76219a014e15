import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, TEXTS } from './texts.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let bundle = '';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-widget.js'], { cwd: root, stdio: 'pipe' });
  bundle = readFileSync(`${root}/dist/widget/widget.js`, 'utf8');
}, 60_000);

describe('widget.js as built', () => {
  it('stays within 50 kB gzip', () => {
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(50 * 1024);
  });

  it('injects nothing a strict Content-Security-Policy or Trusted Types would block', () => {
    // No inline style attributes or <style> elements, no HTML parsing, no eval.
    for (const banned of [
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'eval(',
      'new Function',
      "'style'",
      '"style"',
      'cssText',
    ])
      expect(bundle, banned).not.toContain(banned);
    expect(bundle).toContain('adoptedStyleSheets');
  });

  it('carries its texts in all six languages', () => {
    for (const language of LANGUAGES) expect(bundle).toContain(TEXTS[language].placeholder);
  });
});
