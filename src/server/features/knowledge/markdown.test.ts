import { describe, expect, it } from 'vitest';
import { excerpt, renderArticleBody, sanitizeArticleHtml } from './markdown.ts';

describe('renderArticleBody', () => {
  it('renders the Markdown an editor writes: headings from h2, lists, tables, links', () => {
    const { html, text } = renderArticleBody(
      [
        '# Delivery',
        '',
        'We deliver in **2–3 working days**; see [our terms](https://shop.example/terms).',
        '',
        '- Courier',
        '- Pick-up point',
        '',
        '| Zone | Days |',
        '| :--- | ---: |',
        '| City | 1 |',
        '',
        'Call [+36 1 234 5678](tel:+3612345678) or write to <help@shop.example>.',
      ].join('\n'),
    );
    expect(html).toContain('<h2>Delivery</h2>');
    expect(html).not.toContain('<h1');
    expect(html).toContain('<strong>2–3 working days</strong>');
    expect(html).toContain(
      '<a href="https://shop.example/terms" rel="noopener noreferrer">our terms</a>',
    );
    expect(html).toContain('<li>Courier</li>');
    expect(html).toContain('<td style="text-align:right">1</td>');
    expect(html).toContain('<a href="tel:+3612345678">');
    expect(html).toContain('<a href="mailto:help@shop.example">help@shop.example</a>');
    expect(text).toBe(
      [
        'Delivery',
        'We deliver in 2–3 working days; see our terms.',
        'Courier',
        'Pick-up point',
        'Zone',
        'Days',
        'City',
        '1',
        'Call +36 1 234 5678 or write to help@shop.example.',
      ].join('\n\n'),
    );
  });

  it('never lets a script, an event handler or a javascript: link out', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](jav&#x61;script:alert(1))',
      '[click](  javascript:alert(1) )',
      '<javascript:alert(1)>',
      '[ref]\n\n[ref]: javascript:alert(1)',
      '![pic](javascript:alert(1))',
      '![pic](data:image/png;base64,iVBORw0KGgo=)',
      '[x](vbscript:msgbox(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<a href="javascript:alert(1)">raw</a>',
      '<iframe src="https://evil.example"></iframe>',
    ];
    for (const attack of attacks) {
      const { html } = renderArticleBody(attack);
      expect(html, attack).not.toMatch(/<script|<iframe|<[a-z][^>]*\son\w+=/i);
      expect(html, attack).not.toMatch(
        /<[a-z][^>]*(href|src)\s*=\s*"?\s*(javascript|vbscript|data):/i,
      );
      expect(html, attack).not.toMatch(/<img/i);
    }
    // Raw HTML is shown as text, escaped.
    expect(renderArticleBody('<b>x</b>').html).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>\n');
  });

  it('the sanitiser alone also refuses what markdown-it would never produce', () => {
    const html = sanitizeArticleHtml(
      '<h1 onclick="x()">T</h1><a href="javascript:alert(1)">a</a><a href="//evil.example">b</a>' +
        '<img src="data:image/png;base64,AAAA"><p style="position:fixed">p</p><svg><script>1</script></svg>' +
        '<td style="text-align:center;background:url(x)">c</td><a href="/faq/en/returns" rel="opener">d</a>',
    );
    expect(html).toBe(
      '<h2>T</h2><a>a</a><a>b</a><p>p</p><td style="text-align:center">c</td><a href="/faq/en/returns">d</a>',
    );
  });
});

describe('excerpt', () => {
  it('cuts at a word boundary and marks the cut', () => {
    expect(excerpt('Short text.')).toBe('Short text.');
    expect(excerpt('one two three four five six', 14)).toBe('one two three…');
    expect(excerpt('Доставка по городу занимает один день, по стране — до трёх дней.', 30)).toBe(
      'Доставка по городу занимает…',
    );
  });
});
