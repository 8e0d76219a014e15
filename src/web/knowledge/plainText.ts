/**
 * An article's sanitised HTML as the plain text of a reply: paragraphs and
 * headings separated by blank lines, list items on their own lines with "-"
 * or their number, a link's address after its words (a plain-text reader
 * cannot click the words), an image's description, table cells joined by "|".
 * The HTML is the server's rendering of the Markdown, so every Markdown
 * construct is already resolved; DOMParser builds an inert document (no
 * scripts run, no images load).
 */
export function articleHtmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out = renderChildren(doc.body, 0);
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'TABLE', 'HR']);

function renderChildren(node: Node, depth: number): string {
  let out = '';
  node.childNodes.forEach((child) => (out += render(child, depth)));
  return out;
}

function render(node: Node, depth: number): string {
  if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  const tag = el.tagName;
  if (tag === 'BR') return '\n';
  if (tag === 'HR') return '\n\n---\n\n';
  if (tag === 'IMG') return el.getAttribute('alt') ?? '';
  if (tag === 'PRE') return `\n\n${(el.textContent ?? '').replace(/\n$/, '')}\n\n`;
  if (tag === 'A') {
    const words = renderChildren(el, depth).trim();
    const href = el.getAttribute('href') ?? '';
    const address = href.replace(/^(mailto|tel):/i, '');
    if (!href || words === href || words === address) return words || address;
    return `${words} (${address})`;
  }
  if (tag === 'UL' || tag === 'OL') {
    const start = Number(el.getAttribute('start') ?? '1') || 1;
    let n = 0;
    let items = '';
    el.childNodes.forEach((child) => {
      if (child.nodeType !== Node.ELEMENT_NODE || (child as Element).tagName !== 'LI') return;
      const marker = tag === 'OL' ? `${start + n}. ` : '- ';
      n++;
      const body = renderChildren(child, depth + 1)
        .replace(/\n{2,}/g, '\n')
        .trim();
      items += `\n${'  '.repeat(depth)}${marker}${body}`;
    });
    return depth === 0 ? `\n\n${items}\n\n` : items;
  }
  if (tag === 'TR') {
    const cells = Array.from(el.children).map((cell) => renderChildren(cell, depth).trim());
    return `\n${cells.join(' | ')}`;
  }
  const inner = renderChildren(el, depth);
  return BLOCKS.has(tag) ? `\n\n${inner.trim()}\n\n` : inner;
}
