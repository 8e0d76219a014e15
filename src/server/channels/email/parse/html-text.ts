import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';

// prettier-ignore
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'li',
  'caption', 'body', 'html',
]);
const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg', 'math']);

/** Converts (sanitised) HTML to readable plain text: blocks on their own lines, links kept. */
export function htmlToText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true });
  const out: string[] = [];
  walk(doc.children, out, false);
  return out
    .join('')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(nodes: ChildNode[], out: string[], inPre: boolean): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(inPre ? node.data : node.data.replace(/\s+/g, ' '));
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const name = node.name.toLowerCase();
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      out.push('\n');
      continue;
    }
    if (name === 'img') {
      const alt = node.attribs.alt?.trim();
      if (alt) out.push(`[${alt}]`);
      continue;
    }
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    if (name === 'li') out.push('- ');
    if (name === 'td' || name === 'th') out.push(' ');
    if (name === 'blockquote') {
      const inner: string[] = [];
      walk(node.children, inner, inPre);
      const text = inner.join('').trim();
      out.push(
        text
          .split('\n')
          .map((line) => (line.trim() ? `> ${line}` : '>'))
          .join('\n'),
      );
      out.push('\n');
      continue;
    }
    walk(node.children, out, inPre || name === 'pre');
    if (name === 'a') {
      const href = node.attribs.href ?? '';
      const label = textOf(node.children).trim();
      if (/^https?:/i.test(href) && label && label !== href && !label.includes(href)) {
        out.push(` <${href}>`);
      }
    }
    if (block) out.push('\n');
  }
}

function textOf(nodes: ChildNode[]): string {
  const out: string[] = [];
  walk(nodes, out, false);
  return out.join('');
}
