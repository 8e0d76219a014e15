// What a reply needs from the email it answers: its Message-ID, its
// References, who sent it and the loop signals. Only the header block of the
// raw message is parsed (a reply to a 20 MB email does not parse 20 MB).
import { simpleParser, type AddressObject } from 'mailparser';
import { detectAutoReply } from '../parse/index.ts';

export interface ParentEmail {
  messageId: string | null;
  references: string[];
  from: string | null;
  /** Why it must not be answered automatically (auto-reply, bounce, list), or null. */
  autoReply: string | null;
}

const stripBrackets = (id: string) => id.trim().replace(/^<|>$/g, '');

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) {
    for (const v of o.value) if (v.address) return v.address.toLowerCase();
  }
  return null;
}

/**
 * A stored raw message as a Buffer: PostgreSQL (pg) returns bytea as a
 * Buffer, PGlite as a plain Uint8Array, whose indexOf does not search text.
 */
export function asBuffer(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The header block of a raw message (everything before the first blank line). */
export function headerBlock(rawBytes: Uint8Array): Buffer {
  const raw = asBuffer(rawBytes);
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((n) => n >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}

/** Reads the threading headers and loop signals of a raw email. */
export async function readParentEmail(raw: Uint8Array): Promise<ParentEmail> {
  const head = headerBlock(raw);
  const parsed = await simpleParser(Buffer.concat([head, Buffer.from('\r\n')]), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const refs = parsed.references;
  const references = (Array.isArray(refs) ? refs : refs ? refs.split(/\s+/) : [])
    .map(stripBrackets)
    .filter(Boolean);
  const headers = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const name = line.key.toLowerCase();
    const value = line.line.slice(line.line.indexOf(':') + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const from = firstAddress(parsed.from);
  const signal = detectAutoReply({ headers, fromAddress: from });
  return {
    messageId: parsed.messageId ? stripBrackets(parsed.messageId) : null,
    references,
    from,
    autoReply: signal ? `${signal.kind}: ${signal.reason}` : null,
  };
}
