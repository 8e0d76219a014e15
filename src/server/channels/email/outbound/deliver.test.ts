import { describe, expect, it } from 'vitest';
import { referencesChain, replySubject } from './deliver.ts';
import { withSignature } from './send.ts';
import { asBuffer, headerBlock } from './threading.ts';

describe('the headers of a reply', () => {
  it('keeps one "Re:" and one [#number] however often the subject went back and forth', () => {
    expect(replySubject('Broken kettle', 42)).toBe('Re: Broken kettle [#42]');
    expect(replySubject('Re: Broken kettle [#42]', 42)).toBe('Re: Broken kettle [#42]');
    expect(replySubject('RE: Broken kettle', 42)).toBe('RE: Broken kettle [#42]');
    expect(replySubject('  ', 7)).toBe('Re: [#7]');
  });

  it('keeps the first and the latest ids of a long References chain, without repeats', () => {
    expect(referencesChain(['a', 'b', 'a', '', 'c'])).toEqual(['a', 'b', 'c']);
    const ids = Array.from({ length: 30 }, (_, i) => `id${i}`);
    const chain = referencesChain(ids);
    expect(chain).toHaveLength(20);
    expect(chain[0]).toBe('id0');
    expect(chain.slice(1)).toEqual(ids.slice(11));
  });

  it('puts the signature after the "-- " line, and nothing when there is none', () => {
    expect(withSignature('Hello\n\n', 'Acme\nhelp')).toBe('Hello\n\n-- \nAcme\nhelp\n');
    expect(withSignature('Hello', '   ')).toBe('Hello');
  });

  it('reads the header block of a stored message, as PGlite or pg returns it', () => {
    const raw = 'Subject: Hi\r\nMessage-ID: <a@b>\r\n\r\nBody\r\n\r\nMore';
    const fromPglite = new Uint8Array(Buffer.from(raw));
    expect(Buffer.isBuffer(asBuffer(fromPglite))).toBe(true);
    expect(headerBlock(fromPglite).toString()).toBe('Subject: Hi\r\nMessage-ID: <a@b>\r\n\r\n');
    expect(headerBlock(Buffer.from('Subject: Hi\n\nBody')).toString()).toBe('Subject: Hi\n\n');
  });
});
