import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldText,
  matchScore,
  pickNearestWords,
  pickNearWords,
  rankCandidates,
  readSearchQuery,
  wordsTsQuery,
} from './client-search.ts';
import { applyCustomFields, isIsoDate } from './custom-fields.ts';
import { isPhoneNumber, normaliseEmail, normalisePhone } from './client.service.ts';

describe('normalisation', () => {
  it('lower-cases and trims emails', () => {
    expect(normaliseEmail('  Nagy.Eszter@Example.HU ')).toBe('nagy.eszter@example.hu');
  });

  it('keeps + and digits of phone numbers', () => {
    expect(normalisePhone('+36 (1) 234-5678')).toBe('+3612345678');
    expect(normalisePhone('0036 1 234 5678')).toBe('+3612345678');
    expect(normalisePhone('8 (701) 555-12-34')).toBe('87015551234');
    expect(isPhoneNumber('+3612345678')).toBe(true);
    expect(isPhoneNumber('+12')).toBe(false);
    expect(isPhoneNumber('+1234567890123456')).toBe(false);
  });
});

describe('search query', () => {
  it('tells emails, phone numbers and names apart', () => {
    expect(readSearchQuery('Nagy.Eszter@exmaple.hu')).toEqual({
      name: null,
      identity: 'nagy.eszter@exmaple.hu',
      identityKind: 'email',
    });
    expect(readSearchQuery('+36 1 234 5679')).toEqual({
      name: null,
      identity: '3612345679',
      identityKind: 'phone',
    });
    expect(readSearchQuery('0036 1 234')).toMatchObject({ identity: '361234' });
    expect(readSearchQuery('Gerogina')).toEqual({ name: 'Gerogina', identity: 'gerogina' });
    expect(readSearchQuery('Lucía 12')).toMatchObject({ name: 'Lucía 12' });
  });

  it('folds accents and Kazakh letters', () => {
    expect(foldText('Kovács Árpád')).toBe('kovacs arpad');
    expect(foldText('Ștefan Țurcanu')).toBe('stefan turcanu');
    expect(foldText('Нұрсұлтанов Әлия')).toBe('нурсултанов алия');
    expect(foldText('Айгүль Сейітова')).toBe('аигул сеиитова');
    expect(foldText('Ёлкин Андрей')).toBe('елкин андреи');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('gerogina', 'georgina')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('scores each query word against its best word', () => {
    expect(matchScore('Georgina', 'Georgina Pérez')).toBe(1);
    expect(matchScore('Gerogina', 'Georgina Pérez')).toBeGreaterThan(
      matchScore('Gerogina', 'Regina Gómez'),
    );
    expect(matchScore('Geor', 'Georgina')).toBeGreaterThan(0.8);
    expect(matchScore('', 'x')).toBe(0);
  });

  it('ranks an edit-distance match above a trigram look-alike', () => {
    const terms = readSearchQuery('Gerogina');
    const ranked = rankCandidates('Gerogina', terms, [
      { id: '1', name: 'Regina Gómez', score: 0.44, identities: [] },
      { id: '2', name: 'Georgina Pérez López', score: 0.38, identities: [] },
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['2', '1']);
  });

  it('ranks phone numbers by their digits', () => {
    const terms = readSearchQuery('+36 1 234 5679');
    const ranked = rankCandidates('+36 1 234 5679', terms, [
      { id: '1', name: 'A', score: 0.5, identities: ['+3619995679'] },
      { id: '2', name: 'B', score: 0.5, identities: ['+3612345678'] },
    ]);
    expect(ranked[0]!.id).toBe('2');
  });
});

describe('near words of misspelt names', () => {
  it('keeps the name words a typo or two away, best first, and drops the look-alikes', () => {
    const candidates = [
      { ord: 0, word: 'nagy' },
      { ord: 1, word: 'ester' },
      { ord: 1, word: 'eszter' },
      { ord: 1, word: 'szent' },
      { ord: 1, word: 'peter' },
    ];
    expect(pickNearWords(['Nagy', 'Ezster'], candidates)).toEqual([['nagy'], ['ester', 'eszter']]);
  });

  it('leaves out a typed word no name word is near, so the others still find', () => {
    expect(pickNearWords(['Gerogina', 'xqzw'], [{ ord: 0, word: 'georgina' }])).toEqual([
      ['georgina'],
    ]);
    expect(pickNearWords(['xqzw'], [{ ord: 0, word: 'kovacs' }])).toEqual([]);
  });

  it('picks the word itself when a name has it, else the closest corrections, ties kept', () => {
    const candidates = [
      { ord: 0, word: 'kovacs' },
      { ord: 0, word: 'kovacsne' },
      { ord: 1, word: 'ester' },
      { ord: 1, word: 'eszter' },
      { ord: 1, word: 'peter' },
    ];
    // "Ezster": "ester" (one left out) and "eszter" (two swapped) are as close.
    expect(pickNearestWords(['Kovács', 'Ezster'], candidates)).toEqual([
      ['kovacs'],
      ['ester', 'eszter'],
    ]);
    expect(pickNearestWords(['Mateox'], [{ ord: 0, word: 'mateo' }])).toEqual([['mateo']]);
    // A typed word with no near word: no nearest words for the query as a whole.
    expect(pickNearestWords(['Kovacs', 'xqzw'], candidates)).toBeNull();
    expect(pickNearestWords([], [])).toBeNull();
  });

  it('writes whole words as a tsquery, quotes and backslashes escaped', () => {
    expect(wordsTsQuery([['jose'], ['garcia', 'garsia']])).toBe("('jose') & ('garcia' | 'garsia')");
    expect(wordsTsQuery([["o'brien", 'a\\b']])).toBe("('o''brien' | 'a\\\\b')");
  });
});

describe('custom fields', () => {
  const defs = [
    { key: 'vat', type: 'text' as const, options: [] },
    { key: 'size', type: 'number' as const, options: [] },
    { key: 'since', type: 'date' as const, options: [] },
    { key: 'segment', type: 'select' as const, options: ['retail', 'b2b'] },
  ];

  it('checks dates for real', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
  });

  it('merges valid values, removes nulls and names every bad key', () => {
    const ok = applyCustomFields(
      defs,
      { vat: 'X', size: 3 },
      {
        vat: null,
        size: 4,
        since: '2025-01-31',
        segment: 'b2b',
      },
    );
    expect(ok).toEqual({ values: { size: 4, since: '2025-01-31', segment: 'b2b' }, errors: {} });
    const bad = applyCustomFields(
      defs,
      {},
      {
        nope: 1,
        vat: '  ',
        size: '3',
        since: '31/01/2025',
        segment: 'public',
      },
    );
    expect(Object.keys(bad.errors).sort()).toEqual([
      'custom_fields.nope',
      'custom_fields.segment',
      'custom_fields.since',
      'custom_fields.size',
      'custom_fields.vat',
    ]);
  });
});
