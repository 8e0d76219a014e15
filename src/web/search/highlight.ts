// Search snippets come from the server as HTML: the text escaped, the matched
// words in <mark>…</mark> (GET /search). They are never inserted as HTML: this
// splits them into plain strings, which React renders as text.

export interface SnippetPart {
  text: string;
  isMatch: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The text of escaped HTML: the five entities the server writes back to characters, in one pass. */
function unescape(html: string): string {
  return html.replace(/<\/?mark>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}

/**
 * A snippet as runs of text, each a match or not. Anything but the <mark>
 * pairs is text (a stray tag is dropped), so no markup of a message or
 * article can reach the page.
 */
export function parseSnippet(html: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const add = (raw: string, isMatch: boolean) => {
    const text = unescape(raw);
    if (!text) return;
    const previous = parts.at(-1);
    if (previous && previous.isMatch === isMatch) previous.text += text;
    else parts.push({ text, isMatch });
  };
  let last = 0;
  for (const m of html.matchAll(/<mark>([\s\S]*?)<\/mark>/g)) {
    add(html.slice(last, m.index), false);
    add(m[1]!, true);
    last = m.index + m[0].length;
  }
  add(html.slice(last), false);
  return parts;
}

/** A snippet's text without its marks. */
export function snippetText(html: string): string {
  return unescape(html);
}
