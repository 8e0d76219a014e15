import MarkdownIt, { type Token } from 'markdown-it';
import sanitize from 'sanitize-html';

/**
 * Article bodies are written in Markdown and rendered here, on the server, at
 * every save. Two locks: markdown-it with `html: false` shows raw HTML as text
 * and refuses javascript:/vbscript:/file: links; then sanitize-html keeps only
 * the allow-list below, so a bug in either one alone lets nothing through.
 */
const markdown = new MarkdownIt('default', { html: false, linkify: true, typographer: false });

// prettier-ignore
const ALLOWED_TAGS = [
  'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'strong', 'em', 's', 'del', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedClasses: { code: ['language-*'] },
  // Table cells may be aligned, nothing else.
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  transformTags: {
    // The page title is the article's h1; headings in the body start at h2.
    h1: 'h2',
    a: (tagName, attribs) => {
      const next: sanitize.Attributes = { ...attribs };
      // Links to other sites must not reach back into the FAQ page (window.opener).
      if (/^https?:/i.test(next.href ?? '')) next.rel = 'noopener noreferrer';
      else delete next.rel;
      return { tagName, attribs: next };
    },
  },
  // An image whose source was refused (data:, javascript:) is dropped entirely.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Sanitises article HTML with the knowledge base's allow-list. */
export function sanitizeArticleHtml(html: string): string {
  return sanitize(html, SANITIZE_OPTIONS);
}

export interface RenderedBody {
  /** Safe HTML for the FAQ, the portal and the agent app. */
  html: string;
  /** The words a reader sees, blocks separated by blank lines: search and snippets. */
  text: string;
}

/** Renders an article body from Markdown to sanitised HTML and plain text. */
export function renderArticleBody(source: string): RenderedBody {
  const tokens = markdown.parse(source, {});
  const html = sanitizeArticleHtml(markdown.renderer.render(tokens, markdown.options, {}));
  return { html, text: plainText(tokens) };
}

function inlineText(children: Token[] | null): string {
  let out = '';
  for (const t of children ?? []) {
    if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline')
      out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += inlineText(t.children);
  }
  return out;
}

function plainText(tokens: Token[]): string {
  const blocks: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline') blocks.push(inlineText(t.children));
    else if (t.type === 'fence' || t.type === 'code_block') blocks.push(t.content.trimEnd());
  }
  return blocks
    .map((b) => b.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** The first words of a text, cut at a word boundary, for a meta description or an excerpt. */
export function excerpt(text: string, maxChars = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
