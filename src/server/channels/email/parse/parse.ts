import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { htmlToText } from './html-text.ts';
import { detectAutoReply } from './loops.ts';
import { foldHtmlQuote, foldTextQuote } from './quote.ts';
import { sanitizeHtmlDetailed, type SanitizeResult } from './sanitize.ts';
import type { EmailAddress, ParsedAttachment, ParsedEmail } from './types.ts';

/**
 * Parses a raw RFC 5322 message into what the email channel stores. Never throws on malformed
 * input: when mailparser gives up, the best-effort fallback still yields headers and text.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const headers = readRawHeaders(raw);
  const mail = await parseMime(withGuessedBoundary(raw, headers));

  const rawMessageId = firstId(headerValue(headers, 'message-id')) ?? firstId(mail?.messageId);
  const messageId = rawMessageId ?? synthesiseMessageId(raw);
  const from = mail ? (addresses(mail.from)[0] ?? null) : fallbackFrom(headers);

  const rawHtml = mail && typeof mail.html === 'string' && mail.html.trim() ? mail.html : null;
  // Sanitised at once: only the HTML that is stored (without its quoted history). The whole
  // HTML (and whether it has remote images) is sanitised when first read, the quoted part
  // only for the text of a message without a text part: sanitising is most of the CPU an
  // HTML email costs, and a reply's history is often longer than the reply.
  let full: SanitizeResult | undefined;
  const sanitisedFull = () => (full ??= sanitizeHtmlDetailed(rawHtml!));
  const folded = rawHtml === null ? null : foldHtmlQuote(rawHtml);
  const htmlWithoutQuote =
    folded === null
      ? null
      : folded.quotedHtml === null
        ? sanitisedFull().html
        : sanitizeHtmlDetailed(folded.html).html;

  let text: string;
  let textWithoutQuote: string;
  let quotedText: string | null;
  const partText = mail?.text?.replace(/\r\n/g, '\n');
  if (partText && partText.trim()) {
    text = partText.trim();
    const folded = foldTextQuote(text);
    textWithoutQuote = folded.body;
    quotedText = folded.quoted;
  } else if (folded !== null) {
    text = htmlToText(sanitisedFull().html);
    const quotedHtml =
      folded.quotedHtml === null ? null : sanitizeHtmlDetailed(folded.quotedHtml).html;
    textWithoutQuote = folded.quotedHtml === null ? text : htmlToText(htmlWithoutQuote!);
    quotedText = quotedHtml ? htmlToText(quotedHtml) || null : null;
    if (!textWithoutQuote.trim()) textWithoutQuote = text;
  } else if (mail) {
    text = '';
    textWithoutQuote = '';
    quotedText = null;
  } else {
    text = fallbackBody(raw);
    const folded = foldTextQuote(text);
    textWithoutQuote = folded.body;
    quotedText = folded.quoted;
  }

  const date = mail?.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const subject = (mail?.subject ?? headerValue(headers, 'subject') ?? '')
    .replace(/\s+/g, ' ')
    .trim();

  return {
    messageId,
    messageIdSynthesised: rawMessageId === null,
    inReplyTo: firstId(headerValue(headers, 'in-reply-to')) ?? firstId(mail?.inReplyTo),
    references: allIds(headers.get('references')?.join(' ') ?? referencesOf(mail)),
    subject,
    from,
    to: mail ? addresses(mail.to) : [],
    cc: mail ? addresses(mail.cc) : [],
    replyTo: mail ? addresses(mail.replyTo) : [],
    date: date && headerValue(headers, 'date') ? date : null,
    text,
    textWithoutQuote,
    quotedText,
    get html() {
      return rawHtml === null ? null : sanitisedFull().html;
    },
    htmlWithoutQuote,
    get hasRemoteImages() {
      return rawHtml !== null && sanitisedFull().hasRemoteImages;
    },
    attachments: mail ? attachmentsOf(mail) : [],
    autoReply: detectAutoReply({ headers, fromAddress: from?.address ?? null }),
    headers,
  };
}

async function parseMime(raw: Buffer): Promise<ParsedMail | null> {
  try {
    return await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
    });
  } catch {
    return null;
  }
}

/**
 * A multipart message whose Content-Type lost its boundary parameter: the first "--token"
 * line of the body is taken as the boundary (mailparser would otherwise find no parts).
 */
function withGuessedBoundary(raw: Buffer, headers: Map<string, string[]>): Buffer {
  const contentType = headerValue(headers, 'content-type') ?? '';
  if (!/^\s*multipart\//i.test(contentType) || /\bboundary\s*=/i.test(contentType)) return raw;
  const end = headerEnd(raw);
  const body = raw.subarray(end).toString('latin1');
  const m = /^--([0-9A-Za-z'()+_,./:=?-]{1,70})[ \t]*\r?$/m.exec(body);
  if (!m) return raw;
  const head = raw
    .subarray(0, end)
    .toString('latin1')
    .replace(/^(content-type[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im, `$1; boundary="${m[1]}"`);
  return Buffer.concat([Buffer.from(head, 'latin1'), raw.subarray(end)]);
}

function synthesiseMessageId(raw: Buffer): string {
  return `${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@synthesised.rapport.invalid`;
}

function firstId(value: string | undefined | null): string | null {
  return allIds(value ?? '')[0] ?? null;
}

// Message-IDs from a header: "<a@b> <c@d>", tolerating missing brackets and comments.
function allIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length > 0) return [...new Set(bracketed)];
  return value
    .replace(/\([^()]*\)/g, ' ')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.includes('@'));
}

function referencesOf(mail: ParsedMail | null): string {
  const refs = mail?.references;
  if (!refs) return '';
  return Array.isArray(refs) ? refs.join(' ') : refs;
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!value) return [];
  const out: EmailAddress[] = [];
  const push = (entries: { address?: string; name?: string; group?: unknown[] }[]) => {
    for (const entry of entries) {
      if (entry.group) push(entry.group as typeof entries);
      else if (entry.address) {
        out.push({ address: entry.address.trim(), name: (entry.name ?? '').trim() });
      }
    }
  };
  for (const obj of Array.isArray(value) ? value : [value]) push(obj.value);
  return out;
}

function attachmentsOf(mail: ParsedMail): ParsedAttachment[] {
  return mail.attachments.map((a, i) => {
    const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
    const contentId = a.contentId ? a.contentId.replace(/^<|>$/g, '').trim() || null : null;
    const inline = a.contentDisposition === 'inline' ? contentId !== null || a.related : a.related;
    return {
      filename: safeFilename(a.filename, i, contentType),
      contentType,
      size: a.size ?? a.content.length,
      content: a.content,
      contentId,
      inline: Boolean(inline),
    };
  });
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'text/rfc822-headers': 'txt',
  'text/calendar': 'ics',
};

// No path parts or control characters; a readable name when the message gave none.
function safeFilename(name: string | undefined, index: number, contentType: string): string {
  const cleaned = (name ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim()
    .slice(0, 200);
  if (cleaned && cleaned !== '.' && cleaned !== '..') return cleaned;
  return `attachment-${index + 1}.${EXTENSIONS[contentType] ?? 'bin'}`;
}

/** Raw header lines → lower-cased name → unfolded values (RFC 2047 left encoded). */
function readRawHeaders(raw: Buffer): Map<string, string[]> {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end).toString('latin1');
  const map = new Map<string, string[]>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([!-9;-~]+)\s*:\s?(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    const list = map.get(name) ?? [];
    list.push(Buffer.from(m[2]!, 'latin1').toString('utf8').trim());
    map.set(name, list);
  }
  return map;
}

function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const candidates = [crlf, lf].filter((i) => i >= 0);
  return candidates.length > 0 ? Math.min(...candidates) : raw.length;
}

function headerValue(headers: Map<string, string[]>, name: string): string | null {
  return headers.get(name)?.[0] ?? null;
}

function fallbackFrom(headers: Map<string, string[]>): EmailAddress | null {
  const value = headerValue(headers, 'from');
  if (!value) return null;
  const m = /^(.*?)<([^<>]+)>/.exec(value);
  if (m) return { address: m[2]!.trim(), name: m[1]!.replace(/"/g, '').trim() };
  return value.includes('@') ? { address: value.trim(), name: '' } : null;
}

function fallbackBody(raw: Buffer): string {
  const body = raw.subarray(Math.min(raw.length, headerEnd(raw) + 2));
  const utf8 = body.toString('utf8');
  return (utf8.includes('\ufffd') ? body.toString('latin1') : utf8).trim();
}
