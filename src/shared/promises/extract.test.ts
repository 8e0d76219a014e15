import { describe, expect, it } from 'vitest';
import type { Language } from '../api/common.ts';
import { extractPromises } from './extract.ts';

const NOW = '2026-12-09T10:15:00+01:00'; // Wednesday, Budapest
const find = (text: string, language?: Language) =>
  extractPromises(text, {
    ...(language ? { language } : {}),
    now: NOW,
    timeZone: 'Europe/Budapest',
  });

describe('extractPromises', () => {
  it('gives the promise, its kind, its due time and the words of the time with offsets into the draft', () => {
    const draft = 'Hi Anna, thanks for waiting. I will call you back in 10 minutes.';
    const [p, ...rest] = find(draft, 'en');
    expect(rest).toEqual([]);
    expect(p).toEqual({
      start: draft.indexOf('I will'),
      end: draft.indexOf('.', draft.indexOf('I will')),
      text: 'I will call you back in 10 minutes',
      kind: 'callback',
      dueAt: '2026-12-09T09:25:00.000Z',
      due: {
        start: draft.indexOf('in 10'),
        end: draft.indexOf('.', draft.indexOf('in 10')),
        text: 'in 10 minutes',
        basis: 'duration',
      },
    });
  });

  it('finds two promises in one sentence joined by "and", each with its own kind', () => {
    const found = find("I'll call you today at 4 and send the signed contract by Friday.", 'en');
    expect(found.map((p) => [p.kind, p.dueAt, p.due.basis])).toEqual([
      ['callback', '2026-12-09T15:00:00.000Z', 'clock'],
      ['delivery', '2026-12-11T17:00:00.000Z', 'day-end'],
    ]);
    expect(found[1]!.text).toBe('send the signed contract by Friday');
  });

  it('keeps offsets of the draft when it arrives decomposed (a macOS paste)', () => {
    const draft = 'Bună ziua! Vă sun mâine la ora 10.'.normalize('NFD');
    const [p] = find(draft, 'ro');
    expect(p?.dueAt).toBe('2026-12-10T09:00:00.000Z');
    expect(draft.slice(p!.start, p!.end)).toBe(p!.text);
    expect(p!.text.normalize('NFC')).toBe('Vă sun mâine la ora 10');
  });

  it('reads Kazakh typed on a Russian keyboard and Romanian typed without diacritics', () => {
    expect(find('10 минуттан кейин кайта хабарласамын', 'kk')[0]?.dueAt).toBe(
      '2026-12-09T09:25:00.000Z',
    );
    expect(find('va sun maine pana la pranz', 'ro')[0]?.dueAt).toBe('2026-12-10T11:00:00.000Z');
  });

  it('detects the language when none is given', () => {
    expect(find('Перезвоню вам через 10 минут, спасибо за ожидание.')[0]?.kind).toBe('callback');
    expect(find('Péntekig megkapja a számlát, köszönöm a türelmét.')[0]?.dueAt).toBe(
      '2026-12-11T17:00:00.000Z',
    );
  });

  it('ignores a quoted earlier message and text in quotation marks', () => {
    const reply = [
      'Thanks, I will check with the warehouse.',
      '',
      'On Tue, 8 Dec 2026 at 16:02, Anna Kovács <anna@example.com> wrote:',
      "> I'll call you back in 10 minutes, said your colleague.",
      "I'll send it by Friday, he also promised.",
    ].join('\n');
    expect(find(reply, 'en')).toEqual([]);
    expect(find('The note said “we will ship it tomorrow”.', 'en')).toEqual([]);
  });

  it('takes a statement closed by a short tag question as a promise, a real question not', () => {
    expect(find("I'll call you back in 10 minutes, is that OK?", 'en')).toHaveLength(1);
    expect(find('Te llamo en 5 minutos, ¿vale?', 'es')).toHaveLength(1);
    expect(find('Will you call me back in 10 minutes?', 'en')).toEqual([]);
    expect(find('¿Le llamo mañana por la mañana?', 'es')).toEqual([]);
    expect(find('Ертең аласыз ба', 'kk')).toEqual([]);
  });

  it('does not take a negated, hedged, conditional or past sentence', () => {
    for (const text of [
      "I can't promise you'll have it by Friday.",
      'Hopefully, we will ship it tomorrow.',
      "If the part arrives, we'll install it on Monday.",
      'We sent the invoice on Monday.',
      "I'll call you yesterday.",
    ]) {
      expect(find(text, 'en'), text).toEqual([]);
    }
  });

  it('takes a politely asked condition as no condition', () => {
    expect(find("I'll call you tomorrow at 10, if that's OK with you.", 'en')[0]?.dueAt).toBe(
      '2026-12-10T09:00:00.000Z',
    );
  });

  it('does not take opening hours or a range of days for a deadline', () => {
    expect(find('Біз дүйсенбіден жұмаға дейін жұмыс істейміз.', 'kk')).toEqual([]);
  });

  it('gives the end of a delivery window', () => {
    expect(find('The courier will bring it tomorrow between 2 and 4 pm.', 'en')[0]?.dueAt).toBe(
      '2026-12-10T15:00:00.000Z',
    );
  });

  it('returns nothing for empty text and refuses an invalid now', () => {
    expect(find('   ', 'en')).toEqual([]);
    expect(() =>
      extractPromises("I'll call you at 3.", { language: 'en', now: 'soon', timeZone: 'UTC' }),
    ).toThrow(RangeError);
  });
});
