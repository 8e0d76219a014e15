import { describe, expect, it } from 'vitest';
import { applyReplacement, checkDraft } from './engine.ts';
import { DEFAULT_RULES, DEFAULT_RULES_BY_LANGUAGE } from './defaults/index.ts';
import { mergeRules, validatePhraseRule } from './rules.ts';
import { COACH_LANGUAGES, type CoachLanguage, type PhraseRule } from './types.ts';

const rules = DEFAULT_RULES;

describe('checkDraft: phrase findings', () => {
  it('gives the exact range of each finding, for underlining', () => {
    const draft = 'Hi Ana 👋\nSorry, I don’t know. We never ship on Sundays.';
    const { findings } = checkDraft(draft, { rules, language: 'en' });
    expect(findings.map((f) => [f.ruleId, draft.slice(f.start, f.end), f.text])).toEqual([
      ['en.dont-know', 'I don’t know', 'I don’t know'],
      ['en.never', 'never', 'never'],
    ]);
  });

  it('maps ranges back to the draft when it came decomposed (NFD)', () => {
    const draft = 'Buna ziua. Nu s\u0326tiu, scuze.'; // ș as s + combining comma below
    const [finding] = checkDraft(draft, { rules, language: 'ro' }).findings;
    expect(finding?.ruleId).toBe('ro.dont-know');
    expect(draft.slice(finding!.start, finding!.end)).toBe('Nu s\u0326tiu');
  });

  it('offers the rewrite of the whole sentence, the matched words, or advice only, as the rule says', () => {
    const draft =
      'Thanks for waiting. Sorry, I don’t know the answer. As I said, it ships Friday. No.';
    const byId = Object.fromEntries(
      checkDraft(draft, { rules, language: 'en' }).findings.map((f) => [f.ruleId, f]),
    );
    const dontKnow = byId['en.dont-know']!;
    expect(applyReplacement(draft, dontKnow.replace!)).toBe(
      'Thanks for waiting. I’ll find out who can answer this. May I call you back in a couple of minutes? As I said, it ships Friday. No.',
    );
    expect(byId['en.as-i-said']!.replace).toBeUndefined();
    expect(byId['en.as-i-said']!.rewrite).toBe('To recap: …');
    expect(byId['en.no']!.replace).toBeUndefined();

    const custom: PhraseRule = {
      id: 'ws.ticket',
      language: 'en',
      pattern: 'raise a ticket',
      why: { en: 'Say what you will do.' },
      rewrite: 'let me know',
      rewriteScope: 'match',
      policy: 'hint',
    };
    const draft2 = 'Please raise a ticket if it breaks again.';
    const [f] = checkDraft(draft2, { rules: [custom], language: 'en' }).findings;
    expect(applyReplacement(draft2, f!.replace!)).toBe('Please let me know if it breaks again.');
  });

  it('shows one underline where a hint sits inside a stronger finding, and keeps the exceptions quiet', () => {
    const ids = (text: string, language: CoachLanguage) =>
      checkDraft(text, { rules, language }).findings.map((f) => f.ruleId);
    expect(ids('The company will never do this.', 'en')).toEqual(['en.flat-refusal']);
    expect(ids('Этой модели нет в наличии.', 'ru')).toEqual(['ru.not-in-stock']);
    expect(ids('No problem, never mind.', 'en')).toEqual([]);
    expect(ids('No, never.', 'en')).toEqual(['en.no', 'en.never']);
  });

  it('explains in the agent’s language and rewrites in the draft’s', () => {
    const [f] = checkDraft('Nem tudom.', { rules, context: { uiLanguage: 'ru' } }).findings;
    expect(f?.ruleId).toBe('hu.dont-know');
    expect(f?.explanation).toMatch(/^«Не знаю»/);
    expect(f?.rewrite).toMatch(/^Utánanézek/);
  });

  it('reports the strongest policy, and block for a forbidden expression', () => {
    expect(checkDraft('Thanks, it ships today.', { rules, language: 'en' }).policy).toBeNull();
    expect(checkDraft('No, sorry.', { rules, language: 'en' }).policy).toBe('hint');
    expect(checkDraft('I don’t know. Calm down.', { rules, language: 'en' }).policy).toBe('block');
  });

  // "Done when": "I don't know, that's not my job" in any of the six languages gets a better reply.
  const DONE_WHEN: Record<CoachLanguage, string> = {
    en: "I don't know, that's not my job.",
    es: 'No sé, eso no me corresponde.',
    hu: 'Nem tudom, ez nem az én dolgom.',
    ro: 'Nu știu, nu e treaba mea.',
    kk: 'Білмеймін, бұл менің жұмысым емес.',
    ru: 'Не знаю, это не моя работа.',
  };
  it.each(COACH_LANGUAGES)(
    '%s: "I don’t know, that’s not my job" is caught with rewrites',
    (language) => {
      const result = checkDraft(DONE_WHEN[language], {
        rules,
        context: { fallbackLanguage: 'en' },
      });
      expect(result.language).toBe(language);
      expect(result.findings.map((f) => f.ruleId)).toEqual([
        `${language}.dont-know`,
        `${language}.not-my-job`,
      ]);
      for (const f of result.findings) {
        expect(f.policy).toBe('warn');
        expect(f.rewrite && f.replace?.text).toBe(f.rewrite);
        expect(f.explanation.length).toBeGreaterThan(20);
      }
    },
  );
});

describe('default rules', () => {
  it('have stable ids, explanations in all six interface languages, and a rewrite in their own language', () => {
    for (const language of COACH_LANGUAGES) {
      for (const rule of DEFAULT_RULES_BY_LANGUAGE[language]) {
        expect(rule.id.startsWith(`${language}.`)).toBe(true);
        expect(rule.language).toBe(language);
        expect(Object.keys(rule.why).sort()).toEqual([...COACH_LANGUAGES].sort());
        expect(validatePhraseRule(rule), rule.id).toEqual([]);
      }
    }
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULES.length);
  });

  it('are plain data: a JSON round trip checks the same', () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_RULES)) as PhraseRule[];
    expect(copy).toEqual(DEFAULT_RULES);
    const draft = 'Не знаю. Это не моя проблема.';
    expect(checkDraft(draft, { rules: copy })).toEqual(checkDraft(draft, { rules }));
  });
});

describe('workspace rules', () => {
  it('disables, edits and adds rules by id, and skips changes that are neither', () => {
    const merged = mergeRules(DEFAULT_RULES, [
      { id: 'en.never', enabled: false },
      { id: 'en.no', policy: 'warn' },
      {
        id: 'ws.7.cheap',
        language: 'en',
        pattern: 'cheap*',
        why: { en: 'Say “good value”.' },
        rewrite: 'good value',
        rewriteScope: 'match',
        policy: 'block',
      },
      { id: 'ws.8.incomplete', pattern: 'whatever' },
    ]);
    expect(merged).toHaveLength(DEFAULT_RULES.length + 1);
    const result = checkDraft('No, we never sell cheaper items.', {
      rules: merged,
      language: 'en',
    });
    expect(result.findings.map((f) => [f.ruleId, f.policy, f.text])).toEqual([
      ['en.no', 'warn', 'No'],
      ['ws.7.cheap', 'block', 'cheaper'],
    ]);
    // The defaults themselves are untouched.
    expect(DEFAULT_RULES.find((r) => r.id === 'en.never')?.enabled).toBeUndefined();
  });

  it('validates a rule before it is stored, naming the field', () => {
    const rule: PhraseRule = {
      id: 'Bad Id',
      language: 'xx' as CoachLanguage,
      pattern: 'no (way',
      except: ['fine', '.*'],
      why: {},
      rewrite: ' ',
      policy: 'stop' as PhraseRule['policy'],
    };
    expect(validatePhraseRule(rule)).toEqual([
      { field: 'id', code: 'invalid' },
      { field: 'language', code: 'invalid' },
      { field: 'policy', code: 'invalid' },
      { field: 'pattern', code: 'invalid', pattern: { code: 'unbalanced', at: 7 } },
      { field: 'except', code: 'invalid', index: 1, pattern: { code: 'bad_character', at: 0 } },
      { field: 'why', code: 'invalid' },
      { field: 'rewrite', code: 'invalid' },
    ]);
  });

  it('skips a stored rule whose pattern no longer compiles instead of failing the check', () => {
    const broken: PhraseRule = {
      id: 'ws.x',
      language: 'en',
      pattern: '(',
      why: { en: 'x' },
      policy: 'warn',
    };
    expect(
      checkDraft('I don’t know', { rules: [broken, ...rules], language: 'en' }).findings,
    ).toHaveLength(1);
  });
});
