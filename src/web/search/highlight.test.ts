import { describe, expect, it } from 'vitest';
import { parseSnippet, snippetText } from './highlight.ts';

describe('a search snippet', () => {
  it('splits into text and the matches the server marked', () => {
    expect(parseSnippet('várható a <mark>szállítás</mark> ideje')).toEqual([
      { text: 'várható a ', isMatch: false },
      { text: 'szállítás', isMatch: true },
      { text: ' ideje', isMatch: false },
    ]);
    expect(parseSnippet('<mark>Возврат</mark> повреждённого <mark>горшка</mark>')).toEqual([
      { text: 'Возврат', isMatch: true },
      { text: ' повреждённого ', isMatch: false },
      { text: 'горшка', isMatch: true },
    ]);
  });

  it('turns escaped characters back into text, once', () => {
    expect(parseSnippet('a &lt;b&gt; &amp;amp; &quot;c&quot; d&#39;e')).toEqual([
      { text: 'a <b> &amp; "c" d\'e', isMatch: false },
    ]);
  });

  it('keeps markup written in a message as text, never as elements', () => {
    const html = '&lt;img src=x onerror=alert(1)&gt; <mark>&lt;script&gt;</mark>';
    expect(parseSnippet(html)).toEqual([
      { text: '<img src=x onerror=alert(1)> ', isMatch: false },
      { text: '<script>', isMatch: true },
    ]);
  });

  it('drops a mark left open and joins what it split', () => {
    expect(parseSnippet('one <mark>two')).toEqual([{ text: 'one two', isMatch: false }]);
    expect(parseSnippet('<mark></mark>')).toEqual([]);
  });

  it('reads as plain text without its marks', () => {
    expect(snippetText('<mark>olga</mark>.smirnova@example.ru')).toBe('olga.smirnova@example.ru');
  });
});
