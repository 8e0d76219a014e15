import { describe, expect, it } from 'vitest';
import {
  buildConfigQueries,
  kazakhStem,
  queryNumber,
  queryWords,
  rangedMatch,
  stemPrefix,
} from './search-query.ts';

describe('reading the search box', () => {
  it('keeps letters, digits and marks only, lower-case, without repeats', () => {
    expect(queryWords("Refund' | order:* & !Refund")).toEqual(['refund', 'order']);
    expect(queryWords('Rendelésemet  — KAPOM?')).toEqual(['rendelésemet', 'kapom']);
    expect(queryWords('Тапсырысымды')).toEqual(['тапсырысымды']);
    expect(queryWords(' -- ')).toEqual([]);
    // An email address is one word, as the text-search parser indexes it.
    expect(queryWords('<Alfie.Brown510@btinternet.com>, refund')).toEqual([
      'alfie.brown510@btinternet.com',
      'refund',
    ]);
    expect(queryWords("x@y'.com | !a")).toEqual(['x', 'y', 'com', 'a']);
    expect(
      queryWords('a '.repeat(5) + Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')),
    ).toHaveLength(12);
  });

  it('reads a conversation number: "#123" alone, a bare number also as a word', () => {
    expect(queryNumber('#123')).toEqual({ number: 123, only: true });
    expect(queryNumber('# 7')).toEqual({ number: 7, only: true });
    expect(queryNumber('123')).toEqual({ number: 123, only: false });
    expect(queryNumber('order 123')).toBeUndefined();
    expect(queryNumber('#0')).toBeUndefined();
    expect(queryNumber('#9999999999')).toBeUndefined();
  });
});

describe('inflected forms', () => {
  it('strips Kazakh case, possessive and plural suffixes from the typed word', () => {
    expect(kazakhStem('тапсырысымды')).toBe('тапсырыс');
    expect(kazakhStem('тапсырыстарға')).toBe('тапсырыс');
    expect(kazakhStem('құжаттарды')).toBe('құжат');
    expect(kazakhStem('жеңілдіктер')).toBe('жеңілдік');
    // Nothing to strip, or too little left.
    expect(kazakhStem('тауар')).toBe('тауар');
    expect(kazakhStem('ана')).toBe('ана');
  });

  it('also looks for a shorter prefix where snowball stems of one word disagree', () => {
    // reduceri -> reducer, reducere -> reduc
    expect(stemPrefix('romanian', 'reducer')).toBe('redu');
    // termékek -> termék, termék -> terme
    expect(stemPrefix('hungarian', 'termék')).toBe('term');
    // скидок -> скидок, скидка -> скидк
    expect(stemPrefix('russian', 'скидок')).toBe('скид');
    // delivery -> deliveri, delivered -> deliv
    expect(stemPrefix('english', 'deliveri')).toBe('deliv');
    expect(stemPrefix('english', 'item')).toBeUndefined();
    expect(stemPrefix('simple', 'тапсырысымды')).toBe('тапсырыс');
    expect(stemPrefix('simple', 'тауар')).toBeUndefined();
  });
});

describe('the queries per configuration', () => {
  it('ands the words, matches stems as prefixes, drops stop words and empty configurations', () => {
    const queries = buildConfigQueries({
      english: [[], ['discount'], ['bulk']],
      hungarian: [['a'], ['kedvezmény'], ['bulk']],
      russian: [[], [], []],
    });
    expect(queries).toEqual([
      {
        config: 'english',
        strict: "('discount':*) & ('bulk':*)",
        broad: "('discount':* | 'disco':*) & ('bulk':*)",
        match: "('disco':*) & ('bulk':*)",
        matchForms: [['disco'], ['bulk']],
      },
      {
        config: 'hungarian',
        strict: "('a') & ('kedvezmény':*) & ('bulk':*)",
        broad: "('a') & ('kedvezmény':* | 'kedvezm':*) & ('bulk':*)",
        match: "('a') & ('kedvezm':*) & ('bulk':*)",
        matchForms: [['a'], ['kedvezm'], ['bulk']],
      },
    ]);
  });

  it('matches through the index without prefixes a shorter one covers', () => {
    // A two-letter lexeme is exact, so it covers nothing; a lexeme another does not start with stays.
    const [q] = buildConfigQueries({ simple: [['тапсырысымды'], ['ab', 'abcd', 'xyz']] });
    expect(q!.broad).toBe("('тапсырысымды':* | 'тапсырыс':*) & ('ab' | 'abcd':* | 'xyz':*)");
    expect(q!.match).toBe("('тапсырыс':*) & ('ab' | 'abcd':* | 'xyz':*)");
  });

  it('matches within a range of ids under its name, as the word indexes hold the words', () => {
    const [q] = buildConfigQueries({ simple: [['тапсырысымды'], ['ab', "o'k"]] });
    expect(rangedMatch(q!, 9)).toBe("('r9:тапсырыс':*) & ('r9:ab' | 'r9:o''k':*)");
  });

  it('matches within several ranges of ids, each word under any of their names', () => {
    const [q] = buildConfigQueries({ simple: [['тапсырысымды'], ['ab']] });
    expect(rangedMatch(q!, 7, 9)).toBe(
      "('r9:тапсырыс':* | 'r8:тапсырыс':* | 'r7:тапсырыс':*) & ('r9:ab' | 'r8:ab' | 'r7:ab')",
    );
  });

  it('quotes every lexeme, so nothing typed becomes an operator', () => {
    const [q] = buildConfigQueries({ simple: [["o'neil\\"]] });
    expect(q!.strict).toBe("('o''neil\\\\':*)");
  });
});
