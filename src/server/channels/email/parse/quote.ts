import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import type { AnyNode, Element } from 'domhandler';
import { textContent } from 'domutils';

// "On … wrote:" and its equivalents (en, es, hu, ro, ru, kk, de, fr).
const WROTE_HEADER =
  /(?:^|\s)(?:wrote|schrieb|escribió|ezt írta(?:\s*\(.{1,80}\))?|írta|a scris|a écrit|написал(?:\(а\)|а)?|жазды)\s*:\s*$/iu;
// Gmail ru/kk: "пн, 1 дек. 2026 г. в 10:00, Иван <ivan@example.ru>:" (no verb, a year and an address).
const DATED_ADDRESS_HEADER = /\d{4}.{0,120}<[^<>\s]+@[^<>\s]+>\s*:\s*$/u;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|mensaje original|eredeti üzenet|mesaj original|mesajul original|исходное сообщение|бастапқы хабар|message d'origine)\s*-{2,}\s*$/iu;
const FROM_LABEL = /^\s*\*?(?:from|von|de|de la|feladó|от|кімнен|kimden)\s*:\*?\s+\S/iu;
const SENT_LABEL =
  /^\s*\*?(?:sent|date|gesendet|datum|enviado|fecha|elküldve|dátum|trimis|data|отправлено|дата|жіберілді|күні)\s*:\*?\s/iu;
const SIGNATURE = /^-- ?$/;
const QUOTED_LINE = /^\s*>/;

export interface FoldedText {
  body: string;
  quoted: string | null;
}

/** Splits plain text into what the sender wrote and the folded history/signature below it. */
export function foldTextQuote(text: string): FoldedText {
  const lines = text.split(/\r?\n/);
  const cut = findTextCut(lines);
  if (cut === null) return { body: text, quoted: null };
  const body = lines.slice(0, cut).join('\n').trimEnd();
  if (!body.trim()) return { body: text, quoted: null };
  return { body, quoted: lines.slice(cut).join('\n').trim() || null };
}

function findTextCut(lines: string[]): number | null {
  const candidates: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (ORIGINAL_MESSAGE.test(line) || SIGNATURE.test(line)) {
      candidates.push(i);
      break;
    }
    if (FROM_LABEL.test(line) && lines.slice(i + 1, i + 5).some((l) => SENT_LABEL.test(l))) {
      const prev = lines[i - 1]?.trim() ?? '';
      candidates.push(/^_{5,}$/.test(prev) ? i - 1 : i);
      break;
    }
    const header = wroteHeaderStart(lines, i);
    if (header !== null && onlyQuotesFollow(lines, i + 1)) {
      candidates.push(header);
      break;
    }
  }
  // A trailing block of "> " lines (with the header line above it, if any).
  let start = lines.length;
  let sawQuote = false;
  while (start > 0 && (QUOTED_LINE.test(lines[start - 1]!) || !lines[start - 1]!.trim())) {
    if (QUOTED_LINE.test(lines[start - 1]!)) sawQuote = true;
    start--;
  }
  if (sawQuote) {
    const header = start >= 1 ? wroteHeaderStart(lines, start - 1) : null;
    candidates.push(header ?? start);
  }
  const cut = candidates.length > 0 ? Math.min(...candidates) : null;
  return cut !== null && cut > 0 ? cut : null;
}

/**
 * Where the "… wrote:" header that ends on line i starts: line i itself, or the line above
 * when the client wrapped it ("On Mon, … <a@b>" / "wrote:"); null when line i ends none.
 */
function wroteHeaderStart(lines: string[], i: number): number | null {
  const line = lines[i]!;
  const prev = i >= 1 ? lines[i - 1]! : '';
  const joined = `${prev.trim()} ${line.trim()}`;
  const wrappedBefore = prev.trim() !== '' && !isWroteHeader(prev) && isWroteHeader(joined);
  if (isWroteHeader(line)) {
    // A bare verb ("wrote:", "a scris:") is the tail of a header wrapped above it.
    const bareVerb = line.trim().length <= 24;
    return bareVerb && wrappedBefore ? i - 1 : i;
  }
  return wrappedBefore ? i - 1 : null;
}

function isWroteHeader(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 300 || QUOTED_LINE.test(trimmed)) return false;
  return WROTE_HEADER.test(trimmed) || DATED_ADDRESS_HEADER.test(trimmed);
}

// After a "wrote:" header either every non-empty line is quoted, or none is (clients that
// quote without ">"); interleaved answers below quotes are kept visible.
function onlyQuotesFollow(lines: string[], from: number): boolean {
  const rest = lines.slice(from).filter((l) => l.trim());
  const quoted = rest.filter((l) => QUOTED_LINE.test(l)).length;
  return quoted === rest.length || quoted === 0;
}

export interface FoldedHtml {
  html: string;
  /** The removed history as HTML, or null when nothing was folded. */
  quotedHtml: string | null;
}

/**
 * Removes quoted history from an email's HTML: Gmail's .gmail_quote, Apple/Thunderbird
 * blockquote[type=cite], Outlook's #divRplyFwdMsg / #appendonsend and its border-top separator.
 * Works on raw HTML; callers sanitise both results.
 */
export function foldHtmlQuote(html: string): FoldedHtml {
  if (!mayHoldQuote(html)) return { html, quotedHtml: null };
  const doc = parseDocument(html, { decodeEntities: true });
  const removed: AnyNode[] = [];
  const marker = findCutMarker(doc.children);
  if (marker) {
    cutFrom(marker, removed);
  } else {
    for (const quote of findTrailingQuotes(doc.children)) {
      removed.push(quote);
      detach(quote);
    }
  }
  if (removed.length === 0) return { html, quotedHtml: null };
  const rest = render(doc, { encodeEntities: 'utf8' });
  const hasContent = textContent(doc).trim() !== '' || /<img\b/i.test(rest);
  if (!hasContent) return { html, quotedHtml: null };
  return { html: rest, quotedHtml: render(removed, { encodeEntities: 'utf8' }) };
}

// Every marker findCutMarker and findTrailingQuotes look for is one of these words in the
// HTML (a tag name, or in an id, class or style attribute), unless an attribute spells it
// with character references: HTML without the words and without references other than
// these few (none of which makes a letter, "-" or "_") holds no quote, and is not parsed.
const QUOTE_WORDS = /blockquote|gmail_quote|appendonsend|divrplyfwdmsg|moz-cite-prefix|border-top/i;
const OTHER_REFERENCE = /&(?!(?:nbsp|amp|lt|gt|quot|apos|#160|#39|#34);)/i;

function mayHoldQuote(html: string): boolean {
  return QUOTE_WORDS.test(html) || OTHER_REFERENCE.test(html);
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag';
}

function classes(el: Element): string[] {
  return (el.attribs.class ?? '').split(/\s+/);
}

function findCutMarker(nodes: AnyNode[]): Element | null {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    const id = node.attribs.id ?? '';
    const style = (node.attribs.style ?? '').toLowerCase().replace(/\s+/g, ' ');
    if (
      id === 'appendonsend' ||
      id === 'divRplyFwdMsg' ||
      classes(node).includes('moz-cite-prefix')
    ) {
      return node;
    }
    if (
      node.name === 'div' &&
      /border-top:\s*solid/.test(style) &&
      FROM_LABEL.test(textContent(node).trim())
    ) {
      return node;
    }
    const inner = findCutMarker(node.children);
    if (inner) return inner;
  }
  return null;
}

// Cut the marker and everything after it in document order; an Outlook <hr> right before a
// reply header goes too.
function cutFrom(marker: Element, removed: AnyNode[]): void {
  let node: AnyNode = marker;
  const prev = previousElement(marker);
  if (prev && prev.name === 'hr') node = prev;
  let parent = node.parent as AnyNode | null;
  let current: AnyNode | null = node;
  while (parent) {
    while (current) {
      const next: AnyNode | null = current.next as AnyNode | null;
      removed.push(current);
      detach(current);
      current = next;
    }
    if (parent.type === 'root') return;
    current = parent.next as AnyNode | null;
    parent = parent.parent as AnyNode | null;
  }
}

function previousElement(el: Element): Element | null {
  let prev = el.prev;
  while (prev && !isElement(prev)) {
    if (prev.type === 'text' && prev.data.trim()) return null;
    prev = prev.prev;
  }
  return prev && isElement(prev) ? prev : null;
}

function findTrailingQuotes(nodes: AnyNode[]): Element[] {
  const found: Element[] = [];
  const visit = (list: AnyNode[]) => {
    for (const node of list) {
      if (!isElement(node)) continue;
      const isQuote =
        (node.name === 'blockquote' && (node.attribs.type ?? '').toLowerCase() === 'cite') ||
        classes(node).some((c) => c === 'gmail_quote' || c === 'gmail_quote_container');
      if (isQuote) {
        if (nothingAfter(node)) {
          const prev = previousElement(node);
          if (prev && isWroteHeader(textContent(prev))) found.push(prev);
          found.push(node);
        }
        continue;
      }
      visit(node.children);
    }
  };
  visit(nodes);
  return found;
}

// True when no visible text follows the node in document order.
function nothingAfter(node: AnyNode): boolean {
  let current: AnyNode | null = node;
  while (current) {
    let sibling = current.next as AnyNode | null;
    while (sibling) {
      if (textContent(sibling).trim()) return false;
      sibling = sibling.next as AnyNode | null;
    }
    current = current.parent as AnyNode | null;
  }
  return true;
}

function detach(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node as never);
  if (index >= 0) parent.children.splice(index, 1);
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}
