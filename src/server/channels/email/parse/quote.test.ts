import { describe, expect, it } from 'vitest';
import { foldHtmlQuote } from './quote.ts';

// foldHtmlQuote returns HTML without any quote marker as it came, without parsing it; these
// check that the shortcut never keeps a history that the full search would fold.
describe('foldHtmlQuote', () => {
  it('returns HTML without quote markers unchanged', () => {
    const html = '<div dir="ltr"><p>Where is my kettle?&nbsp;Thanks</p><p>Ann</p></div>';
    expect(foldHtmlQuote(html)).toEqual({ html, quotedHtml: null });
  });

  it('folds a quote marked by a class or a blockquote', () => {
    const gmail =
      '<div>Any news?</div><div class="gmail_quote"><div>On Mon Support wrote:</div>' +
      '<blockquote class="gmail_quote">We are looking into it.</blockquote></div>';
    expect(foldHtmlQuote(gmail).quotedHtml).toContain('We are looking into it.');
    expect(foldHtmlQuote(gmail).html).not.toContain('looking into it');
    const apple = '<p>Yes</p><BLOCKQUOTE type="cite">Earlier text</BLOCKQUOTE>';
    expect(foldHtmlQuote(apple).quotedHtml).toContain('Earlier text');
  });

  it('folds a marker spelled with character references', () => {
    const outlook =
      '<div>Thanks</div><div id="&#97;ppendonsend"></div><div>From: Support</div><div>Old text</div>';
    expect(foldHtmlQuote(outlook).html).not.toContain('Old text');
    const gmail =
      '<div>Any news?</div><div class="gmail&lowbar;quote">On Mon Support wrote:<br>Old text</div>';
    expect(foldHtmlQuote(gmail).html).not.toContain('Old text');
  });
});
