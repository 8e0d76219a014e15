// Every email of the committed corpus (test/fixtures/email) is parsed and checked
// against its expectations (expectations.json, one entry per file): charsets,
// transfer encodings, RFC 2047, attachments, malformed MIME, hostile HTML,
// quote folding and loop signals.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';
import { parseEmail, type ParsedEmail } from './index.ts';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../test/fixtures/email',
);

interface Expectation {
  subject: string;
  from_address: string;
  from_name?: string;
  message_id?: string;
  message_id_synthesised?: boolean;
  in_reply_to?: string;
  references?: string[];
  cc?: string[];
  text_contains?: string[];
  text_without_quote_excludes?: string[];
  quoted_contains?: string[];
  html_contains?: string[];
  html_must_not_contain?: string[];
  html_without_quote_excludes?: string[];
  has_remote_images?: boolean;
  auto_reply?: string | null;
  attachments?: { filename: string; contentType: string; inline?: boolean; contentId?: string }[];
}

const expectations = JSON.parse(
  fs.readFileSync(path.join(DIR, 'expectations.json'), 'utf8'),
) as Record<string, Expectation>;
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();

// Whatever a hostile message tries, none of this may survive sanitising (any fixture).
const NEVER_IN_HTML = [
  /<script/i,
  /<iframe/i,
  /<object/i,
  /<embed/i,
  /<form/i,
  /<input/i,
  /<meta/i,
  /<base/i,
  /<link/i,
  /<style/i,
  /<svg/i,
  /javascript:/i,
  /vbscript:/i,
  /\bdata:/i,
  /expression\s*\(/i,
  /url\s*\(/i,
  /\ssrc="(?:https?:)?\/\//i,
];

describe('the email corpus', () => {
  it('has at least 40 emails, each with expectations, and no expectation without a file', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  describe.each(files)('%s', (file) => {
    const want = expectations[file]!;
    let email: ParsedEmail;
    beforeAll(async () => {
      email = await parseEmail(fs.readFileSync(path.join(DIR, file)));
    });

    it('has the subject, sender and ids', () => {
      expect(email.subject).toBe(want.subject);
      expect(email.from?.address).toBe(want.from_address);
      if (want.from_name !== undefined) expect(email.from?.name).toBe(want.from_name);
      expect(email.messageId).toBeTruthy();
      expect(email.messageIdSynthesised).toBe(want.message_id_synthesised ?? false);
      if (want.message_id !== undefined) expect(email.messageId).toBe(want.message_id);
      if (want.in_reply_to !== undefined) expect(email.inReplyTo).toBe(want.in_reply_to);
      if (want.references !== undefined) expect(email.references).toEqual(want.references);
      if (want.cc !== undefined) expect(email.cc.map((a) => a.address)).toEqual(want.cc);
    });

    it('decodes the text and folds the quoted history', () => {
      expect(email.text).not.toContain('\ufffd');
      for (const s of want.text_contains ?? []) expect(email.text).toContain(s);
      for (const s of want.text_without_quote_excludes ?? []) {
        expect(email.textWithoutQuote).not.toContain(s);
      }
      for (const s of want.quoted_contains ?? []) expect(email.quotedText ?? '').toContain(s);
      // Folding hides the history, never what the sender wrote.
      const history = [
        ...(want.text_without_quote_excludes ?? []),
        ...(want.quoted_contains ?? []),
      ];
      for (const s of want.text_contains ?? []) {
        if (!history.includes(s)) expect(email.textWithoutQuote).toContain(s);
      }
    });

    it('keeps nothing hostile in the sanitised HTML', () => {
      for (const html of [email.html, email.htmlWithoutQuote]) {
        if (html === null) continue;
        for (const bad of NEVER_IN_HTML) expect(html).not.toMatch(bad);
        expect(unsafeParts(html)).toEqual([]);
        for (const s of want.html_must_not_contain ?? []) expect(html).not.toContain(s);
      }
      for (const s of want.html_contains ?? []) expect(email.html ?? '').toContain(s);
      for (const s of want.html_without_quote_excludes ?? []) {
        expect(email.htmlWithoutQuote ?? '').not.toContain(s);
      }
      if (want.has_remote_images !== undefined) {
        expect(email.hasRemoteImages).toBe(want.has_remote_images);
      }
    });

    it('lists the attachments and recognises automatic mail', () => {
      if (want.attachments !== undefined) {
        expect(email.attachments).toEqual(want.attachments.map((w) => expect.objectContaining(w)));
        for (const a of email.attachments) expect(a.size).toBe(a.content.length);
      }
      if (want.auto_reply !== undefined) {
        expect(email.autoReply?.kind ?? null).toBe(want.auto_reply);
      }
    });
  });
});

// What a browser would run or fetch from the sanitised HTML, read as a browser reads it
// (text that merely looks like markup, e.g. "&lt;img onerror=…&gt;", is harmless).
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'script' || node.type === 'style') found.push(`<${node.name}>`);
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      for (const [name, value] of Object.entries(node.attribs)) {
        if (/^on/i.test(name) || name === 'srcdoc' || name === 'formaction') found.push(name);
        if (['href', 'src', 'cite', 'action', 'background', 'poster'].includes(name)) {
          if (!/^(?:https?:|mailto:|tel:|cid:)/i.test(value.trim())) found.push(`${name}=${value}`);
          if (name === 'src' && !/^cid:/i.test(value)) found.push(`remote ${name}=${value}`);
        }
        if (name === 'style' && /url\(|expression|behavior|binding|@import|\\/i.test(value)) {
          found.push(`style=${value}`);
        }
      }
      visit(node.children);
    }
  };
  visit(parseDocument(html).children);
  return found;
}
