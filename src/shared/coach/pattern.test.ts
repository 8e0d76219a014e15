import { describe, expect, it } from 'vitest';
import { foldText, prepareText, toSourceRange } from './fold.ts';
import {
  compilePattern,
  compilePatternSource,
  findPatternError,
  matchRanges,
  PATTERN_MAX_LENGTH,
} from './pattern.ts';
import { DEFAULT_RULES } from './defaults/index.ts';

/** The words a pattern finds in a text, as written in the text. */
function found(pattern: string, text: string): string[] {
  const re = compilePattern(pattern);
  if (!(re instanceof RegExp)) throw new Error(`pattern error ${re.code} at ${re.at}`);
  const prepared = prepareText(text);
  return matchRanges(re, prepared.folded).map(([s, e]) => {
    const [start, end] = toSourceRange(prepared, s, e);
    return text.slice(start, end);
  });
}

describe('folding', () => {
  it('keeps the length, lower-cases and drops diacritics in all six languages', () => {
    const text = 'Nu ŞTIU, nu știu; NO SÉ; Nem TUDOM; Őszintén; БІЛМЕЙМІН; Всё ЁЛКА; don’t';
    const folded = foldText(text);
    expect(folded).toHaveLength(text.length);
    expect(folded).toBe("nu stiu, nu stiu; no se; nem tudom; oszinten; билмеймин; все елка; don't");
  });

  it('maps Kazakh letters to the Russian ones typed instead, and keeps й', () => {
    expect(foldText('әғқңөұүһі Й')).toBe('агкноуухи й');
  });

  it('leaves emoji and other astral characters alone', () => {
    const text = 'ok 👍 NO';
    expect(foldText(text)).toBe('ok 👍 no');
  });
});

describe('phrase patterns', () => {
  it('matches whole words only, in Latin and Cyrillic script', () => {
    expect(found('no', 'No, nobody knows. Piano? no.')).toEqual(['No', 'no']);
    expect(found('нет', 'Нет, монета нетронута, нет.')).toEqual(['Нет', 'нет']);
    expect(found('жоқ', 'Жоқ, жоққа шығару жоқ')).toEqual(['Жоқ', 'жоқ']);
  });

  it('tolerates missing diacritics, cedillas for commas, and Kazakh typed with Russian or Latin letters', () => {
    expect(found('nu știu', 'Nu stiu. Nu ştiu. Nu știu.')).toEqual([
      'Nu stiu',
      'Nu ştiu',
      'Nu știu',
    ]);
    expect(found('nem tudom', 'NEM TUDOM')).toEqual(['NEM TUDOM']);
    expect(found('білмеймін', 'Білмеймін, билмеймин, бiлмеймiн')).toEqual([
      'Білмеймін',
      'билмеймин',
      'бiлмеймiн',
    ]);
    expect(found('всё', 'Все готово')).toEqual(['Все']);
  });

  it('treats curly and straight apostrophes alike', () => {
    expect(found("i don't know", "I don’t know. I don't know.")).toEqual([
      'I don’t know',
      "I don't know",
    ]);
  });

  it('lets * stand for an ending', () => {
    expect(found('говорил*', 'Я говорил, она говорила, они говорили; заговорил')).toEqual([
      'говорил',
      'говорила',
      'говорили',
    ]);
    expect(found('nunca hac*', 'nunca hacemos, nunca haremos')).toEqual(['nunca hacemos']);
    // A leading wildcard: a Hungarian yes/no question ends its verb in -e.
    expect(found('*-e', 'Megérkezett-e a csomag? Az e-mail jó.')).toEqual(['Megérkezett-e']);
  });

  it('has alternatives, optional words and gaps of up to three words', () => {
    expect(found('(we|they) never', 'We never; they never; you never')).toEqual([
      'We never',
      'they never',
    ]);
    expect(found('i [really] know', 'I know; I really know; I truly know')).toEqual([
      'I know',
      'I really know',
    ]);
    expect(found('[i] have no idea', 'I have no idea. Have no idea.')).toEqual([
      'I have no idea',
      'Have no idea',
    ]);
    expect(
      found(
        "we don't have ... until",
        "We don't have it until May. We don't have the blue one in stock until May.",
      ),
    ).toEqual(["We don't have it until"]);
  });

  it('allows a comma or dash between words of a phrase', () => {
    expect(found('не знаю как вас благодарить', 'Не знаю, как вас благодарить')).toEqual([
      'Не знаю, как вас благодарить',
    ]);
  });

  it('anchors ^ and $ to the start and end of a clause', () => {
    expect(found('^ no $', 'No. No, thanks. I said no. No problem. ¡No!')).toEqual([
      'No',
      'No',
      'No',
    ]);
    expect(found('no $', 'I said no. No problem.')).toEqual(['no']);
  });

  it('has nothing of RegExp syntax: such characters are errors, not operators', () => {
    for (const bad of ['.*', 'a+', 'no{1000}', '(?=x)', 'a\\b', 'no?', '\\d', 'a/b']) {
      expect(findPatternError(bad), bad).toMatchObject({ code: 'bad_character' });
    }
    // Brackets are optional words here, not a character class.
    expect(found('[a-z] x', 'a-z x; b x')).toEqual(['a-z x', 'x']);
  });

  it('names what is wrong with a pattern, and where', () => {
    expect(findPatternError('')).toEqual({ code: 'empty', at: 0 });
    expect(findPatternError('(a|b')).toMatchObject({ code: 'unbalanced' });
    expect(findPatternError('a|b)')).toMatchObject({ code: 'unbalanced', at: 3 });
    expect(findPatternError('(a||b)')).toMatchObject({ code: 'empty_alternative' });
    expect(findPatternError('[maybe]')).toMatchObject({ code: 'nothing_required' });
    expect(findPatternError('... no')).toMatchObject({ code: 'gap_at_edge', at: 0 });
    expect(findPatternError('no ...')).toMatchObject({ code: 'gap_at_edge' });
    expect(findPatternError("no *'")).toMatchObject({ code: 'bare_wildcard', at: 3 });
    expect(findPatternError('((((((((a))))))))')).toMatchObject({ code: 'too_deep' });
    expect(findPatternError('a '.repeat(PATTERN_MAX_LENGTH))).toMatchObject({ code: 'too_long' });
    expect(findPatternError('(nunca|jamás) hac* [lo|la] ... hasta $')).toBeUndefined();
  });

  it('compiles to a Unicode RegExp that also runs unfolded for diacritic-sensitive patterns', () => {
    const exact = compilePattern('^ cómo', 'exact');
    expect(exact).toBeInstanceOf(RegExp);
    const lower = 'cómo llega. como dije.';
    expect(matchRanges(exact as RegExp, lower)).toEqual([[0, 4]]);
    const source = compilePatternSource('no');
    expect(source.ok && new RegExp(source.source, 'u').flags).toBe('u');
  });
});

describe('offsets in decomposed text', () => {
  it('maps matches in NFD input (a macOS paste) back to the characters the agent sees', () => {
    const nfd = 'Bine. Nu s\u0326tiu.'; // s + combining comma below
    const matches = found('nu știu', nfd);
    expect(matches).toEqual(['Nu s\u0326tiu']);
    const prepared = prepareText(nfd);
    expect(prepared.nfc.length).toBe(nfd.length - 1);
  });
});

describe('the built-in rules', () => {
  it('meet the limits a workspace’s own rule must meet, so none is dropped and each can be edited and saved', () => {
    const invalid = DEFAULT_RULES.flatMap((r) =>
      [r.pattern, ...(r.except ?? [])]
        .map((p) => findPatternError(p))
        .flatMap((e) => (e ? [`${r.id}: ${e.code} at ${e.at}`] : [])),
    );
    expect(invalid).toEqual([]);
  });
});
